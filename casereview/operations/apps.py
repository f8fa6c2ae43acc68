from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service, at the top of the house (ADR 0028): the task worker and its heartbeat,
    health checks, the daily sweep, demo and synthetic data."""

    name = "casereview.operations"
    label = "operations"
