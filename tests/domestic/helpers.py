"""A domestic abuse related death review, a step at a time, through the services people use."""

from __future__ import annotations

from datetime import date

from casereview.accounts.models import User
from casereview.cases import lifecycle
from casereview.cases import services as cases
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.domestic import services
from casereview.partnerships.models import Role, RoleAssignment
from tests.factories import make_person


def csp_chair(world) -> User:
    chair = User.objects.filter(email="csp_chair@test.example").first()
    if chair is None:
        chair = make_person("csp_chair@test.example", "Csp Chair", world.agencies["police"])
        RoleAssignment.objects.create(person=chair, partnership=world.partnership, role=Role.CSP_CHAIR)
    return chair


def enable_domestic(world, label: str = "") -> None:
    cases.framework_enable(partnership=world.partnership, key="domestic_abuse", label=label,
                           by=world.people["bu_manager"])


def notified(world, *, on: date = date(2026, 3, 2)) -> Case:
    enable_domestic(world)
    return services.notification_record(partnership=world.partnership, by=world.people["bu_officer"], data={
        "notified_on": on, "police_reference": "OP-123", "full_name": "Dana Testperson", "age": 34, "sex": "female",
        "date_of_death": date(2026, 2, 27), "death_kind": "homicide", "relationship": "partner",
        "criminal_proceedings": True, "local_authority": world.partnership.local_authorities.first()})


def step(case: Case, name: str, by, **data) -> Case:
    return lifecycle.case_transition(case=case, name=name, by=by, data=data)


def decided(world, case: Case, *, outcome: str = "review", on: date = date(2026, 3, 20)) -> Case:
    chair = csp_chair(world)
    return step(case, "dar_decide", chair, outcome=outcome, reasons="The criteria of section 9 are met.",
                chair=chair, decided_on=on)


def under_review(world) -> Case:
    case = decided(world, notified(world))
    case = step(case, "dar_tell_home_office", world.people["bu_officer"], told_on=date(2026, 3, 23))
    CaseMembership.objects.create(case=case, person=world.people["lead_reviewer"], role=CaseRole.LEAD_REVIEWER)
    return case
