from django.urls import path

from casereview.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.library_report, name="library-report"),
    path("library/<slug:slug>/report.pdf", views.library_report_pdf, name="library-report-pdf"),
    path("library/briefings/<slug:slug>/", views.library_briefing, name="library-briefing"),
    path("library/briefings/<slug:slug>/briefing.pdf", views.library_briefing_pdf, name="library-briefing-pdf"),
    path("robots.txt", views.robots, name="robots"),
    path("healthz", views.healthz, name="healthz"),
]
