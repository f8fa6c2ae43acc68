from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: the task worker's heartbeat and leases, once-only email, health checks."""

    name = "casereview.operations"
    label = "operations"
