from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Large exports made in the background: progress, a notification when ready, expiry."""

    name = "casereview.exports"
    label = "exports"

    def ready(self):
        from casereview.exports.wording import WORDING
        from casereview.notifications import wording

        wording.register(WORDING)
