from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casereview.cases"
    label = "cases"

    def ready(self):
        from casereview.cases import frameworks, lifecycle
        from casereview.cases.wording import AUDIT, WORDING
        from casereview.govuk.jinja import register_filter
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.notifications import wording

        frameworks.register(lifecycle.CHILDREN)
        # "Child seen", "Adult seen": a shared page's column about the person the review is about.
        register_filter("person_seen", lambda case: frameworks.seen_words(frameworks.of(case).person))
        register_filter("person", lambda case: frameworks.of(case).person)
        wording.register(WORDING)
        audit_wording.register(AUDIT)
