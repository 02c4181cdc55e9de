from django.urls import path

from applications import province_views, views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("awaiting/", views.awaiting_list, name="awaiting"),
    path("start/<int:category_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw_view, name="withdraw"),
    path("<int:pk>/recommend/", views.recommend_view, name="recommend"),
    path("<int:pk>/return/", views.return_view, name="return"),
    path("<int:pk>/decline/", views.decline_view, name="decline"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/print/<str:fmt>/", views.print_form, name="print"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]

# 遴选报送 by provincial-level bodies, and the ministry's side (applications/province_views.py).
urlpatterns += [
    path("programme/<int:pk>/province/", province_views.province, name="province"),
    path(
        "programme/<int:pk>/province/<int:province_pk>/",
        province_views.province,
        name="province",
    ),
    path("programme/<int:pk>/province/rank/", province_views.province_rank, name="province_rank"),
    path(
        "programme/<int:pk>/province/submit/",
        province_views.province_submit,
        name="province_submit",
    ),
    path(
        "programme/<int:pk>/province/internal-deadline/",
        province_views.province_internal_deadline,
        name="province_internal_deadline",
    ),
    path("programme/<int:pk>/province/scan/", province_views.province_scan, name="province_scan"),
    path("programme/<int:pk>/batches/", province_views.batches, name="batches"),
    path(
        "programme/<int:pk>/batches/<int:application_pk>/paper-received/",
        province_views.paper_received,
        name="paper_received",
    ),
    path("programme/<int:pk>/extend/", province_views.extend, name="extend"),
]
