from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "casereview.notifications"
    label = "notifications"

    def ready(self):
        from casereview.notifications import signals  # noqa: F401
