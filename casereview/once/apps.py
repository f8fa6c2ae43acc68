from django.apps import AppConfig


class OnceConfig(AppConfig):
    """Doing things exactly once: an email delivered once however often its task runs (ADR 0017),
    a form that creates something processed once however often it is sent (ADR 0018)."""

    name = "casereview.once"
    label = "once"

    def ready(self) -> None:
        from casereview.govuk.jinja import register_global
        from casereview.once.submissions import submission_key_field

        register_global("submission_key_field", submission_key_field)
