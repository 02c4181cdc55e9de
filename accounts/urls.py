from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("manage/", views.account_list, name="list"),
    path("manage/new/", views.account_create, name="create"),
    path("manage/<int:pk>/", views.account_edit, name="edit"),
    path("manage/<int:pk>/reset-password/", views.account_reset_password, name="reset_password"),
    path("manage/<int:pk>/active/", views.account_set_active, name="set_active"),
    path("security/", views.security, name="security"),
]
