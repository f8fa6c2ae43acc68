from django.urls import path

from casereview.exports import views

app_name = "exports"
urlpatterns = [
    path("<uuid:token>/", views.status, name="status"),
    path("<uuid:token>/download/", views.download, name="download"),
]
