from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "casereview.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from casereview.govuk.jinja import register_global
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.sso.queries import sso_offered
        from casereview.sso.wording import AUDIT

        audit_wording.register(AUDIT)
        register_global("sso_offered", sso_offered)
