from django.urls import path

from programmes import views

app_name = "programmes"


def _part_urls(part: str, prefix: str) -> list:
    kwargs = {"part": part}
    return [
        path(f"<int:pk>/{part}/", views.part_list, kwargs, name=f"{prefix}_list"),
        path(f"<int:pk>/{part}/new/", views.part_edit, kwargs, name=f"{prefix}_add"),
        path(
            f"<int:pk>/{part}/<int:item_pk>/edit/",
            views.part_edit,
            kwargs,
            name=f"{prefix}_edit",
        ),
        path(
            f"<int:pk>/{part}/<int:item_pk>/delete/",
            views.part_delete,
            kwargs,
            name=f"{prefix}_delete",
        ),
        path(
            f"<int:pk>/{part}/<int:item_pk>/move/",
            views.part_move,
            kwargs,
            name=f"{prefix}_move",
        ),
    ]


urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/publish/", views.programme_publish, name="publish"),
    *_part_urls("sections", "section"),
    *_part_urls("areas", "area"),
    path("<int:pk>/categories/", views.category_list, name="category_list"),
    path("<int:pk>/categories/new/", views.category_edit, name="category_add"),
    path("<int:pk>/categories/<int:item_pk>/edit/", views.category_edit, name="category_edit"),
    path(
        "<int:pk>/categories/<int:item_pk>/delete/",
        views.category_delete,
        name="category_delete",
    ),
    path("<int:pk>/categories/<int:item_pk>/move/", views.category_move, name="category_move"),
    path("<int:pk>/forms/", views.form_list, name="form_list"),
    path("<int:pk>/forms/<int:form_pk>/", views.form_builder, name="form_builder"),
    path("<int:pk>/forms/<int:form_pk>/delete/", views.form_delete, name="form_delete"),
    path("<int:pk>/forms/<int:form_pk>/fields/new/", views.field_edit, name="field_add"),
    path(
        "<int:pk>/forms/<int:form_pk>/fields/<slug:key>/edit/",
        views.field_edit,
        name="field_edit",
    ),
    path(
        "<int:pk>/forms/<int:form_pk>/fields/<slug:key>/delete/",
        views.field_delete,
        name="field_delete",
    ),
    path(
        "<int:pk>/forms/<int:form_pk>/fields/<slug:key>/move/",
        views.field_move,
        name="field_move",
    ),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/compare/", views.version_compare, name="compare"),
]
