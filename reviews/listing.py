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
