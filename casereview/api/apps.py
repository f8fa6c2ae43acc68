from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casereview.api"
    label = "api"
    verbose_name = "Read-only API"

    def ready(self) -> None:
        from casereview.api.wording import AUDIT
        from casereview.govuk.wording import AUDIT as audit_wording

        audit_wording.register(AUDIT)
