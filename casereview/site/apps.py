from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "casereview.site"
    label = "site"
