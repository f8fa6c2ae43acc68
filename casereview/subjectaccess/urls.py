from django.urls import path

from casereview.subjectaccess import views

app_name = "subjectaccess"
urlpatterns = [
    path("<slug:slug>/subject-access/", views.requests, name="list"),
    path("<slug:slug>/subject-access/<int:pk>/", views.subject_request, name="request"),
]
