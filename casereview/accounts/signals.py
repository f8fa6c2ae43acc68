from django.db.models.signals import post_save
from django.dispatch import receiver
from django_otp_webauthn.models import WebAuthnCredential

from casereview.audit.models import Action
from casereview.audit.services import audit_record


@receiver(post_save, sender=WebAuthnCredential)
def _passkey_added(sender, instance, created, **kwargs):
    if created:
        audit_record(action=Action.CREATE, actor=instance.user, target=instance.user, code="accounts.passkey_added")
