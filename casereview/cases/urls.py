from django.urls import path

from casereview.cases import clock_views, framework_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("export.<str:fmt>", views.case_export, name="export"),
    path("frameworks/<slug:slug>/", framework_views.framework_list, name="frameworks"),
    path("clock-rules/<slug:slug>/<int:rule_id>/recompute/", clock_views.rule_recompute, name="rule-recompute"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/identifying-details/", views.case_identity, name="identity"),
    path("<str:reference>/access-log/", views.case_access_log, name="access-log"),
    path("<str:reference>/people/add/<str:role>/", views.case_add_member, name="add-member"),
    path("<str:reference>/people/<int:membership_id>/remove/", views.case_remove_member, name="remove-member"),
    path("<str:reference>/steps/<str:name>/", views.case_step, name="step"),
    path("<str:reference>/checklist/", views.case_checklist, name="checklist"),
    path("<str:reference>/owner/", views.case_owner, name="owner"),
    path("<str:reference>/joint/", framework_views.case_joint, name="joint"),
]
