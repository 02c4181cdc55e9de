"""The official 申报表 of an application, as DOCX or PDF, at any stage: the values as filled
in, each 意见 box with the opinions recorded for it in the latest round (several upper bureaus
share the 上级民政部门意见 box), and a 草稿 watermark until the chain is complete."""

from applications.formdata import display_values
from applications.models import Application, Status, StepState
from programmes.documents import FormDocument, Opinion, render_docx, render_pdf

COMPLETE = (Status.ENDORSED, Status.SUBMITTED)


def document_for(application: Application) -> FormDocument:
    steps = [
        s
        for s in application.steps.all()
        if s.round == application.round and s.state == StepState.RECOMMENDED
    ]
    opinions: dict[str, list[Opinion]] = {}
    for step in sorted(steps, key=lambda s: s.order):
        opinions.setdefault(step.level, []).append(
            Opinion(text=step.opinion, person=step.responsible_person, signed_on=step.signed_on)
        )
    order = list(
        application.programme.categories.order_by("order", "pk").values_list("pk", flat=True)
    )
    return FormDocument(
        version=application.form_version,
        chain=list(application.category.chain),
        annex_label=f"附件{order.index(application.category_id) + 1}",
        values=display_values(application.form_version, application.values),
        opinions=opinions,
        draft=application.status not in COMPLETE,
    )


def print_docx(application: Application) -> bytes:
    return render_docx(document_for(application))


def print_pdf(application: Application) -> bytes:
    return render_pdf(document_for(application))
