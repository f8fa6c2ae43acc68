"""A small fictional world for tests: two partnerships, a person for every role, cases and members."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts.models import User
from casereview.cases.models import Case, CaseMembership, CaseRole, Subject, SubjectIdentity, SubjectKind
from casereview.partnerships.models import (
    Agency,
    AgencyType,
    Invitation,
    LocalAuthority,
    Partnership,
    Role,
    RoleAssignment,
    SiteRole,
    SiteRoleAssignment,
)

PASSWORD = "a long test password for everyone"
TOTP_KEY = "3132333435363738393031323334353637383930"

# persona -> roles held in the main partnership
PERSONAS: dict[str, list[str]] = {
    "bu_manager": [Role.BUSINESS_UNIT_MANAGER],
    "bu_officer": [Role.BUSINESS_UNIT_OFFICER],
    "chair": [Role.SUBGROUP_CHAIR],
    "partner_la": [Role.PARTNER_LA],
    "partner_police": [Role.PARTNER_POLICE],
    "partner_icb": [Role.PARTNER_ICB],
    "lead_reviewer": [Role.LEAD_REVIEWER],
    "agency_rep": [Role.AGENCY_REPRESENTATIVE],
    "agency_rep_elsewhere": [Role.AGENCY_REPRESENTATIVE],
    "scrutineer": [Role.SCRUTINEER],
    "sysadmin": [Role.SYSTEM_ADMINISTRATOR],
}


@dataclass
class World:
    partnership: Partnership
    other_partnership: Partnership
    case: Case
    other_case: Case
    people: dict[str, User] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    invitation: Invitation | None = None


def make_person(email: str, name: str, agency: Agency | None, *, with_totp: bool = True) -> User:
    user = User.objects.create_user(email=email, full_name=name, password=PASSWORD, agency=agency)
    if with_totp:
        TOTPDevice.objects.create(user=user, name="Authenticator app", key=TOTP_KEY, confirmed=True)
    return user


def build_world() -> World:
    from casereview.process.services import bank_holidays_seed

    # Browser tests empty the database between tests, migration data included: put the calendar back.
    bank_holidays_seed(first_year=2015, last_year=2035)
    partnership = Partnership.objects.create(name="Testshire Safeguarding Children Partnership",
                                             short_name="Testshire", slug="testshire", reference_prefix="TST")
    other = Partnership.objects.create(name="Elsewhere Partnership", short_name="Elsewhere", slug="elsewhere",
                                       reference_prefix="ELS")
    la = LocalAuthority.objects.create(partnership=partnership, name="Testshire Council")
    agencies = {
        "csc": Agency.objects.create(partnership=partnership, name="Testshire Children’s Services",
                                     type=AgencyType.CHILDRENS_SOCIAL_CARE, local_authority=la),
        "police": Agency.objects.create(partnership=partnership, name="Testshire Police", type=AgencyType.POLICE),
        "school": Agency.objects.create(partnership=partnership, name="Testshire Academy", type=AgencyType.EDUCATION),
        "elsewhere": Agency.objects.create(partnership=other, name="Elsewhere Council",
                                           type=AgencyType.CHILDRENS_SOCIAL_CARE),
    }
    world = World(partnership=partnership, other_partnership=other, case=None, other_case=None, agencies=agencies)
    for persona, roles in PERSONAS.items():
        agency = agencies["school"] if persona == "agency_rep_elsewhere" else agencies["police"]
        user = make_person(f"{persona}@test.example", persona.replace("_", " ").title(), agency)
        for role in roles:
            RoleAssignment.objects.create(person=user, partnership=partnership, role=role)
        world.people[persona] = user
    other_manager = make_person("other_manager@test.example", "Other Manager", agencies["elsewhere"])
    RoleAssignment.objects.create(person=other_manager, partnership=other, role=Role.BUSINESS_UNIT_MANAGER)
    world.people["other_partnership_manager"] = other_manager
    # Runs the installation: no role in any partnership, only the site-wide one.
    installer = make_person("installer@test.example", "Installation Admin", None)
    SiteRoleAssignment.objects.create(person=installer, role=SiteRole.INSTALLATION_ADMINISTRATOR)
    world.people["installer"] = installer

    world.case = Case.objects.create(partnership=partnership, reference="TST-2026-001", pseudonym="Child A",
                                     local_authority=la, status="referred")
    world.other_case = Case.objects.create(partnership=other, reference="ELS-2026-001", pseudonym="Child Z", status="referred")
    child = Subject.objects.create(case=world.case, kind=SubjectKind.CHILD, label="Child A")
    SubjectIdentity.objects.create(subject=child, full_name="Jayden Testperson", date_of_birth=date(2019, 3, 4),
                                   address="1 Test Road", postcode="TE1 1ST")
    CaseMembership.objects.create(case=world.case, person=world.people["lead_reviewer"], role=CaseRole.LEAD_REVIEWER)
    CaseMembership.objects.create(case=world.case, person=world.people["agency_rep"],
                                  role=CaseRole.AGENCY_REPRESENTATIVE)
    world.invitation = Invitation.objects.create(
        partnership=partnership, email="newcomer@test.example", full_name="New Comer", agency=agencies["school"],
        roles=[Role.AGENCY_REPRESENTATIVE], created_by=world.people["bu_manager"],
        expires_at=timezone.now() + timedelta(days=7),
    )
    return world


def sign_in(client, user: User, *, password_just_entered: bool = True) -> None:
    """Signed in with both factors, as the sign-in journey leaves a person: the password was typed
    moments ago, so sensitive changes need no second prompt unless the test says otherwise."""
    import time

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if password_just_entered:
        session["sudo_until"] = int(time.time()) + 600
    session["_touched"] = int(time.time())  # as a real sign-in's response starts the idle timer
    session.save()


def sign_in_password_only(client, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def audit_said(events=None) -> list[str]:
    """What the audit log shows for each event (all of them by default): worded when shown."""
    from casereview.audit.models import AuditEvent
    from casereview.govuk.wording import audit_words

    return [audit_words(e) for e in (AuditEvent.objects.all() if events is None else events)]
