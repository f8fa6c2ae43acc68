from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "casereview.govuk"
    label = "govuk"
    verbose_name = "GOV.UK components"
