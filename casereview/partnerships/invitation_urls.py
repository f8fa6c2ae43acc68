from django.urls import path

from casereview.partnerships import invitation_views

app_name = "invitations"
urlpatterns = [
    path("invitation/<str:token>/", invitation_views.accept_invitation, name="accept"),
]
