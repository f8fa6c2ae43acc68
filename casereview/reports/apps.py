from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereview.reports"
    label = "reports"

    def ready(self):
        from casereview.reports import for_cases, signals  # noqa: F401

        for_cases.register()
