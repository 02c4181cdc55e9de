"""A published list grouped as the ministry publishes it: by provincial-level body in
administrative-code order (the five cities and the Corps after their province's code), the
ministry's own affiliated bodies last; within a group, by the applicant's division code."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reviews.models import ListEntry, PublishedList


@dataclass
class Group:
    name: str
    entries: list[ListEntry] = field(default_factory=list)


def grouped(published_list: PublishedList) -> list[Group]:
    entries = published_list.entries.select_related(
        "application__organisation__region",
        "application__province__region",
        "application__category",
    )
    groups: dict[str, Group] = {}
    for entry in sorted(entries, key=_order):
        province = entry.application.province
        name = province.name if province else _("部直属单位、部管社团")
        groups.setdefault(name, Group(name)).entries.append(entry)
    return list(groups.values())


def _order(entry: ListEntry):
    application = entry.application
    province = application.province
    # The Corps' bureau sits at 650000 with Xinjiang's; it follows it.
    province_key = (province.region.code, province.kind) if province else ("999999", "")
    region = application.organisation.region
    return (
        province_key,
        application.category.order,
        region.code if region else "",
        application.organisation.name,
    )


def as_text(published_list: PublishedList) -> str:
    """The list as plain text (the portal notice's searchable body)."""
    lines = [published_list.preface] if published_list.preface else []
    for group in grouped(published_list):
        lines.append(group.name)
        lines.extend(
            f"  {e.application.organisation.name}（{e.application.category.name}）"
            for e in group.entries
        )
    return "\n".join(lines)


YEARS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}


def pilot_period_text(months: int) -> str:
    """两年, 一年, 18个月: the pilot period as the programme notices say it (document text:
    always Chinese, whatever the language of the officer's interface)."""
    if months % 12 == 0 and months // 12 in YEARS:
        return f"{YEARS[months // 12]}年"
    return f"{months}个月"


def final_preface(programme, *, publicised: bool) -> str:
    """The default preface of the final list (名单), in the programme's words: how the list
    was settled and the pilot period, never the 公示's call for objections. It is the text of
    an official document, so it is Chinese whatever the language of the officer's interface."""
    name = programme.name if programme.name.endswith("试点") else f"{programme.name}试点"
    steps = "推荐、专家评审和公示" if publicised else "推荐和专家评审"
    period = pilot_period_text(programme.pilot_months)
    return f"经各省级民政部门{steps}，确定以下地区和单位为{name}地区和单位，试点时间为{period}。"
