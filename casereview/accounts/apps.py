from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casereview.accounts"
    label = "accounts"

    def ready(self):
        from casereview.accounts import sessions, signals  # noqa: F401  (connects receivers)
        from casereview.accounts.wording import AUDIT
        from casereview.govuk.wording import AUDIT as audit_wording

        audit_wording.register(AUDIT)
