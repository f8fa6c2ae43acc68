"""A partnership's hub page, at /partnerships/<slug>/: the pages its person's roles open there.
It gathers from every app, so it lives here, above them (ADR 0028)."""

from django.urls import path

from casereview.work import views

app_name = "hub"
urlpatterns = [
    path("<slug:slug>/", views.partnership_home, name="partnership"),
]
