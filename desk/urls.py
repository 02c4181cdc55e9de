from django.urls import path

from desk import views

app_name = "desk"
urlpatterns = [
    path("desk/", views.todo, name="todo"),
    path("desk/notifications/read/", views.notifications_read, name="notifications_read"),
]
