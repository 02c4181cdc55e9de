"""The applicant's pages: starting an application, the form (with autosave), submission with
the applicant's own opinion, and withdrawal."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from applications import deadlines
from applications.actions import (
    Opinion,
    Refused,
    add_attachment,
    save_draft,
    start_application,
    submit_application,
    withdraw,
)
from applications.formdata import build_form, submission_errors
from applications.forms import (
    ACTION,
    EDITED_AT,
    GENERAL,
    UPLOAD_PREFIX,
    OpinionForm,
    dress,
    qualified_labels,
    sections,
)
from applications.models import Application, Attachment, Status, StepState
from applications.permissions import can_withdraw, is_applicant_of
from applications.views.common import forbidden, load_application
from desk.flash import flash_done, flash_refused
from programmes.chain import derive_chain
from programmes.models import ApplicantCategory, ChainLevel, FieldType, FormVersion, Programme

BEIJING = ZoneInfo("Asia/Shanghai")


@require_POST
@login_required
def start(request, category_pk: int):
    category = get_object_or_404(
        ApplicantCategory.objects.select_related("programme"),
        pk=category_pk,
        programme__in=Programme.objects.published(),
    )
    user = request.user
    if not user.has_role(Role.APPLICANT) or user.organisation_id is None:
        raise PermissionDenied
    existing = list(
        Application.objects.filter(category=category, organisation_id=user.organisation_id)
    )
    if existing and len(existing) >= category.max_per_organisation:
        messages.info(request, _("本单位已有该类别的申报，已为您打开。"))
        return redirect("applications:detail", pk=existing[0].pk)
    try:
        application = start_application(category, by=user)
    except ValidationError as e:
        flash_refused(request, e)
        return redirect("applications:list")
    flash_done(request, _("已新建申报“%(t)s”，请填写申报表") % {"t": category.name})
    return redirect("applications:edit", pk=application.pk)


def _not_applicant(request, application: Application):
    return forbidden(
        request, application, _("只有申报主体本单位的申报人可以填写、提交或撤回申报。")
    )


def _own_draft(request, pk: int, locked: str) -> tuple[Application, HttpResponse | None]:
    """The application, and the answer when the user may not work on it: 403 to anyone but
    its applicant, and ``locked`` on its page once it is submitted."""
    application = load_application(request, pk)
    if not is_applicant_of(request.user, application):
        return application, _not_applicant(request, application)
    if not application.is_editable:
        messages.info(request, locked)
        return application, redirect("applications:detail", pk=application.pk)
    return application, None


def _typed_values(data, version: FormVersion) -> dict[str, str]:
    """What the form posted for the version's fields (file fields are uploads, not values),
    with the line breaks a browser's form post sends (CRLF) as the script sends them (LF), so
    that the same text saved either way compares equal."""
    return {
        f.key: data.get(f.key, "").replace("\r\n", "\n").replace("\r", "\n")
        for f in version.fields.all()
        if f.field_type != FieldType.FILE and f.key in data
    }


def _client_time(raw: str | None) -> datetime | None:
    """When the last keystroke happened, as the browser tells it (never in the future)."""
    if not raw:
        return None
    try:
        at = parse_datetime(raw.strip())
    except ValueError:
        return None
    if at is None:
        return None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return min(at, timezone.now())


def _clock(at: datetime) -> str:
    return f"{timezone.localtime(at, BEIJING):%H:%M}"


def _edit_context(application: Application, form, **extra) -> dict:
    version = application.form_version
    required = dress(form, version)
    by_key: dict[str, list[Attachment]] = {}
    for item in application.attachments.filter(is_paper_scan=False).order_by("uploaded_at"):
        by_key.setdefault(item.field_key or GENERAL, []).append(item)
    upload_errors = extra.pop("upload_errors", {})
    parts = sections(form, version)
    labels = qualified_labels(version)
    for part in parts:
        for bf in part.fields:
            bf.summary_label = labels.get(bf.name, bf.label)
        part.attachments = [a for key in part.file_keys for a in by_key.get(key, [])]
        part.upload_errors = [m for key in part.file_keys for m in upload_errors.get(key, [])]
        part.has_errors = bool(part.upload_errors) or any(bf.errors for bf in part.fields)
    try:
        chain = derive_chain(application.category, application.organisation)
        opinion_labels = [version.opinion_label(step.level) for step in chain]
    except ValidationError:
        opinion_labels = [version.opinion_label(level) for level in application.category.chain]
    return {
        "application": application,
        "programme": application.programme,
        "version": version,
        "form": form,
        "sections": parts,
        "required_keys": required,
        "general_attachments": by_key.get(GENERAL, []),
        "general_errors": upload_errors.get(GENERAL, []),
        "upload_error_count": sum(len(v) for v in upload_errors.values()),
        "general_key": GENERAL,
        "upload_prefix": UPLOAD_PREFIX,
        "edited_at_name": EDITED_AT,
        "action_name": ACTION,
        "opinion_labels": list(dict.fromkeys(opinion_labels)),
        "deadline": deadlines.forwarding_deadline(application.programme, application.province),
        "edited_at_value": application.edited_at.isoformat() if application.edited_at else "",
        "returned": application.steps.select_related("organisation")
        .filter(round=application.round, state=StepState.RETURNED)
        .first()
        if application.status == Status.RETURNED
        else None,
        **extra,
    }


def _check_for_submission(application: Application, form) -> None:
    """Mark on the form every problem a submission would meet (``?check=1``)."""
    file_keys = set(
        application.attachments.filter(is_paper_scan=False).values_list("field_key", flat=True)
    )
    form.is_valid()
    errors = submission_errors(application.form_version, application.values, file_keys)
    for key, problems in errors.items():
        if key in form.fields and key not in form.errors:
            for problem in problems:
                form.add_error(key, problem)


@login_required
def edit(request, pk: int):
    """The form, in the paper's order. 保存 works without JavaScript (a normal POST); the
    script autosaves to ``autosave``. Whatever is posted is saved first, so an upload refused
    or a format error loses nothing typed."""
    application, refusal = _own_draft(
        request, pk, _("申报已提交，不能修改；如需修改，请在上级办理前撤回。")
    )
    if refusal is not None:
        return refusal
    user = request.user
    version = application.form_version
    if request.method != "POST":
        if request.GET.get("check"):
            form = build_form(version, data=application.values, for_submission=True)
            _check_for_submission(application, form)
        else:
            form = build_form(version, initial=application.values)
        return render(
            request, "applications/application_edit.html", _edit_context(application, form)
        )

    action = request.POST.get(ACTION, "save")
    values = _typed_values(request.POST, version)
    # 以本页内容为准: the user chose this window's content over the other window's.
    edited_at = None if action == "overwrite" else _client_time(request.POST.get(EDITED_AT))
    try:
        result = save_draft(application, values, by=user, edited_at=edited_at)
    except Refused as e:
        flash_refused(request, e)
        return redirect("applications:detail", pk=application.pk)
    application.refresh_from_db()
    form = build_form(version, data={**request.POST.dict(), **values})
    form.is_valid()
    if not result.saved:
        context = _edit_context(
            application, form, conflict=True, edited_at_value=request.POST.get(EDITED_AT, "")
        )
        return render(request, "applications/application_edit.html", context)
    upload_errors: dict[str, list[str]] = {}
    if action.startswith("upload:"):
        key = action.split(":", 1)[1]
        file_keys = {f.key for f in version.fields.all() if f.field_type == FieldType.FILE}
        if key != GENERAL and key not in file_keys:
            raise Http404
        upload = request.FILES.get(UPLOAD_PREFIX + key)
        if upload is None:
            upload_errors[key] = [_("请先选择要上传的文件。")]
        else:
            try:
                add_attachment(
                    application, upload, by=user, field_key="" if key == GENERAL else key
                )
            except Refused as e:
                upload_errors[key] = [f"{upload.name}：{m}" for m in e.messages]
            else:
                flash_done(request, _("已上传“%(name)s”") % {"name": upload.name})
                if not form.errors:
                    return redirect(
                        reverse("applications:edit", args=[application.pk]) + f"#part-{key}"
                    )
    if form.errors or upload_errors:
        context = _edit_context(application, form, upload_errors=upload_errors, saved=True)
        return render(request, "applications/application_edit.html", context)
    if action == "submit":
        return redirect("applications:submit", pk=application.pk)
    flash_done(request, _("已保存"))
    return redirect("applications:edit", pk=application.pk)


@require_POST
@login_required
def autosave(request, pk: int):
    """The script's autosave: JSON saying whether this window's edit was kept."""
    application = load_application(request, pk)
    if not is_applicant_of(request.user, application):
        return JsonResponse(
            {"saved": False, "message": _("只有申报主体本单位的申报人可以填写申报。")},
            status=403,
        )
    try:
        result = save_draft(
            application,
            _typed_values(request.POST, application.form_version),
            by=request.user,
            edited_at=_client_time(request.POST.get(EDITED_AT)),
        )
    except Refused as e:
        return JsonResponse({"saved": False, "locked": True, "message": e.messages[0]}, status=409)
    if not result.saved:
        return JsonResponse(
            {
                "saved": False,
                "conflict": True,
                "revision": result.revision,
                "message": _("另一个窗口保存了更新的内容"),
                "reload": reverse("applications:edit", args=[application.pk]),
            }
        )
    now = timezone.now()
    return JsonResponse(
        {
            "saved": True,
            "revision": result.revision,
            "edited_at": result.saved_at.isoformat(),
            "saved_at": now.isoformat(),
            "message": _("已自动保存 %(t)s") % {"t": _clock(now)},
        }
    )


@dataclass
class Problem:
    key: str
    label: str
    message: str
    url: str


def _problems(application: Application, errors: dict) -> list[Problem]:
    """Every problem of a refused submission, in the form's order, each linking to its field."""
    edit_url = reverse("applications:edit", args=[application.pk])
    labels = qualified_labels(application.form_version)
    result = []
    for f in application.form_version.fields.all():
        for message in errors.get(f.key, []):
            result.append(Problem(f.key, labels[f.key], message, f"{edit_url}?check=1#id_{f.key}"))
    known = {f.key for f in application.form_version.fields.all()} | {"__opinion__"}
    for key, problems in errors.items():
        if key not in known:
            result.extend(Problem(key, "", m, edit_url) for m in problems)
    return result


@login_required
def submit(request, pk: int):
    """The applicant's own opinion (the first 意见 box) and the submission. A refusal lists
    every problem at once, each linking to its field; the opinion typed stays."""
    application, refusal = _own_draft(request, pk, _("申报已提交，请勿重复提交。"))
    if refusal is not None:
        return refusal
    user = request.user
    version = application.form_version
    label = version.opinion_label(ChainLevel.APPLICANT)
    person = application.values.get("leader_name") or user.full_name
    file_keys = set(
        application.attachments.filter(is_paper_scan=False).values_list("field_key", flat=True)
    )
    problems: list[Problem] = []
    if request.method == "POST":
        form = OpinionForm(request.POST, opinion_label=label)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit_application(
                    application,
                    Opinion(data["opinion"], data["person"], data["signed_on"]),
                    by=user,
                )
            except Refused as e:
                if hasattr(e, "error_dict"):
                    errors = e.message_dict
                    problems = _problems(application, errors)
                    for message in errors.get("__opinion__", []):
                        form.add_error(None, message)
                else:
                    for message in e.messages:
                        form.add_error(None, message)
            else:
                application.refresh_from_db()
                current = application.current_step()
                if current is not None:
                    what = _("已提交至%(org)s") % {"org": current.organisation.name}
                else:
                    what = _("已提交")
                flash_done(request, what)
                return redirect("applications:detail", pk=application.pk)
        else:
            # The opinion is incomplete: show the form's problems alongside, all at once.
            problems = _problems(
                application, submission_errors(version, application.values, file_keys)
            )
    else:
        form = OpinionForm(opinion_label=label, person=person)
        problems = _problems(application, submission_errors(version, application.values, file_keys))
    chain = []
    try:
        chain = derive_chain(application.category, application.organisation)
    except ValidationError as e:
        form.add_error(None, " ".join(e.messages))
    return render(
        request,
        "applications/application_submit.html",
        {
            "application": application,
            "programme": application.programme,
            "form": form,
            "problems": problems,
            "problem_count": len(problems) + sum(len(errors) for errors in form.errors.values()),
            "attempted": request.method == "POST",
            "next_body": chain[1].organisation if len(chain) > 1 else None,
            "deadline": deadlines.forwarding_deadline(application.programme, application.province),
            "round": application.round + 1 if application.submitted_at else 1,
        },
    )


@require_POST
@login_required
def withdraw_view(request, pk: int):
    application = load_application(request, pk)
    steps = list(application.steps.all())
    if not can_withdraw(request.user, application, steps):
        if not is_applicant_of(request.user, application):
            return _not_applicant(request, application)
        return forbidden(request, application, _("上级已经办理或申报不在审核中，不能撤回。"))
    try:
        withdraw(application, by=request.user)
    except Refused as e:
        flash_refused(request, e)
        return redirect("applications:detail", pk=application.pk)
    flash_done(request, _("已撤回申报，可修改后重新提交"))
    return redirect("applications:detail", pk=application.pk)
