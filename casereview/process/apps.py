from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "casereview.process"
    label = "process"

    def ready(self):
        from casereview.govuk.jinja import register_global
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.process import deadlines, signals  # noqa: F401
        from casereview.process.wording import AUDIT

        audit_wording.register(AUDIT)
        register_global("deadline_tag", deadlines.tag)
        register_global("deadline_days_left", deadlines.days_left)
