from django.apps import AppConfig


class InstallationConfig(AppConfig):
    """Pages for the installation administrator: what every partnership on this installation shares."""

    name = "casereview.installation"
    label = "installation"

    def ready(self) -> None:
        from casereview.govuk.wording import AUDIT as audit_wording
        from casereview.installation.wording import AUDIT

        audit_wording.register(AUDIT)
