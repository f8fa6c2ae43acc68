from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "casereview.learning"
    label = "learning"

    def ready(self) -> None:
        from casereview.exports import kinds
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.learning import for_cases, yearly_report_export
        from casereview.learning.for_library import LEARNING
        from casereview.learning.wording import AUDIT, WORDING
        from casereview.library import local_learning
        from casereview.notifications import wording

        local_learning.give(LEARNING)
        for_cases.register()
        kinds.register(yearly_report_export.KIND)
        wording.register(WORDING)
        audit_wording.register(AUDIT)
