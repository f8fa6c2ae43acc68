from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "casereview.learning"
    label = "learning"

    def ready(self) -> None:
        from casereview.learning.for_library import LEARNING
        from casereview.library import local_learning

        local_learning.give(LEARNING)
