"""The application pages, by concern:

- ``common``: loading an application (404 when the user may not see it) and refusing (403,
  saying why);
- ``lists``: 我的申报 and 待审核;
- ``applicant``: starting, the form and its autosave, submission, withdrawal;
- ``detail``: the application page (timeline, the paper form, history, the endorser's forms);
- ``endorser``: recommend, return for revision, decline;
- ``compare``: two rounds field by field;
- ``downloads``: attachments and the printed form.
"""

from applications.views.applicant import autosave, edit, start, submit, withdraw_view
from applications.views.common import load_application
from applications.views.compare import compare, compare_rows
from applications.views.detail import detail
from applications.views.downloads import attachment, print_form
from applications.views.endorser import decline_view, recommend_view, return_view
from applications.views.lists import application_list, awaiting_list

__all__ = [
    "application_list",
    "attachment",
    "autosave",
    "awaiting_list",
    "compare",
    "compare_rows",
    "decline_view",
    "detail",
    "edit",
    "load_application",
    "print_form",
    "recommend_view",
    "return_view",
    "start",
    "submit",
    "withdraw_view",
]
