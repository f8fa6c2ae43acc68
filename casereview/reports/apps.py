from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereview.reports"
    label = "reports"

    def ready(self):
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.notifications import wording
        from casereview.reports import for_cases, signals  # noqa: F401
        from casereview.reports.wording import AUDIT, WORDING

        for_cases.register()
        wording.register(WORDING)
        audit_wording.register(AUDIT)
