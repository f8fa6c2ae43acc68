from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "casereview.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from casereview.accounts import request_facts
        from casereview.partnerships.access import ROLE_FACTS

        for fact in ROLE_FACTS:
            request_facts.register(fact)
