from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save

from casereview.govuk.wording import AUDIT


def _word_at_once(sender, instance, created, **kwargs):
    # Under test, an audit event whose code is not registered or whose parameters do not fit its
    # wording fails the action that recorded it, not a later reader's page.
    if created and instance.code and getattr(settings, "WORDING_STRICT", False):
        AUDIT.word(instance.code, instance.params or {})


class GovukConfig(AppConfig):
    name = "casereview.govuk"
    label = "govuk"
    verbose_name = "GOV.UK components"

    def ready(self):
        from casereview.audit.models import AuditEvent

        post_save.connect(_word_at_once, sender=AuditEvent, dispatch_uid="audit-worded-at-once")
