"""The case pages through the test client: referral, step pages, the case page, tracker and exports."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.cases.models import Case, CaseStatus, SubjectIdentity
from casereview.notifications.models import Notification
from tests.cases.journey import decided, rapid_review_done, referred_case, screened_and_notified
from tests.factories import audit_said, sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _date(prefix: str, day: date) -> dict:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    return [li.get_text(strip=True) for li in summary.select("li")] if summary else []


def test_a_referral_from_start_to_submission(client, world, immediate_tasks, django_capture_on_commit_callbacks):
    rep = world.people["agency_rep"]
    sign_in(client, rep)
    page = client.get(reverse("referrals:list"))
    assert "govuk-exit-this-page" in page.content.decode()  # the referrer may be close to the family
    response = client.post(reverse("referrals:start"))
    draft = Case.objects.get(created_by=rep, status=CaseStatus.DRAFT)
    assert response.url == reverse("referrals:incident", args=[draft.pk])

    incident = {"incident_kind": "death", "abuse_or_neglect": "suspected", "description": "Found unresponsive.",
                "police_involved": "yes", "media_interest": "no", "local_authority": world.partnership.local_authorities.first().pk,
                "lock_version": "1", **_date("incident_date", date(2026, 5, 20)), **_date("aware_date", date(2026, 5, 19))}
    response = client.post(reverse("referrals:incident", args=[draft.pk]), incident)
    assert _errors(response) == ["The date the local authority became aware cannot be before the incident"]
    assert "Error: " in response.content.decode().split("</title>")[0]
    response = client.post(reverse("referrals:incident", args=[draft.pk]),
                           {**incident, **_date("aware_date", date(2026, 7, 1))})
    assert _errors(response) == ["Date the local authority became aware must be today or in the past"]
    response = client.post(reverse("referrals:incident", args=[draft.pk]),
                           {**incident, **_date("aware_date", date(2026, 5, 21)), "aware_date-month": ""})
    assert _errors(response) == ["Date the local authority became aware must include a month"]
    response = client.post(reverse("referrals:incident", args=[draft.pk]), {**incident, **_date("aware_date", date(2026, 5, 21))})
    assert response.status_code == 302

    overview = client.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    assert "Add at least one child" in overview and "Submit referral" not in overview

    response = client.post(reverse("referrals:add-person", args=[draft.pk, "child"]), {"full_name": ""})
    assert _errors(response) == ["Enter the person’s full name"]
    client.post(reverse("referrals:add-person", args=[draft.pk, "child"]), {
        "full_name": "Riley Example", "age": "3", "sex": "female", "legal_status": ["child_protection_plan"]})
    client.post(reverse("referrals:add-person", args=[draft.pk, "family_member"]), {
        "full_name": "Sam Example", "relationship": "Mother"})
    overview = client.get(reverse("referrals:overview", args=[draft.pk])).content.decode()
    assert "Submit referral" in overview and "Riley Example" in overview
    assert AuditEvent.objects.filter(action="view_identity", actor=rep).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == CaseStatus.REFERRED and draft.reference in response.content.decode()
    # The business unit hears at once, by the reference only.
    notes = Notification.objects.filter(case=draft, kind="new_referral")
    assert {n.recipient.email for n in notes} >= {world.people["bu_manager"].email, world.people["bu_officer"].email}
    assert mail.outbox and all("Riley" not in m.body and "Example" not in m.body and "Riley" not in m.subject
                               for m in mail.outbox)
    assert all(draft.reference in m.body for m in mail.outbox)
    # Identity went to its own table; the audit trail names nobody.
    assert SubjectIdentity.objects.filter(subject__case=draft, full_name="Riley Example").exists()
    assert not any("riley" in said.lower() for said in audit_said())
    assert not AuditEvent.objects.filter(params__icontains="Riley").exists()
    # The referrer sees the reference, but not the case: they are not on it.
    assert client.get(reverse("cases:detail", args=[draft.reference])).status_code == 403


def test_a_draft_is_private_to_its_author(client, world):
    rep = world.people["agency_rep"]
    sign_in(client, rep)
    client.post(reverse("referrals:start"))
    draft = Case.objects.get(created_by=rep, status=CaseStatus.DRAFT)
    sign_in(client, world.people["bu_manager"])
    assert client.get(reverse("referrals:overview", args=[draft.pk])).status_code == 404
    assert draft.reference is None
    tracker = client.get(reverse("cases:list"))
    assert _tracker_rows(tracker) == [world.case.reference]


def test_step_page_shows_errors_and_keeps_the_case_unchanged(client, world):
    case = referred_case(world, aware=date(2026, 5, 27))
    sign_in(client, world.people["bu_officer"])
    url = reverse("cases:step", args=[case.reference, "screen"])
    response = client.post(url, {"lock_version": case.lock_version, "abuse_or_neglect": "not_suspected",
                                 "death_or_serious_harm": "yes", "outcome": "notify", "rationale": "r",
                                 **_date("screened_on", date(2026, 5, 28))})
    assert _errors(response) == ["Only a case that meets both tests can be notified: abuse or neglect known or "
                                 "suspected, and death or serious harm"]
    response = client.post(url, {"lock_version": case.lock_version})
    assert "Select the outcome of screening" in _errors(response)
    assert "Enter date of screening" in _errors(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    response = client.post(url, {"lock_version": case.lock_version - 1, "abuse_or_neglect": "known",
                                 "death_or_serious_harm": "yes", "outcome": "notify", "rationale": "r",
                                 **_date("screened_on", date(2026, 5, 28))})
    assert any("Someone else changed this case" in e for e in _errors(response))
    response = client.post(url, {"lock_version": case.lock_version, "abuse_or_neglect": "known",
                                 "death_or_serious_harm": "yes", "outcome": "notify", "rationale": "r",
                                 **_date("screened_on", date(2026, 5, 28))})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_NOTIFICATION
    # The step is no longer offered, and asking for it again says why.
    response = client.get(url, follow=True)
    assert "You cannot record the screening now" in response.content.decode()


def test_the_case_page_explains_its_clocks_and_shows_the_timeline(client, world):
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 27)), on=date(2026, 4, 28),
                                 notified_on=date(2026, 4, 29))
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "15 working days after the notification to the National Panel on 29 April 2026: 21 May 2026" in page
    assert "Statutory timescale, rule version 1" in page
    assert "moj-timeline" in page and "Record the notification to the National Panel" in page
    assert "Record rapid review progress" in page  # the next step is offered


def test_stage_checklist_can_be_ticked(client, world):
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 4, 1)), on=date(2026, 4, 2))
    case = rapid_review_done(world, case, requested=date(2026, 4, 7), received=date(2026, 4, 14),
                             meeting=date(2026, 4, 16), agreed=date(2026, 4, 17), sent=date(2026, 4, 20),
                             response_on=date(2026, 4, 30))
    case = decided(world, case, kind="lcspr", on=date(2026, 5, 1))
    sign_in(client, world.people["bu_officer"])
    client.post(reverse("cases:checklist", args=[case.reference]), {"document": "Terms of reference", "done": "yes"})
    assert case.checklist_ticks.filter(document="Terms of reference").exists()
    response = client.post(reverse("cases:checklist", args=[case.reference]),
                           {"document": "Something else", "done": "yes"}, follow=True)
    assert "not on the checklist" in response.content.decode()


def _tracker_rows(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.select_one("th, td").get_text(strip=True) for row in soup.select("tbody tr")]


def test_tracker_filters_sorts_and_searches(client, world):
    late = referred_case(world, aware=date(2026, 5, 1))  # notification due 11 May: overdue on 1 June
    soon = referred_case(world, aware=date(2026, 5, 27))  # due 3 June, reminders from 1 June: due soon
    sign_in(client, world.people["bu_manager"])
    rows = _tracker_rows(client.get(reverse("cases:list")))
    assert rows[:2] == [late.reference, soon.reference]
    assert _tracker_rows(client.get(reverse("cases:list"), {"state": "overdue"})) == [late.reference]
    assert _tracker_rows(client.get(reverse("cases:list"), {"state": "due_soon"})) == [soon.reference]
    assert _tracker_rows(client.get(reverse("cases:list"), {"q": soon.pseudonym})) == [soon.reference]
    assert _tracker_rows(client.get(reverse("cases:list"), {"sort": "deadline", "order": "desc"}))[0] == soon.reference
    assert _tracker_rows(client.get(reverse("cases:list"), {"stage": "status:referred", "year": "2026",
                                                            "agency": world.agencies["police"].pk})) == [
        late.reference, soon.reference]
    page = client.get(reverse("cases:list")).content.decode()
    assert "5 working days overdue" in page or "working days overdue" in page
    assert "Overdue" in page and "Due soon" in page


def test_tracker_query_count_does_not_grow_with_the_cases(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, world.people["bu_manager"])
    referred_case(world, aware=date(2026, 5, 20))
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:list"))
    for day in range(1, 25):
        referred_case(world, aware=date(2026, 4, day % 28 + 1))
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:list"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_exports_are_audited_and_safe_from_formula_injection(client, world):
    case = referred_case(world, aware=date(2026, 5, 20))
    Case.objects.filter(pk=case.pk).update(pseudonym="=HYPERLINK(\"http://evil\")")
    sign_in(client, world.people["bu_manager"])
    response = client.get(reverse("cases:export", args=["csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="cases-2026-06-01.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Reference"
    pseudonyms = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in pseudonyms
    response = client.get(reverse("cases:export", args=["xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet["B"]]
    assert "'=HYPERLINK(\"http://evil\")" in values
    assert AuditEvent.objects.filter(action="export").count() == 2
    sign_in(client, world.people["lead_reviewer"])
    assert client.get(reverse("cases:export", args=["csv"])).status_code == 403


def test_exports_hold_no_identifying_details(client, world):
    referred_case(world, aware=date(2026, 5, 20))
    sign_in(client, world.people["bu_manager"])
    body = client.get(reverse("cases:export", args=["csv"])).content.decode("utf-8-sig")
    assert "Jordan" not in body and "Jayden" not in body


def test_tracker_query_count_is_the_same_for_a_small_and_a_larger_national_dataset(client, world):
    """The synthetic generator at two sizes, seen by one person with a role in every partnership."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casereview.operations.management.commands.generate_synthetic import generate
    from casereview.partnerships.models import Partnership, Role, RoleAssignment

    viewer = world.people["scrutineer"]

    def counted() -> tuple[int, int]:
        RoleAssignment.objects.bulk_create([
            RoleAssignment(person=viewer, partnership=p, role=Role.SCRUTINEER)
            for p in Partnership.objects.filter(slug__startswith="synthetic-")], ignore_conflicts=True)
        sign_in(client, viewer)
        cache.clear()  # the navigation's waiting-work count is worked out afresh each time
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("cases:list"), {"sort": "reference"})
        assert response.status_code == 200
        return len(queries.captured_queries), Case.objects.count()

    generate(partnerships=3, cases=60, years=10)
    small, small_cases = counted()
    generate(partnerships=12, cases=1500, years=10)
    large, large_cases = counted()
    assert large_cases > 20 * small_cases / 2
    assert large == small


def test_the_tracker_shows_a_case_referred_since_it_was_last_viewed(client, world):
    """The tracker's count, page and filter choices are kept between views, until any change."""
    sign_in(client, world.people["bu_manager"])
    first = referred_case(world, aware=date(2026, 5, 20))
    before = client.get(reverse("cases:list")).content.decode()
    assert first.reference in before
    second = referred_case(world, aware=date(2026, 5, 21))
    after = client.get(reverse("cases:list")).content.decode()
    assert second.reference in after
    count = lambda page: BeautifulSoup(page, "html.parser").find("p", attrs={"aria-live": "polite"}).text  # noqa: E731
    assert count(after) != count(before)
    searched = client.get(reverse("cases:list"), {"q": f"{second.pseudonym} (x)"})
    assert searched.status_code == 200  # any typed text makes a valid key for what is kept
