from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "casereview.process"
    label = "process"

    def ready(self):
        from casereview.govuk.jinja import register_global
        from casereview.process import deadlines, signals  # noqa: F401

        register_global("deadline_tag", deadlines.tag)
        register_global("deadline_days_left", deadlines.days_left)
