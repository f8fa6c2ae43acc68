"""Sets up the test provider: a client for the service, redirect addresses, and people."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from oidc_provider.models import Client, ResponseType

CLIENT_ID = "casereview-test"
CLIENT_SECRET = "casereview-test-secret"  # noqa: S105 (the test provider's own)


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--redirect", action="append", default=[])
        parser.add_argument("--user", action="append", default=[], help="email:password[:mfa]")

    def handle(self, *args, **options):
        client, _ = Client.objects.get_or_create(client_id=CLIENT_ID, defaults={
            "name": "Case reviews (test)", "client_type": "confidential", "client_secret": CLIENT_SECRET,
            "require_consent": False, "reuse_consent": True, "_redirect_uris": ""})
        client.response_types.set([ResponseType.objects.get(value="code")])
        uris = [u for u in client.redirect_uris if u]
        client.redirect_uris = uris + [u for u in options["redirect"] if u not in uris]
        client.save()
        for spec in options["user"]:
            email, password, *mfa = spec.split(":")
            user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
            user.email, user.is_staff = email, bool(mfa)
            user.set_password(password)
            user.save()
