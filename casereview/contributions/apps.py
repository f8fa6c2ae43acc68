from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "casereview.contributions"
    label = "contributions"
