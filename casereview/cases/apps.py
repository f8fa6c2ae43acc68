from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casereview.cases"
    label = "cases"

    def ready(self):
        from casereview.cases import frameworks, lifecycle
        from casereview.cases.wording import WORDING
        from casereview.notifications import wording

        frameworks.register(lifecycle.CHILDREN)
        wording.register(WORDING)
