from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "casereview.notifications"
    label = "notifications"

    def ready(self):
        from casereview.accounts import request_facts
        from casereview.notifications import signals, wording
        from casereview.notifications.queries import UNREAD_FACT

        request_facts.register(UNREAD_FACT)
        wording.register(signals.WORDING)
