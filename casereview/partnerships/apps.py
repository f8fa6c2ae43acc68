from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "casereview.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from casereview.accounts import request_facts
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.partnerships.access import ROLE_FACTS
        from casereview.partnerships.wording import AUDIT

        for fact in ROLE_FACTS:
            request_facts.register(fact)
        audit_wording.register(AUDIT)
