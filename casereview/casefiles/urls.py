from django.urls import path

from casereview.casefiles import views

app_name = "casefiles"
urlpatterns = [
    path("<str:reference>/documents/", views.document_list, name="list"),
    path("<str:reference>/documents/upload/", views.upload, name="upload"),
    path("<str:reference>/documents/<int:pk>/", views.document_detail, name="document"),
    path("<str:reference>/documents/<int:pk>/change/", views.describe, name="describe"),
    path("<str:reference>/documents/<int:pk>/new-version/", views.new_version, name="new-version"),
    path("<str:reference>/documents/<int:pk>/versions/<int:number>/download/", views.download, name="download"),
]
