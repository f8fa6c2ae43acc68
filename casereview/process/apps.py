from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "casereview.process"
    label = "process"

    def ready(self):
        from casereview.process import signals  # noqa: F401
