from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "casereview.casefiles"
    label = "casefiles"
    verbose_name = "Case documents"

    def ready(self) -> None:
        from casereview.casefiles import for_cases
        from casereview.casefiles.wording import AUDIT
        from casereview.govuk.wording import AUDIT as audit_wording

        for_cases.register()
        audit_wording.register(AUDIT)
