from django.urls import path

from casereview.api import views

app_name = "api_tokens"
urlpatterns = [
    path("<slug:slug>/api-tokens/", views.token_list, name="list"),
    path("<slug:slug>/api-tokens/<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
