from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casereview.audit"
    label = "audit"

    def ready(self):
        from casereview.audit import kept, signals  # noqa: F401  (connect their receivers)
