from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Large exports made in the background: progress, a notification when ready, expiry."""

    name = "casereview.exports"
    label = "exports"

    def ready(self):
        from casereview.exports.wording import AUDIT, WORDING
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.notifications import wording

        wording.register(WORDING)
        audit_wording.register(AUDIT)
