"""Gives (or with --remove takes away) an installation-wide role. Run by whoever operates the
installation: no page grants this, so no account in the service can give it to itself."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.partnerships.models import SiteRole, SiteRoleAssignment


class Command(BaseCommand):
    help = "Give a person an installation-wide role, such as installation administrator."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", default=SiteRole.INSTALLATION_ADMINISTRATOR, choices=SiteRole.values)
        parser.add_argument("--remove", action="store_true")
        parser.add_argument("--note", default="", help="Why, for the audit log")

    @transaction.atomic
    def handle(self, email, role, remove, note, **options):
        person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if person is None:
            raise CommandError("No active account has that email address")
        label = SiteRole(role).label.lower()
        if remove:
            removed, _ = SiteRoleAssignment.objects.filter(person=person, role=role).delete()
            code, summary = "installation.site_role_removed", f"Took away the {label} role (from the command line)"
            done = bool(removed)
        else:
            _, done = SiteRoleAssignment.objects.get_or_create(person=person, role=role, defaults={"note": note[:300]})
            code, summary = "installation.site_role_given", f"Gave the {label} role (from the command line)"
        if done:
            audit_record(action=Action.UPDATE, target=person, shared=True,
                         code=code, params={"role": role, "note": note[:200]})
        self.stdout.write(f"{summary}: {'done' if done else 'nothing to change'}")
