"""Conflicts of interest (回避): an expert never scores an application from the province of
their employer, nor one they declared a conflict on."""

from django.utils.translation import gettext as _

from applications.models import Application


def province_code(organisation) -> str | None:
    if organisation is None or organisation.region_id is None:
        return None
    return organisation.region.province_code


def conflict_reason(expert, application: Application, declared: set[int]) -> str | None:
    """Why the expert may not score the application, or None. ``declared``: the ids of the
    applications the expert declared conflicts on (loaded once for a batch)."""
    if application.pk in declared:
        return _("专家已声明回避")
    employer = province_code(expert.organisation)
    if employer is not None and employer == province_code(application.organisation):
        return _("专家工作单位与申报主体在同一省份")
    return None
