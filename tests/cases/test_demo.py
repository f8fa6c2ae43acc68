"""The demo partnership: every stage and route is represented, and every page of it renders."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from casereview.accounts.models import User
from casereview.cases import frameworks, lifecycle
from casereview.cases.models import Case, CaseStatus
from casereview.process.models import RouteKind
from tests.factories import sign_in


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction rolled back at its end; each test
    runs in a savepoint within it (pytest-django's `db`), so none sees another's changes."""
    from django.db import transaction

    from casereview.process.services import bank_holidays_seed

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            bank_holidays_seed(first_year=2015, last_year=2035)
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_seeded, db):
    return Case.objects.exclude(status=CaseStatus.DRAFT)


def test_demo_covers_every_status_and_route(demo):
    statuses = set(demo.values_list("status", flat=True))
    assert statuses == (set(CaseStatus.values) | set(frameworks.all_statuses())) - {CaseStatus.DRAFT}
    routes = set(demo.exclude(route=None).values_list("route__kind", flat=True))
    assert routes == set(RouteKind.values) - {RouteKind.NO_FURTHER_ACTION}
    assert demo.filter(on_hold=True).exists()
    from casereview.contributions.models import AgencyRequest, ChronologyRelease

    children = AgencyRequest.objects.filter(case__framework="children")
    assert children.filter(status="submitted").count() == 3
    assert children.filter(status="not_started").count() == 4
    # A board's requests under section 45, waiting for the agencies.
    assert set(AgencyRequest.objects.filter(case__framework="adults").values_list("kind", flat=True)) == {
        "s45_information"}
    assert ChronologyRelease.objects.exists()
    from casereview.reports.models import PublishedReport, ReportVersion

    # An LCSPR's report and a local learning review's learning summary are published, and a SAR's.
    assert ReportVersion.objects.filter(case__framework="children").count() == 4
    assert sorted(PublishedReport.objects.values_list("case__route__kind", flat=True)) == [
        "lcspr", "local_learning", "sar"]
    from casereview.learning.models import Action, Briefing

    # One briefing on the published review, one on a National Panel report with no local case.
    assert Action.objects.filter(recommendation__case__framework="children").count() == 2
    assert sorted(Briefing.objects.filter(status="published").values_list("case", flat=True),
                  key=lambda c: c is None)[-1] is None and Briefing.objects.filter(status="published").count() == 2
    # The published review also answers a National Panel report, linked to its library record.
    from casereview.learning.models import Recommendation

    panel = Recommendation.objects.get(source="library")
    assert panel.library_document.origin == "national_panel" and panel.case == Briefing.objects.get(
        status="published", case__isnull=False).case
    assert 12 <= demo.filter(framework="children").count() <= 20
    assert demo.filter(framework="adults").count() == 8
    assert demo.filter(framework="domestic_abuse").count() == 5


def test_the_demo_tells_one_coherent_story(demo):
    """Every step's history is dated on the day it records; requests are due when their stage
    needs them; no two reports are the same."""
    from django.utils import timezone

    from casereview.cases.models import CaseTransition
    from casereview.contributions.models import AgencyRequest
    from casereview.reports.models import ReportVersion

    def notified(case):  # the step is taken when the last of its notifications went
        n = case.panel_notification
        return max(d for d in (n.notified_on, n.ofsted_notified_on, n.secretary_of_state_notified_on) if d)

    recorded = {"screen": lambda c: c.screening.screened_on, "notify": notified,
                "decide": lambda c: c.decisions.order_by("pk").first().decided_on,
                "submit": lambda c: c.milestones.get(event={"children": "aware", "adults": "referral_received",
                                                            "domestic_abuse": "police_notified"}[c.framework]).on}
    for transition in CaseTransition.objects.filter(name__in=recorded).select_related("case"):
        assert timezone.localdate(transition.at) == recorded[transition.name](transition.case), (
            transition.case.reference, transition.name)
    today = timezone.localdate()
    for asked in AgencyRequest.objects.select_related("case"):
        assert asked.sent_on <= asked.due_on and asked.created_at.date() == asked.sent_on
        if asked.kind == "agency_report":
            assert asked.due_on > today  # information gathering: answers are due in the weeks ahead
    overdue = AgencyRequest.objects.get(status="not_started", kind="chronology")
    assert overdue.due_on < today and overdue.case.stage.milestone == "drafting"
    texts = [str(v.sections) for v in ReportVersion.objects.all()]
    assert len(set(texts)) == len(texts)


def test_every_demo_case_page_and_step_page_renders(client, demo):
    from casereview.contributions.models import AgencyRequest as AgencyRequestModel

    manager = User.objects.get(email="manager@example.org")
    sign_in(client, manager)
    assert client.get(reverse("cases:list")).status_code == 200
    for case in demo:
        response = client.get(reverse("cases:detail", args=[case.reference]))
        assert response.status_code == 200, case.reference
        # The primary button is the step the lifecycle table says comes next; the rest are secondary.
        buttons = re.findall(r'<a href="/cases/[^"]+/steps/([a-z_]+)/"[^>]*class="govuk-button( [^"]*)?"',
                             response.content.decode())
        primary = [name for name, modifier in buttons if not (modifier or "").strip()]
        expected = lifecycle.next_step(case)
        assert primary == ([expected.name] if expected else []), (case.reference, buttons)
        for transition in lifecycle.available_transitions(case, manager):
            response = client.get(reverse("cases:step", args=[case.reference, transition.name]))
            assert response.status_code == 200, (case.reference, transition.name)
    for name in ("cases:export",):
        assert client.get(reverse(name, args=["xlsx"])).status_code == 200
    chronology_case = demo.filter(agency_requests__kind="chronology").distinct().get()
    for agency_request in AgencyRequestModel.objects.all():
        assert client.get(reverse("contributions:request", args=[agency_request.pk])).status_code == 200
    for name in ("contributions:case", "contributions:chronology", "contributions:print"):
        assert client.get(reverse(name, args=[chronology_case.reference])).status_code == 200
    for case in demo.filter(report_versions__isnull=False):
        assert client.get(reverse("reports:overview", args=[case.reference])).status_code == 200
        assert client.get(reverse("reports:anonymisation", args=[case.reference])).status_code == 200
    from casereview.reports.models import PublishedReport

    client.logout()
    for publication in PublishedReport.objects.all():
        assert client.get(reverse("site:library-report", args=[publication.slug])).status_code == 200
    sign_in(client, manager)
    slug = demo.first().partnership.slug
    assert client.get(reverse("process:overview", args=[slug])).status_code == 200
    assert client.get(reverse("process:calendar", args=[slug])).status_code == 200
    assert client.get(reverse("notifications:list")).status_code == 200


def test_every_demo_review_past_commissioning_holds_its_signed_terms_of_reference(demo):
    """The demo's LCSPR pack requires the file, so each review that left its Commissioned stage
    shows the signed copy against the stage's expected document."""
    from casereview.casefiles.models import CaseDocument

    past = [c for c in demo.filter(route__kind="lcspr").exclude(stage=None) if c.stage.milestone != "commissioned"]
    assert past
    for case in past:
        document = CaseDocument.objects.get(case=case, title="Signed terms of reference")
        assert document.expected == "Terms of reference" and document.versions.get().downloadable
    route = past[0].route
    assert route.stages.get(milestone="commissioned").required == ["Terms of reference"]


def test_seeding_twice_adds_nothing(demo):
    before = demo.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Case.objects.exclude(status=CaseStatus.DRAFT).count() == before


def test_the_demo_plans_a_rapid_review_meeting_the_partners_find_on_their_work(client, demo):
    """A first visit as a partner shows the meeting and its paper; the business unit sees the agenda."""
    from casereview.meetings.models import Meeting

    meeting = Meeting.objects.get()
    item = meeting.items.get()
    assert item.case.status == CaseStatus.RAPID_REVIEW and item.papers.count() == 1
    police = User.objects.get(email="partner.police@example.org")
    assert meeting.attendees.filter(person=police).exists()
    sign_in(client, police)
    work = client.get(reverse("work:home")).content.decode()
    assert "Meetings you are invited to" in work and reverse("meetings:detail", args=[meeting.pk]) in work
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:paper", args=[meeting.pk, item.pk, item.papers.get().pk]) in detail
    sign_in(client, User.objects.get(email="officer@example.org"))
    assert client.get(reverse("meetings:list")).status_code == 200
    assert client.get(reverse("meetings:case", args=[item.case.reference])).status_code == 200
