"""Prints the current security code for the demo people, so the demo can be tried without a phone."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from casereview.operations.management.commands.seed_demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current 6-digit code for the demo authenticator (demo data only)."

    def handle(self, *args, **options):
        from django.conf import settings

        if settings.CONFIG.is_production:
            raise CommandError("The demo code is not available in production.")
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
