from django.urls import path

from casereview.cases import referral_views as views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("start/", views.referral_start, name="start"),
    path("<int:pk>/", views.referral_overview, name="overview"),
    path("<int:pk>/incident/", views.referral_incident, name="incident"),
    path("<int:pk>/<str:kind>/add/", views.referral_person, name="add-person"),
    path("<int:pk>/<str:kind>/<int:subject_id>/", views.referral_person, name="edit-person"),
    path("<int:pk>/people/<int:subject_id>/remove/", views.referral_person_remove, name="remove-person"),
    path("<int:pk>/submit/", views.referral_submit, name="submit"),
    path("<int:pk>/delete/", views.referral_discard, name="delete"),
]
