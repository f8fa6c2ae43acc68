from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "casereview.work"
    label = "work"
