from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "casereview.contributions"
    label = "contributions"

    def ready(self):
        from casereview.contributions import chronology_export, for_cases, signals  # noqa: F401
        from casereview.exports import kinds

        for_cases.register()
        kinds.register(chronology_export.KIND)
