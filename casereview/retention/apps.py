from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "casereview.retention"
    label = "retention"
    verbose_name = "Retention and disposal"

    def ready(self) -> None:
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.retention.wording import AUDIT

        audit_wording.register(AUDIT)
