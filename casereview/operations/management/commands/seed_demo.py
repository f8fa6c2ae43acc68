"""Loads a fictional partnership for trying the service. Safe to run again: it changes nothing
that is already there, except that it prints fresh recovery codes for the demo manager."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts import mfa
from casereview.accounts.models import User
from casereview.library.tasks import fill_document_vectors, retrain_themes
from casereview.notifications.models import Notification
from casereview.operations import demo, demo_adults, demo_domestic
from casereview.operations.demo import Cast
from casereview.partnerships.models import (
    Agency,
    AgencyType,
    LocalAuthority,
    Partnership,
    Role,
    RoleAssignment,
    SiteRole,
    SiteRoleAssignment,
)
from casereview.process.models import Stage

DEMO_PASSWORD = "demo-password-for-local-use-only"
# A fixed key so the demo second factor can be added to an authenticator app once and reused.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex of "12345678901234567890"
DEMO_DOMAIN = "example.org"  # reserved for documentation: nobody receives this mail

PEOPLE = [
    ("manager", "Morgan Ellis", "Business unit", [Role.BUSINESS_UNIT_MANAGER]),
    ("officer", "Sam Okafor", "Business unit", [Role.BUSINESS_UNIT_OFFICER]),
    ("chair", "Priya Natarajan", "Wessex Integrated Care Board", [Role.SUBGROUP_CHAIR]),
    ("partner.la", "Helen Marsh", "Wessex Children’s Services", [Role.PARTNER_LA]),
    ("partner.police", "Dan Whitlock", "Wessex Police", [Role.PARTNER_POLICE]),
    ("partner.icb", "Ruth Adeyemi", "Wessex Integrated Care Board", [Role.PARTNER_ICB]),
    ("reviewer", "Alex Fairbairn", "Independent reviewers", [Role.LEAD_REVIEWER]),
    ("police.rep", "Jo Kendrick", "Wessex Police", [Role.AGENCY_REPRESENTATIVE]),
    ("health.rep", "Chris Bannister", "North Wessex NHS Foundation Trust", [Role.AGENCY_REPRESENTATIVE]),
    ("school.rep", "Nadia Rahman", "Kingsmead Academy Trust", [Role.AGENCY_REPRESENTATIVE]),
    ("scrutineer", "Tom Ashdown", "Independent reviewers", [Role.SCRUTINEER]),
    ("admin", "Lee Carver", "Business unit", [Role.SYSTEM_ADMINISTRATOR]),
    # The area's Safeguarding Adults Board shares the business unit: its independent chair decides SARs.
    ("sab.chair", "Margaret Oyelaran", "Independent reviewers", [Role.SAB_CHAIR]),
    # The community safety partnership's chair decides whether to hold a domestic abuse related death review.
    ("csp.chair", "Idris Pembroke", "Wessex Police", [Role.CSP_CHAIR]),
]

AGENCIES = [
    ("Business unit", AgencyType.OTHER),
    ("Wessex Children’s Services", AgencyType.CHILDRENS_SOCIAL_CARE),
    ("Wessex Police", AgencyType.POLICE),
    ("Wessex Integrated Care Board", AgencyType.ICB),
    ("North Wessex NHS Foundation Trust", AgencyType.NHS_TRUST),
    ("Riverside Medical Practice", AgencyType.GP_PRACTICE),
    ("Kingsmead Academy Trust", AgencyType.EDUCATION),
    ("Wessex Probation Service", AgencyType.PROBATION),
    ("Wessex Youth Justice Service", AgencyType.YOUTH_JUSTICE),
    ("Wessex Homes", AgencyType.HOUSING),
    ("Harbour Family Support (charity)", AgencyType.VOLUNTARY),
    ("Independent reviewers", AgencyType.OTHER),
]

def demo_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


class Command(BaseCommand):
    help = "Load the fictional North Wessex partnership with demo people and cases."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Empty the whole database first (every table, every partnership), then load.")

    def handle(self, *args, **options):
        from django.conf import settings

        if settings.CONFIG.is_production:
            raise CommandError("Demo data must not be loaded into a production database.")
        if options["reset"]:
            self._start_again()
        self._load()

    def _start_again(self) -> None:
        """Back to an empty, migrated database. The audit log refuses deletions row by row, so the
        database itself is replaced: the SQLite file is removed, or PostgreSQL's schema dropped."""
        from pathlib import Path

        from django.core.management import call_command
        from django.db import connection

        if connection.vendor == "sqlite":
            name = connection.settings_dict["NAME"]
            connection.close()
            if name and name != ":memory:" and Path(name).exists():
                Path(name).unlink()
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        else:
            raise CommandError(f"--reset does not know how to empty a {connection.vendor} database")
        self.stdout.write("Emptied the database; migrating it again.")
        call_command("migrate", interactive=False, verbosity=0)

    @transaction.atomic
    def _load(self) -> None:
        partnership, _ = Partnership.objects.get_or_create(
            slug="north-wessex",
            defaults={"name": "North Wessex Safeguarding Children Partnership (fictional)",
                      "short_name": "North Wessex", "reference_prefix": "NWP"},
        )
        las = {}
        for name, code in [("Northbridge", "E99000001"), ("Southmoor", "E99000002")]:
            las[name], _ = LocalAuthority.objects.get_or_create(partnership=partnership, name=f"{name} Council",
                                                                defaults={"code": code})
        agencies = {}
        for name, kind in AGENCIES:
            agencies[name], _ = Agency.objects.get_or_create(partnership=partnership, name=name,
                                                             defaults={"type": kind})
        people = {}
        for key, full_name, agency_name, roles in PEOPLE:
            user = User.objects.filter(email=demo_email(key)).first()
            if user is None:
                user = User.objects.create_user(email=demo_email(key), full_name=full_name,
                                                password=DEMO_PASSWORD, agency=agencies[agency_name])
            TOTPDevice.objects.get_or_create(user=user, name="Authenticator app",
                                             defaults={"key": DEMO_TOTP_KEY, "confirmed": True})
            for role in roles:
                RoleAssignment.objects.get_or_create(person=user, partnership=partnership, role=role)
            people[key] = user
        # The demo's system administrator also runs the installation: bank holidays, the National
        # Panel's documents, the theme vocabulary and closing accounts everywhere.
        SiteRoleAssignment.objects.get_or_create(person=people["admin"], role=SiteRole.INSTALLATION_ADMINISTRATOR,
                                                 defaults={"note": "Demo installation administrator"})

        if not partnership.cases.exists():
            # The demo shows a stage that cannot be completed without its file.
            Stage.objects.filter(route__partnership=partnership, route__kind="lcspr", milestone="commissioned",
                                 required_documents="").update(required_documents="Terms of reference")
            cast = Cast(referrer=people["health.rep"], officer=people["officer"], manager=people["manager"],
                        partner_la=people["partner.la"], partner_police=people["partner.police"],
                        partner_icb=people["partner.icb"], reviewer=people["reviewer"],
                        reps=[people["police.rep"], people["health.rep"], people["school.rep"]])
            made = demo.load(partnership, cast)
            demo.load_contributions(partnership, cast, {
                agencies["Wessex Police"]: people["police.rep"],
                agencies["North Wessex NHS Foundation Trust"]: people["health.rep"],
                agencies["Kingsmead Academy Trust"]: people["school.rep"],
                agencies["Wessex Children’s Services"]: people["partner.la"],
            })
            demo.load_reports(partnership, cast)
            demo.load_learning(partnership, cast, {
                "health": agencies["North Wessex NHS Foundation Trust"], "health_lead": people["health.rep"],
                "police": agencies["Wessex Police"], "police_lead": people["police.rep"]})
            demo.load_library(partnership, cast)
            demo.load_meetings(partnership, cast)
            made += demo_adults.load(partnership, cast, sab_chair=people["sab.chair"])
            made += demo_domestic.load(partnership, cast, csp_chair=people["csp.chair"])
            # The theme suggester learns from the demo's confirmed tags and coded findings; the
            # task worker `make run` starts trains it in the background.

            transaction.on_commit(retrain_themes.enqueue)
            transaction.on_commit(fill_document_vectors.enqueue)
            # Loading writes the notifications a real history would have; mark them sent so the
            # task worker does not print a hundred demo emails, and read so nobody starts with 99 unread.
            Notification.objects.filter(case__partnership=partnership).update(emailed_at=timezone.now(),
                                                                              read_at=timezone.now())
            self.stdout.write(f"Loaded {len(made)} fictional cases.")

        codes = mfa.recovery_codes_regenerate(user=people["manager"])
        self._print_sign_in(people["manager"], codes)

    def _print_sign_in(self, manager: User, codes: list[str]) -> None:
        from base64 import b32encode

        secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        w = self.stdout.write
        w("")
        w(self.style.SUCCESS("Demo data is ready (North Wessex, fictional)."))
        from django.conf import settings

        w(f"  Sign in at:        {settings.SITE_URL}/sign-in/")
        w(f"  Email:             {manager.email}   (business unit manager)")
        w(f"  Password:          {DEMO_PASSWORD}")
        w(f"  Authenticator key: {secret}   (add it to any authenticator app)")
        w("  Or get the current 6-digit code with:  .venv/bin/python manage.py demo_code")
        w(f"  Or use a recovery code (each works once): {', '.join(mfa.format_code(c) for c in codes[:3])}")
        w("  Other demo people (same password): " + ", ".join(demo_email(k) for k, *_ in PEOPLE[1:]))
        w("")
