"""“Your work”: each role's list, each item leading to the place where it is acted on, and a page
whose cost does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casereview.cases.models import CaseStatus
from casereview.contributions import services as contributions
from casereview.contributions.models import AgencyRequest
from casereview.learning import services as learning
from casereview.reports import queries as report_queries
from casereview.reports import services as reports
from casereview.work.queries import work_for
from tests.cases.journey import (
    lcspr_at_stage,
    rapid_review_done,
    referred_case,
    screened_and_notified,
    step,
)
from tests.contributions.helpers import submit_entries
from tests.factories import sign_in
from tests.work.scenarios import chair_work, lead_reviewer_work

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _sections(person):
    return {s.key: s for s in work_for(person, TODAY)}


def _follow_every_item(client, person, sections):
    """Each item links straight to a page this person may open."""
    sign_in(client, person)
    for section in sections.values():
        for item in section.items:
            path = item.href.split("#")[0]
            assert client.get(path).status_code == 200, (section.key, item.href)


def _the_world_of_work(world):
    """One of each kind of business-unit work."""
    bu = world.people["bu_officer"]
    late = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
    police, school = (contributions.requests_send(
        case=late, by=bu, kind="chronology", contributors={world.agencies[a].pk: [world.people[p]]},
        instructions="Cover the last year.")[0] for a, p in (("police", "agency_rep"), ("school", "agency_rep_elsewhere")))
    AgencyRequest.objects.filter(pk=police.pk).update(due_on=date(2026, 5, 20))
    submit_entries(world, school, "agency_rep_elsewhere", [{"on": date(2026, 1, 5)}])
    approved = lcspr_at_stage(world, 4)
    reports.version_save(case=approved, by=world.people["lead_reviewer"], sections={
        "introduction": "<p>Jordan Example was seen by the health visitor.</p>"})
    step(approved, "hold_place", bu, reason="inquest", started_on=date(2026, 5, 20), review_on=date(2026, 6, 4))
    recommendation = learning.recommendation_add(case=approved, by=bu, text="Share bruising concerns.")
    learning.action_add(recommendation=recommendation, by=bu, description="Audit the bruising protocol.",
                        agency=world.agencies["police"], lead=world.people["agency_rep"], start_on=date(2026, 3, 1),
                        due_on=date(2026, 5, 1), success_measure="Audit shows the protocol followed.")
    return late, police, school, approved


def test_the_business_unit_sees_each_kind_of_its_work_and_each_leads_to_its_page(client, world):
    late, police, school, approved = _the_world_of_work(world)
    sections = _sections(world.people["bu_manager"])
    assert {key: [i.case.reference for i in s.items] for key, s in sections.items()} == {
        "screen": [world.case.reference],
        "deadlines": [late.reference],
        "returns": [late.reference],
        "requests_overdue": [late.reference],
        "approvals": [approved.reference],
        "anonymisation": [approved.reference],
        "actions_overdue": [approved.reference],
        "holds": [approved.reference],
        # In the test world the manager works for the police, whose action this is.
        "my_actions": [approved.reference],
    }
    assert sections["requests_overdue"].items[0].what == "Chase the chronology from Testshire Police"
    assert sections["requests_overdue"].items[0].overdue
    assert sections["approvals"].items[0].what == ("Waiting for approval of version 1: integrated care board, "
                                                   "local authority, police")
    assert sections["anonymisation"].items[0].what == "Decide 1 finding of the anonymisation check"
    _follow_every_item(client, world.people["bu_manager"], sections)

    # Acting takes an item off the list.
    reports.approval_record(case=approved, by=world.people["partner_la"], version=report_queries.latest_version(approved))
    submission = school.submissions.get(version=1)
    contributions.submission_mark_used(submission=submission, by=world.people["bu_officer"], used_for="Analysis")
    step(world.case, "screen", world.people["bu_officer"], abuse_or_neglect="suspected", death_or_serious_harm="yes",
         outcome="notify", rationale="Both tests met.", screened_on=TODAY)
    after = _sections(world.people["bu_manager"])
    assert after["screen"].items == [] and after["returns"].items == []
    assert after["approvals"].items[0].what.endswith(": integrated care board, police")


def test_the_page_lands_after_sign_in_and_says_plainly_when_there_is_nothing(client, world):
    sign_in(client, world.people["scrutineer"])
    page = client.get(reverse("work:home")).content.decode()
    assert "Nothing is waiting for you." in page
    assert "No open case has missed a deadline." in page
    sign_in(client, world.people["installer"])
    assert "You have no role in a partnership" in client.get(reverse("work:home")).content.decode()


def test_the_count_in_the_navigation_is_the_page_total(client, world):
    _the_world_of_work(world)
    sign_in(client, world.people["bu_manager"])
    total = sum(s.total for s in _sections(world.people["bu_manager"]).values())
    page = client.get(reverse("cases:list")).content.decode()
    assert f'Your work <strong class="app-count">{total}<span class="govuk-visually-hidden"> waiting' in page


def test_an_agency_representative_sees_their_own_open_requests_and_actions(client, world):
    late, police, school, approved = _the_world_of_work(world)
    mine = _sections(world.people["agency_rep"])
    assert [i.href for i in mine["my_requests"].items] == [reverse("contributions:request", args=[police.pk])]
    assert mine["my_requests"].items[0].what == "Chronology for Testshire Police"
    assert mine["my_requests"].items[0].case.reference == late.reference
    assert [i.case.reference for i in mine["my_actions"].items] == [approved.reference]
    _follow_every_item(client, world.people["agency_rep"], mine)
    # The school's representative answered theirs: it has left their list; the police request was never on it.
    theirs = _sections(world.people["agency_rep_elsewhere"])
    assert theirs["my_requests"].items == []
    assert theirs["my_requests"].empty == "You have no open requests."


def test_the_lead_reviewer_sees_their_cases_drafts_comments_and_flags(client, world):
    drafting, to_write = lead_reviewer_work(world)
    sections = _sections(world.people["lead_reviewer"])
    # The world's own referral names them lead reviewer too; it has no deadline yet, so it comes last.
    assert [i.case.reference for i in sections["my_cases"].items] == [drafting.reference, to_write.reference,
                                                                      world.case.reference]
    assert [i.what for i in sections["my_cases"].items] == ["Drafting", "Drafting", "Referred: awaiting screening"]
    # Only the report not yet started is one to write; the other is under way.
    assert [(i.what, i.case.reference) for i in sections["drafts"].items] == [("Write the report", to_write.reference)]
    assert [i.what for i in sections["corrections"].items] == ["Answer a comment on “introduction”"]
    assert [i.what for i in sections["flags"].items] == ["Resolve: likely duplicate"]
    assert "unsaved" not in sections
    _follow_every_item(client, world.people["lead_reviewer"], sections)


def test_unsaved_report_drafts_come_first_for_whoever_typed_them(client, world):
    from casereview.reports import drafts

    drafting, to_write = lead_reviewer_work(world)
    drafts.draft_autosave(case=to_write, by=world.people["lead_reviewer"], sections={"introduction": "<p>Begun.</p>"})
    work = work_for(world.people["lead_reviewer"], TODAY)
    assert work[0].key == "unsaved"
    assert [(i.what, i.case.reference) for i in work[0].items] == [
        ("Check and save your draft (last saved 1 June 2026 at 1am)", to_write.reference)]
    assert "unsaved" not in _sections(world.people["bu_officer"])  # private to the one who typed it
    _follow_every_item(client, world.people["lead_reviewer"], {"unsaved": work[0]})


def test_partners_see_decisions_and_reports_to_approve_until_they_approve(client, world):
    waiting = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
    waiting = rapid_review_done(world, waiting, requested=date(2026, 4, 7), received=date(2026, 4, 14),
                                meeting=date(2026, 4, 16), agreed=date(2026, 4, 17), sent=date(2026, 4, 20),
                                response_on=date(2026, 4, 30))
    assert waiting.status == CaseStatus.AWAITING_DECISION
    approved = lcspr_at_stage(world, 4)
    version = reports.version_save(case=approved, by=world.people["lead_reviewer"],
                                   sections={"introduction": "<p>About Child B.</p>"})
    police = world.people["partner_police"]
    sections = _sections(police)
    assert [i.case.reference for i in sections["decisions"].items] == [waiting.reference]
    assert [i.what for i in sections["to_approve"].items] == ["Approve version 1 of the report"]
    _follow_every_item(client, police, sections)
    reports.approval_record(case=approved, by=police, version=version)
    assert _sections(police)["to_approve"].items == []
    assert _sections(world.people["partner_icb"])["to_approve"].total == 1
    # The partners were told, not left to find it.
    assert police.notifications.filter(kind="approval_waiting", case=approved).exists()
    assert police.notifications.filter(kind="decision_waiting", case=waiting).exists()


def test_the_chair_sees_quality_assurance_briefings_and_actions_to_assure(client, world):
    quality, _ = chair_work(world)
    chair = world.people["chair"]
    sections = _sections(chair)
    assert [i.what for i in sections["quality"].items] == ["Quality-assure the report: 0 of 8 markers met"]
    assert [i.what for i in sections["briefings"].items] == ["Approve “Seven minutes on Child B”"]
    assert [i.what for i in sections["assurance"].items] == ["Assure: Train front-line staff."]
    _follow_every_item(client, chair, sections)
    assert chair.notifications.filter(kind="quality_waiting", case=quality).exists()


def test_the_scrutineer_sees_what_they_oversee(client, world):
    late = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
    sections = _sections(world.people["scrutineer"])
    assert [i.case.reference for i in sections["missed"].items] == [late.reference]
    assert sections["missed"].items[0].overdue
    _follow_every_item(client, world.people["scrutineer"], sections)


def test_the_page_costs_the_same_queries_however_much_work_there_is(client, world):
    """Ten times the work, the same number of queries: every section is a fixed set of queries."""
    _the_world_of_work(world)
    sign_in(client, world.people["bu_manager"])
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("work:home")).status_code == 200
    for day in range(1, 12):
        referred_case(world, aware=date(2026, 5, day + 1))
    for _ in range(3):
        approved = lcspr_at_stage(world, 4)
        reports.version_save(case=approved, by=world.people["lead_reviewer"], sections={
            "introduction": "<p>Jordan Example was seen.</p>"})
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("work:home")).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
