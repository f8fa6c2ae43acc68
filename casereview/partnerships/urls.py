from django.urls import path

from casereview.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/invite/", views.invite, name="invite"),
    path("<slug:slug>/people/<int:person_id>/", views.person, name="person"),
    path("<slug:slug>/people/<int:person_id>/close-account/", views.deactivate, name="deactivate"),
    path("<slug:slug>/invitations/<int:invitation_id>/resend/", views.invitation_action,
         {"action": "resend"}, name="invitation-resend"),
    path("<slug:slug>/invitations/<int:invitation_id>/withdraw/", views.invitation_action,
         {"action": "withdraw"}, name="invitation-withdraw"),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
]
