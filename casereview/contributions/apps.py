from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "casereview.contributions"
    label = "contributions"

    def ready(self):
        from casereview.contributions import chronology_export, for_cases, signals  # noqa: F401
        from casereview.contributions.wording import AUDIT, WORDING
        from casereview.exports import kinds
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.notifications import wording

        for_cases.register()
        kinds.register(chronology_export.KIND)
        wording.register(WORDING)
        audit_wording.register(AUDIT)
