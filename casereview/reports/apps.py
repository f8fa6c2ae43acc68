from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereview.reports"
    label = "reports"

    def ready(self):
        from casereview.reports import signals  # noqa: F401
