from django.urls import path

from casereview.domestic import views

app_name = "domestic"
urlpatterns = [
    path("<slug:slug>/notifications/new/", views.notify, name="notify"),
    path("cases/<str:reference>/", views.record, name="record"),
    path("cases/<str:reference>/family/", views.family, name="family"),
    path("cases/<str:reference>/quality-assurance/", views.qa, name="qa"),
    path("cases/<str:reference>/commissioner/", views.commissioner, name="commissioner"),
]
