from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "casereview.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access requests"

    def ready(self) -> None:
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.subjectaccess.wording import AUDIT

        audit_wording.register(AUDIT)
