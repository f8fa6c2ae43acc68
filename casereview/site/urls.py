from django.urls import path

from casereview.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("index-of-all-pages/", views.index, name="index"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("how-case-reviews-work/", views.how_reviews_work, name="how-reviews-work"),
    path("how-case-reviews-work/<slug:slug>/", views.how_reviews_work_partnership, name="how-reviews-work-partnership"),
    path("how-case-reviews-work/<slug:slug>/process-pack.pdf", views.process_pack_pdf, name="process-pack-pdf"),
    path("library/<slug:slug>/", views.library_report, name="library-report"),
    path("library/<slug:slug>/report.pdf", views.library_report_pdf, name="library-report-pdf"),
    path("library/briefings/<slug:slug>/", views.library_briefing, name="library-briefing"),
    path("library/briefings/<slug:slug>/briefing.pdf", views.library_briefing_pdf, name="library-briefing-pdf"),
    path("robots.txt", views.robots, name="robots"),
    # The old single probe is readiness: it no longer fails a web server because the worker is down.
    path("healthz", views.healthz_ready, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz-live"),
    path("healthz/ready", views.healthz_ready, name="healthz-ready"),
    path("healthz/tasks", views.healthz_tasks, name="healthz-tasks"),
]
