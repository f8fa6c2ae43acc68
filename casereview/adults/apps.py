from django.apps import AppConfig


class AdultsConfig(AppConfig):
    name = "casereview.adults"
    label = "adults"
    verbose_name = "Safeguarding adults reviews"

    def ready(self):
        from casereview.adults import framework, rules
        from casereview.adults.wording import AUDIT
        from casereview.cases import frameworks, page_links
        from casereview.govuk.wording import AUDIT as audit_wording

        frameworks.register(framework.ADULTS)
        audit_wording.register(AUDIT)
        page_links.register(page_links.CaseLink(
            5, "Safeguarding adults review: screening, the chair's decision and the adult's involvement",
            "adults:record", rules.sees_sar))
