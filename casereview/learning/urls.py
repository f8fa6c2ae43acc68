from django.urls import path

from casereview.learning import views

app_name = "learning"
urlpatterns = [
    path("actions/", views.my_actions, name="mine"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("log/<slug:slug>/", views.action_log, name="log"),
    path("log/<slug:slug>/action-log.xlsx", views.action_log_export, name="log-export"),
    path("actions/<int:pk>/evidence/<int:update_id>/", views.evidence_download, name="evidence"),
    path("briefings/<int:briefing_id>/", views.briefing_detail, name="briefing"),
    path("briefings/<int:briefing_id>/dissemination/", views.dissemination_add, name="dissemination"),
    path("briefings/<int:briefing_id>/<str:step>/", views.briefing_step, name="briefing-step"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("dashboard/<slug:slug>/", views.dashboard_page, name="dashboard"),
    path("dashboard/<slug:slug>/yearly-report.<str:fmt>", views.yearly_report, name="yearly-report"),
    path("dashboard/<slug:slug>/nhs-tracker.csv", views.nhs_tracker, name="nhs-tracker"),
    path("cases/<str:reference>/", views.case_learning, name="case"),
    path("cases/<str:reference>/findings/add/", views.finding_new, name="finding-new"),
    path("cases/<str:reference>/recommendations/add/", views.recommendation_new, name="recommendation-new"),
    path("cases/<str:reference>/recommendations/<int:recommendation_id>/actions/add/", views.action_new,
         name="action-new"),
    path("cases/<str:reference>/briefings/new/<str:kind>/", views.briefing_edit, name="briefing-new"),
    path("partnerships/<slug:slug>/library/<int:document_id>/briefings/new/<str:kind>/", views.report_briefing_edit,
         name="report-briefing-new"),
    path("partnerships/<slug:slug>/library/<int:document_id>/briefings/<int:briefing_id>/edit/",
         views.report_briefing_edit, name="report-briefing-edit"),
    path("cases/<str:reference>/briefings/<int:briefing_id>/edit/", views.briefing_edit, name="briefing-edit"),
]
