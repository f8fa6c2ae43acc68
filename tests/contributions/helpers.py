"""Agencies with their own representatives on the test case, and their returns."""

from __future__ import annotations

from datetime import date, time

from casereview.cases.models import CaseMembership, CaseRole
from casereview.contributions import services
from casereview.contributions.models import AgencyRequest, RequestKind
from casereview.partnerships.models import Role, RoleAssignment
from tests.factories import make_person


def csc_rep(world):
    """A children's social care representative, so three agencies can contribute."""
    person = world.people.get("csc_rep")
    if person is None:
        person = make_person("csc_rep@test.example", "Casey Social-Worker", world.agencies["csc"])
        RoleAssignment.objects.create(person=person, partnership=world.partnership, role=Role.AGENCY_REPRESENTATIVE)
        CaseMembership.objects.create(case=world.case, person=person, role=CaseRole.AGENCY_REPRESENTATIVE)
        world.people["csc_rep"] = person
    return person


def ask_three(world, kind=RequestKind.CHRONOLOGY) -> dict[str, AgencyRequest]:
    csc_rep(world)
    people = {"police": world.people["agency_rep"], "school": world.people["agency_rep_elsewhere"],
              "csc": world.people["csc_rep"]}
    made = services.requests_send(case=world.case, by=world.people["bu_officer"], kind=kind,
                                  contributors={world.agencies[k].pk: [p] for k, p in people.items()},
                                  instructions="Cover the year before the incident.")
    return {next(k for k in people if world.agencies[k].pk == r.agency_id): r for r in made}


def entry(**overrides) -> dict:
    values = {"on": date(2026, 3, 10), "precision": "day", "uncertain": False, "at": None,
              "source": "Case notes", "practitioner_role": "Social worker", "event": "Home visit; mother present.",
              "child_seen": "yes", "child_voice": "", "action": "Follow-up visit booked.", "no_action_reason": "",
              "outcome": "", "significance": ""}
    values.update(overrides)
    return values


def submit_entries(world, agency_request: AgencyRequest, person_key: str, rows: list[dict]):
    person = world.people[person_key]
    submission = services.current_submission(agency_request)
    for row in rows:
        services.entry_save(submission=submission, by=person, data=entry(**row))
    return services.submission_submit(submission=submission, by=person, signed_off_by="Team manager")


AT_TEN = time(10, 0)
