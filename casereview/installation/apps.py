from django.apps import AppConfig


class InstallationConfig(AppConfig):
    """Pages for the installation administrator: what every partnership on this installation shares."""

    name = "casereview.installation"
    label = "installation"
