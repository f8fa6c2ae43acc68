from django.apps import AppConfig


class DomesticConfig(AppConfig):
    name = "casereview.domestic"
    label = "domestic"
    verbose_name = "Domestic abuse related death reviews"

    def ready(self):
        from casereview.cases import frameworks, gates, page_links
        from casereview.domestic import framework, rules
        from casereview.domestic.wording import AUDIT
        from casereview.govuk.wording import AUDIT as audit_wording

        frameworks.register(framework.DOMESTIC_ABUSE)
        audit_wording.register(AUDIT)
        gates.register_check(gates.PUBLICATION, framework.publication_blockers)
        page_links.register(page_links.CaseLink(
            5, "Domestic abuse related death review: the decision, the Home Office, the family and the Commissioner",
            "domestic:record", rules.sees_dardr))
