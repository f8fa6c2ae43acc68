from django.urls import path

from casereview.process import views

app_name = "process"
urlpatterns = [
    path("<slug:slug>/", views.pack_overview, name="overview"),
    path("<slug:slug>/routes/<int:route_id>/", views.route_edit, name="route"),
    path("<slug:slug>/routes/<int:route_id>/stages/add/", views.stage_edit, name="stage-add"),
    path("<slug:slug>/routes/<int:route_id>/stages/<int:stage_id>/", views.stage_edit, name="stage"),
    path("<slug:slug>/routes/<int:route_id>/stages/<int:stage_id>/move/", views.stage_move, name="stage-move"),
    path("<slug:slug>/rules/<int:rule_id>/", views.rule_edit, name="rule"),
    path("<slug:slug>/reminders/<slug:subject>/", views.reminder_edit, name="reminders"),
    path("<slug:slug>/calendar/", views.calendar, name="calendar"),
    path("<slug:slug>/logo/", views.logo, name="logo"),
    path("<slug:slug>/calendar/<int:day_id>/remove/", views.calendar_remove, name="calendar-remove"),
]
