from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casereview.cases"
    label = "cases"

    def ready(self):
        from casereview.cases import frameworks, lifecycle
        from casereview.cases.wording import AUDIT, WORDING
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.notifications import wording

        frameworks.register(lifecycle.CHILDREN)
        wording.register(WORDING)
        audit_wording.register(AUDIT)
