from django.urls import path

from reviews.views import determination, inbox

app_name = "reviews"
urlpatterns: list = []

# The ministry's inbox and eligibility check (reviews/views/inbox.py).
urlpatterns += [
    path("programme/<int:pk>/inbox/", inbox.inbox, name="inbox"),
    path("programme/<int:pk>/inbox/export/", inbox.inbox_export, name="inbox_export"),
    path("programme/<int:pk>/inbox/eligible/", inbox.inbox_eligible, name="inbox_eligible"),
    path("application/<int:pk>/eligibility/", inbox.eligibility, name="eligibility"),
]

# The inbox's exports, written in the background (reviews/views/exports.py, reviews/tasks.py).
from reviews.views import exports as export_views  # noqa: E402

urlpatterns += [
    path("programme/<int:pk>/exports/", export_views.exports, name="exports"),
    path("export/<int:pk>/download/", export_views.download, name="export_download"),
]

# Determination, the 公示 and the list (reviews/views/determination.py).
urlpatterns += [
    path("programme/<int:pk>/determination/", determination.determination, name="determination"),
    path("programme/<int:pk>/determination/decide/", determination.decide_bulk, name="decide_bulk"),
    path("application/<int:pk>/decide/", determination.decide, name="decide"),
    path("programme/<int:pk>/publicity/", determination.start_publicity, name="start_publicity"),
    path("objection/<int:pk>/answer/", determination.answer_objection, name="answer_objection"),
    path("programme/<int:pk>/publish/", determination.publish, name="publish"),
]

# 补正: the province corrects what the ministry sent back (reviews/views/correction.py).
from reviews.views import correction as correction_views  # noqa: E402

urlpatterns += [
    path("application/<int:pk>/correction/", correction_views.correction, name="correction"),
]

# Expert review: the rubric, assignments and the scores overview for programme officers, and
# the experts' own pages (reviews/views/rubric.py, reviews/views/experts.py).
from reviews.views import experts as expert_views  # noqa: E402
from reviews.views import rubric as rubric_views  # noqa: E402

urlpatterns += [
    path("programme/<int:pk>/rubric/", rubric_views.rubric, name="rubric"),
    path("programme/<int:pk>/assign/", expert_views.assign, name="assign"),
    path(
        "programme/<int:pk>/assign/<int:assignment_pk>/remove/",
        expert_views.unassign,
        name="unassign",
    ),
    path("programme/<int:pk>/scores/", expert_views.scores, name="scores"),
    path("assignments/", expert_views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/", expert_views.score, name="score"),
    path("assignments/<int:pk>/conflict/", expert_views.declare_conflict, name="declare_conflict"),
    path(
        "assignments/<int:pk>/evidence/<int:evidence_pk>/",
        expert_views.evidence,
        name="evidence",
    ),
]
