from django.urls import path

from casereview.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/invite/", views.invite, name="invite"),
    path("<slug:slug>/people/<int:person_id>/", views.person, name="person"),
    path("<slug:slug>/people/<int:person_id>/remove/", views.remove, name="remove"),
    path("<slug:slug>/people/roles-to-confirm/", views.proposals, name="proposals"),
    path("<slug:slug>/people/roles-to-confirm/<int:proposal_id>/confirm/", views.proposal_decide,
         {"decision": "confirm"}, name="proposal-confirm"),
    path("<slug:slug>/people/roles-to-confirm/<int:proposal_id>/decline/", views.proposal_decide,
         {"decision": "decline"}, name="proposal-decline"),
    path("<slug:slug>/people/roles-to-confirm/<int:proposal_id>/withdraw/", views.proposal_decide,
         {"decision": "withdraw"}, name="proposal-withdraw"),
    path("<slug:slug>/invitations/<int:invitation_id>/resend/", views.invitation_action,
         {"action": "resend"}, name="invitation-resend"),
    path("<slug:slug>/invitations/<int:invitation_id>/withdraw/", views.invitation_action,
         {"action": "withdraw"}, name="invitation-withdraw"),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
]
