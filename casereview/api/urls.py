"""The API's addresses. They take no session and no second factor: each call carries its own token,
checked by the API (endpoints.TokenAuth), so the sign-in middleware lets them through."""

from casereview.api.endpoints import api

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback.access_public = True

urlpatterns = patterns
