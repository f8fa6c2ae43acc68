"""Sets up a new partnership and invites its first business unit manager, who invites everyone else."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from casereview.accounts.models import User
from casereview.partnerships.models import Agency, AgencyType, Invitation, Partnership, Role


class Command(BaseCommand):
    help = "Create a partnership and email an invitation to its first business unit manager."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Full name, e.g. 'North Wessex Safeguarding Children Partnership'")
        parser.add_argument("--short-name", required=True, help="Shown in navigation, e.g. 'North Wessex'")
        parser.add_argument("--reference-prefix", required=True, help="Starts case references, e.g. NWP")
        parser.add_argument("--manager-email", required=True)
        parser.add_argument("--manager-name", required=True)

    @transaction.atomic
    def handle(self, *args, **options):
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone

        from casereview.partnerships.tasks import send_invitation

        prefix = options["reference_prefix"].upper()
        if not prefix.isalnum() or len(prefix) > 8:
            raise CommandError("The reference prefix must be up to 8 letters or digits")
        if Partnership.objects.filter(name=options["name"]).exists():
            raise CommandError("A partnership with that name already exists")
        partnership = Partnership.objects.create(name=options["name"], short_name=options["short_name"],
                                                 slug=slugify(options["short_name"]), reference_prefix=prefix)
        unit = Agency.objects.create(partnership=partnership, name="Business unit", type=AgencyType.OTHER)
        # Created directly: there is nobody yet to invite them. The audit record starts with their acceptance.

        system = User.objects.filter(email="system@localhost").first() or User.objects.create_user(
            email="system@localhost", full_name="Service set-up", password=None, is_active=False)
        invitation = Invitation.objects.create(
            partnership=partnership, email=options["manager_email"].strip().lower(),
            full_name=options["manager_name"], agency=unit,
            roles=[Role.BUSINESS_UNIT_MANAGER, Role.SYSTEM_ADMINISTRATOR], created_by=system, bootstrap=True,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        transaction.on_commit(lambda: send_invitation.enqueue(invitation.pk))
        self.stdout.write(self.style.SUCCESS(
            f"Created {partnership.name}. An invitation will be emailed to {invitation.email} by the task worker."))
