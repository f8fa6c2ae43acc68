"""django-otp-webauthn's views, with the second-factor step audited and tied to the signed-in person."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from casereview.audit.models import Action
from casereview.audit.services import audit_record


class CompletePasskeyVerificationView(CompleteCredentialAuthenticationView):
    def check_device_usable(self, device):
        super().check_device_usable(device)
        # A passkey is a second factor here, so it must belong to whoever gave the password.
        if not self.request.user.is_authenticated or device.user_id != self.request.user.pk:
            raise exceptions.CredentialUserMismatch()

    def complete_auth(self, device):
        result = super().complete_auth(device)
        audit_record(action=Action.SECOND_FACTOR, actor=self.request.user, target=self.request.user,
                     code="accounts.passkey_accepted")
        return result


app_name = "otp_webauthn"
urlpatterns = [
    path("registration/begin/", BeginCredentialRegistrationView.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompleteCredentialRegistrationView.as_view(),
         name="credential-registration-complete"),
    path("authentication/begin/", BeginCredentialAuthenticationView.as_view(),
         name="credential-authentication-begin"),
    path("authentication/complete/", CompletePasskeyVerificationView.as_view(),
         name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
