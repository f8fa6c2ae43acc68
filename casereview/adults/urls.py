from django.urls import path

from casereview.adults import views

app_name = "adults"
urlpatterns = [
    path("referrals/start/", views.referral_start, name="referral-start"),
    path("referrals/<int:pk>/", views.referral, name="referral"),
    path("referrals/<int:pk>/check/", views.referral_check, name="referral-check"),
    path("referrals/<int:pk>/submit/", views.referral_submit, name="referral-submit"),
    path("cases/<str:reference>/", views.record, name="record"),
    path("cases/<str:reference>/involvement/", views.involvement, name="involvement"),
    path("findings/<int:finding_id>/not-acted-on/", views.not_acted_on, name="not-acted-on"),
    path("<slug:slug>/annual-report/", views.annual, name="annual"),
]
