"""The ministry's review pages, by concern (each module is imported by reviews/urls.py):

- ``inbox``: every application submitted to the ministry in a programme, filtered, counted,
  exported (申报汇总表), and the eligibility check (形式审查), one by one or in bulk;
- ``determination``: the result of every application (确定), the 公示 with its objections,
  and the final list (名单);
- ``correction``: the province's page for an application sent back for correction (补正):
  the one page here for a provincial-level body, not for officers;
- ``rubric``: the scoring rubric (评分标准) built from the content areas and edited;
- ``experts``: assigning experts (conflicts refused), the scores overview (评分汇总), and the
  experts' own pages (评审任务, scoring, 声明回避) — experts only, another expert's
  assignment 404.

Access: programme officers of the ministry only (``programmes.permissions
.can_manage_programmes``), 403 for everyone else; an unknown programme or application is
404. Every change is one function of reviews/actions.py; a ``Refused`` from it becomes a
plain message and nothing changes.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from programmes.models import Programme
from programmes.permissions import can_manage_programmes


def officer_only(request) -> None:
    """403 for anyone but a programme officer of the ministry."""
    if not can_manage_programmes(request.user):
        raise PermissionDenied


def load_programme(request, pk: int) -> Programme:
    """The programme for a programme officer: 403 for anyone else, 404 if unknown."""
    officer_only(request)
    return get_object_or_404(Programme, pk=pk)
