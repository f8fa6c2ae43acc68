from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casereview.cases"
    label = "cases"

    def ready(self):
        from casereview.cases.wording import WORDING
        from casereview.notifications import wording

        wording.register(WORDING)
