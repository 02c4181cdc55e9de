from django.urls import path

from pilots.views import pilot, plan, reports, summary

app_name = "pilots"
urlpatterns: list = []

# The pilot's own pages: the list, the pilot's page, the plan, reports and summary editors
# (pilots/views/pilot.py, plan.py, reports.py, summary.py).
urlpatterns += [
    path("", pilot.pilot_list, name="list"),
    path("<int:pk>/", pilot.detail, name="detail"),
    path("<int:pk>/plan/", plan.plan_edit, name="plan"),
    path("<int:pk>/summary/", summary.summary_edit, name="summary"),
    path("reports/<int:pk>/", reports.report_edit, name="report"),
    path("evidence/<int:pk>/", reports.evidence_file, name="evidence"),
]

# The province's reviews, the provincial summary, supervision, the ministry's page and the
# certificates (pilots/views/review.py, provincial.py, supervision.py, ministry.py).
from pilots.views import ministry, provincial, review, supervision  # noqa: E402

urlpatterns += [
    path("programme/<int:pk>/province/", provincial.province, name="province"),
    path(
        "programme/<int:pk>/provincial-summary/",
        provincial.provincial_summary,
        name="provincial_summary",
    ),
    path("<int:pk>/plan/review/", review.review_plan, name="review_plan"),
    path("reports/<int:pk>/review/", review.review_report, name="review_report"),
    path("<int:pk>/summary/review/", review.review_summary, name="review_summary"),
    path("<int:pk>/supervise/", supervision.supervise, name="supervise"),
    path("supervision/<int:pk>/follow-up/", supervision.follow_up, name="follow_up"),
    path(
        "supervision/<int:pk>/follow-up/close/",
        supervision.close_follow_up,
        name="close_follow_up",
    ),
    path("programme/<int:pk>/ministry/", ministry.ministry, name="ministry"),
    path("programme/<int:pk>/ministry/schedule/", ministry.schedule, name="ministry_schedule"),
    path("<int:pk>/plan/return/", ministry.return_plan, name="ministry_return_plan"),
    path(
        "programme/<int:pk>/evaluation/rubric/",
        ministry.evaluation_rubric,
        name="evaluation_rubric",
    ),
    path(
        "programme/<int:pk>/evaluation/assign/",
        ministry.evaluation_assign,
        name="evaluation_assign",
    ),
    path("<int:pk>/title/", ministry.grant, name="grant_title"),
    path(
        "programme/<int:pk>/demonstrations/publish/",
        ministry.publish,
        name="publish_demonstrations",
    ),
    path("certificate/<int:pk>/", ministry.certificate, name="certificate"),
]
