"""Sign-ins, failed sign-ins and sign-outs go into the audit record."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from casereview.audit.models import Action
from casereview.audit.services import audit_record


@receiver(user_logged_in)
def _signed_in(sender, user, **kwargs):
    audit_record(action=Action.SIGN_IN, actor=user, target=user, code="audit.password_accepted")


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, **kwargs):
    # The address typed in is kept so attacks on one account can be seen; never the password.
    typed = str(credentials.get("username") or credentials.get("email") or "")[:200]
    audit_record(action=Action.SIGN_IN_FAILED, code="audit.sign_in_failed",
                 changes={"email_entered": typed})


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "_sign_out_reason", "Signed out")
        action = Action.SESSION_TIMEOUT if reason == "timeout" else Action.SIGN_OUT
        audit_record(action=action, actor=user, target=user,
                     code="audit.timed_out" if reason == "timeout" else "audit.signed_out")
