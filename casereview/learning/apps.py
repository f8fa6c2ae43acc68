from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "casereview.learning"
    label = "learning"
