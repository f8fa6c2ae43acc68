from django.urls import path

from casereview.retention import views

app_name = "retention"
urlpatterns = [
    path("<slug:slug>/retention/", views.overview, name="overview"),
    path("<slug:slug>/retention/rules/<str:kind>/", views.rule, name="rule"),
    path("<slug:slug>/retention/holds/new/", views.hold_new, name="hold-new"),
    path("<slug:slug>/retention/holds/<int:pk>/lift/", views.hold_lift, name="hold-lift"),
    path("<slug:slug>/retention/batches/<int:pk>/", views.batch, name="batch"),
]
