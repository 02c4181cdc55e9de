from django.urls import path

from desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("desk/", views.todo, name="todo"),
]
