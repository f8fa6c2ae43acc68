from django.urls import path

from casereview.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/<slug:slug>/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/change/", views.meeting_change, name="change"),
    path("<int:pk>/attendees/", views.attendees, name="attendees"),
    path("<int:pk>/attendees/<int:attendee>/remove/", views.attendee_remove, name="attendee-remove"),
    path("<int:pk>/invitations/", views.invite, name="invite"),
    path("<int:pk>/meeting.ics", views.calendar, name="calendar"),
    path("<int:pk>/agenda/add/", views.item_add, name="item-add"),
    path("<int:pk>/agenda/<int:item>/", views.item_change, name="item"),
    path("<int:pk>/agenda/<int:item>/remove/", views.item_remove, name="item-remove"),
    path("<int:pk>/agenda/<int:item>/papers/<int:document>/", views.paper, name="paper"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/agenda/<int:item>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/agenda/<int:item>/step/<str:name>/", views.item_step, name="item-step"),
    path("<int:pk>/minutes/", views.notes, name="notes"),
    path("<int:pk>/agree/", views.close, name="close"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/actions/add/", views.action_add, name="action-add"),
    path("actions/<int:pk>/done/", views.action_done, name="action-done"),
    path("case/<str:reference>/", views.case_meetings, name="case"),
]
