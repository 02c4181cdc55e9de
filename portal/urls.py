from django.urls import path, register_converter

from portal import views, views_lists


class BlankFormFormat:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(BlankFormFormat, "portal_blank_format")


class ListFormat(BlankFormFormat):
    regex = "xlsx|pdf"


register_converter(ListFormat, "portal_list_format")

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path(
        "notices/<int:pk>/forms/<int:category_pk>.<portal_blank_format:fmt>",
        views.blank_form,
        name="blank_form",
    ),
    path(
        "notices/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment,
        name="attachment",
    ),
    path("lists/<slug:kind>/", views.lists, name="lists"),
    path("policies/", views.policies, name="policies"),
    path("search/", views.search, name="search"),
    # Published lists (公示 and 名单): objections and downloads (portal/views_lists.py).
    path("notices/<int:pk>/objection/", views_lists.objection, name="objection"),
    path(
        "notices/<int:pk>/list.<portal_list_format:fmt>",
        views_lists.list_download,
        name="list_download",
    ),
]
