from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereview.reports"
    label = "reports"

    def ready(self):
        from casereview.notifications import wording
        from casereview.reports import for_cases, signals  # noqa: F401
        from casereview.reports.wording import WORDING

        for_cases.register()
        wording.register(WORDING)
