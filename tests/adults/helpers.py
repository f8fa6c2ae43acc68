"""A safeguarding adults review, a step at a time, through the services people use."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import time_machine

from casereview.accounts.models import User
from casereview.adults import services
from casereview.cases import lifecycle
from casereview.cases import services as cases
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.partnerships.models import Role, RoleAssignment
from tests.factories import make_person

REFERRAL = {
    "referrer_role": "Safeguarding adults lead", "senior_lead_agreed": "yes", "full_name": "Edna Testperson",
    "date_of_birth": date(1950, 2, 3), "age": None, "sex": "female", "ethnicity": "white", "incident_kind": "death",
    "incident_date": date(2026, 2, 1), "care_and_support_needs": "yes", "abuse_or_neglect": "suspected",
    "abuse_kinds": ["self_neglect"], "working_together_concern": "yes",
    "description": "Died at home after months of self-neglect known to three agencies.",
    "aware_date": date(2026, 2, 2), "agencies": [],
}


def sab_chair(world) -> User:
    chair = User.objects.filter(email="sab_chair@test.example").first()
    if chair is None:
        chair = make_person("sab_chair@test.example", "Sab Chair", world.agencies["police"])
        RoleAssignment.objects.create(person=chair, partnership=world.partnership, role=Role.SAB_CHAIR)
    return chair


def enable_adults(world) -> None:
    cases.framework_enable(partnership=world.partnership, key="adults", by=world.people["bu_manager"])


def sar_referred(world, *, received: date = date(2026, 2, 3), **changes) -> Case:
    """Submitted on `received`: the board's clocks start from the day the referral arrives."""
    enable_adults(world)
    by = world.people["agency_rep"]
    with time_machine.travel(datetime.combine(received, time(10, 0), tzinfo=UTC), tick=False):
        case = services.sar_referral_start(partnership=world.partnership, by=by)
        services.sar_referral_save(case=case, by=by, data={
            **REFERRAL, "local_authority": world.partnership.local_authorities.first(), **changes})
        return lifecycle.case_transition(case=case, name="submit", by=by)


def step(case: Case, name: str, by, **data) -> Case:
    return lifecycle.case_transition(case=case, name=name, by=by, data=data)


def acknowledged(world, case: Case, *, on: date, outcome: str = "information", **answers) -> Case:
    data = {"acknowledged_on": on, "care_and_support_needs": "yes", "abuse_or_neglect": "yes",
            "working_together_concern": "yes", "outcome": outcome, "rationale": "Section 44(1) to (3) applies."}
    return step(case, "sar_acknowledge", world.people["bu_officer"], **{**data, **answers})


def recommended(world, case: Case, *, on: date, recommendation: str = "commission") -> Case:
    return step(case, "sar_recommend", world.people["bu_officer"], met_on=on, recommendation=recommendation,
                legal_basis="s44_mandatory" if recommendation == "commission" else "", methodology="learning_together",
                rationale="Mandatory review.")


def decided(world, case: Case, *, on: date, methodology: str = "learning_together", decision: str = "commission",
            by=None) -> Case:
    chair = sab_chair(world)
    return step(case, "sar_decide", by or chair, decision=decision, legal_basis="s44_mandatory",
                methodology=methodology, chair=chair, decided_on=on, rationale="The chair agrees.")


def commissioned(world, *, methodology: str = "learning_together") -> Case:
    case = sar_referred(world)
    case = acknowledged(world, case, on=date(2026, 2, 9), outcome="subgroup")
    case = recommended(world, case, on=date(2026, 2, 16))
    case = decided(world, case, on=date(2026, 2, 18), methodology=methodology)
    CaseMembership.objects.create(case=case, person=world.people["lead_reviewer"], role=CaseRole.LEAD_REVIEWER)
    return case
