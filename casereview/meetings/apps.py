from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "casereview.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.meetings import for_cases
        from casereview.meetings.wording import AUDIT

        for_cases.register()
        audit_wording.register(AUDIT)
