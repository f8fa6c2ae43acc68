from django.urls import path

from casereview.sso import views

app_name = "sso"
urlpatterns = [
    path("sign-in/organisation/", views.start, name="start"),
    path("sign-in/organisation/callback/", views.callback, name="callback"),
    path("partnerships/<slug:slug>/sign-in-providers/", views.providers, name="providers"),
    path("partnerships/<slug:slug>/sign-in-providers/new/", views.provider, name="provider-new"),
    path("partnerships/<slug:slug>/sign-in-providers/<int:pk>/", views.provider, name="provider"),
]
