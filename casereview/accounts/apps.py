from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casereview.accounts"
    label = "accounts"

    def ready(self):
        from casereview.accounts import sessions, signals  # noqa: F401  (connects receivers)
