from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed(sender, using="default", **kwargs):
    # After every migrate (and after a test database is emptied) the vocabulary and the
    # National Panel's publications are there: every installation starts with them.
    from casereview.library.services import library_seed

    library_seed()


class LibraryConfig(AppConfig):
    name = "casereview.library"
    label = "library"

    def ready(self):
        post_migrate.connect(_seed, sender=self, dispatch_uid="library-seed")
        from casereview.govuk.jinja import register_filter
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.library.template_filters import theme_label
        from casereview.library.wording import AUDIT

        register_filter("theme_label", theme_label)
        audit_wording.register(AUDIT)
