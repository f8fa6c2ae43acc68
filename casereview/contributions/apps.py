from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "casereview.contributions"
    label = "contributions"

    def ready(self):
        from casereview.contributions import signals  # noqa: F401
