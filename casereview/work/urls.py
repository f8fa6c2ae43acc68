from django.urls import path

from casereview.work import views

app_name = "work"
urlpatterns = [
    path("", views.your_work, name="home"),
]
