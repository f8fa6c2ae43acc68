"""Requests name their case; their named contributors see who the child and family are while the
request is open (audited); the business unit chases and re-dates requests across the partnership."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.cases.models import Subject, SubjectIdentity
from casereview.contributions import services
from casereview.contributions.models import AgencyRequest
from casereview.notifications.models import Notification
from tests.contributions.helpers import submit_entries
from tests.factories import audit_said, make_person, sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def requests(world):
    """The police chronology names agency_rep; a second police request on the same case names another
    police representative; the school's names agency_rep_elsewhere."""
    from casereview.partnerships.models import Role, RoleAssignment

    mother = Subject.objects.create(case=world.case, kind="family_member", label="Mother", relationship="Mother")
    SubjectIdentity.objects.create(subject=mother, full_name="Kerry Testperson", address="1 Test Road")
    world.case.agencies.set([world.agencies["police"], world.agencies["school"]])
    colleague = make_person("colleague@test.example", "Police Colleague", world.agencies["police"])
    RoleAssignment.objects.create(person=colleague, partnership=world.partnership, role=Role.AGENCY_REPRESENTATIVE)
    bu = world.people["bu_officer"]
    made = {}
    for key, agency, person, kind in (("police", "police", world.people["agency_rep"], "chronology"),
                                      ("colleague", "police", colleague, "agency_report"),
                                      ("school", "school", world.people["agency_rep_elsewhere"], "chronology")):
        made[key] = services.requests_send(case=world.case, by=bu, kind=kind,
                                           contributors={world.agencies[agency].pk: [person]}, instructions="x")[0]
    made["colleague_person"] = colleague
    return made


def test_the_named_contributor_sees_the_child_on_the_request_and_the_view_is_audited(client, world, requests):
    sign_in(client, world.people["agency_rep"])
    page = client.get(reverse("contributions:request", args=[requests["police"].pk])).content.decode()
    assert "TST-2026-001 Child A" in page
    assert "Jayden Testperson" in page and "4 March 2019" in page and "1 Test Road TE1 1ST" in page
    assert "Kerry Testperson" in page
    assert "Testshire Academy" in page and "Testshire Police" in page  # agencies known to the family
    event = AuditEvent.objects.filter(action="view_identity", actor=world.people["agency_rep"]).get()
    assert event.case_id == world.case.pk and "Testshire Police's chronology" in audit_said([event])[0]
    own_page = client.get(reverse("contributions:identity", args=[requests["police"].pk]))
    assert own_page.status_code == 200 and "Jayden Testperson" in own_page.content.decode()
    assert AuditEvent.objects.filter(action="view_identity", actor=world.people["agency_rep"]).count() == 2
    # The list names the case too.
    mine = client.get(reverse("contributions:mine")).content.decode()
    assert "TST-2026-001" in mine and "Child A" in mine


@pytest.mark.parametrize("persona", ["bu_manager", "bu_officer", "lead_reviewer", "chair", "partner_police",
                                     "scrutineer", "agency_rep_elsewhere", "colleague", "other_partnership_manager"])
def test_no_one_else_sees_who_the_request_is_about(client, world, requests, persona):
    person = requests["colleague_person"] if persona == "colleague" else world.people[persona]
    sign_in(client, person)
    response = client.get(reverse("contributions:identity", args=[requests["police"].pk]))
    assert response.status_code in (403, 404)
    request_page = client.get(reverse("contributions:request", args=[requests["police"].pk]))
    assert "Jayden Testperson" not in request_page.content.decode()
    assert not AuditEvent.objects.filter(action="view_identity", actor=person).exists()


def test_the_details_go_once_the_request_is_answered(client, world, requests):
    submit_entries(world, requests["police"], "agency_rep", [{"on": date(2026, 1, 5)}])
    sign_in(client, world.people["agency_rep"])
    assert client.get(reverse("contributions:identity", args=[requests["police"].pk])).status_code == 403
    page = client.get(reverse("contributions:request", args=[requests["police"].pk])).content.decode()
    assert "Jayden Testperson" not in page and "TST-2026-001 Child A" in page


def test_the_partnership_list_filters_and_chases(client, world, requests):
    AgencyRequest.objects.filter(pk=requests["school"].pk).update(due_on=date(2026, 5, 25))
    sign_in(client, world.people["bu_officer"])
    url = reverse("contributions:partnership", args=[world.partnership.slug])
    page = client.get(url).content.decode()
    assert page.count("Chase<span") == 3 and "1 is overdue" in page
    overdue = client.get(url, {"show": "overdue"}).content.decode()
    assert overdue.count("Chase<span") == 1 and "Testshire Academy" in overdue
    assert client.get(url, {"agency": world.agencies["police"].pk}).content.decode().count("Chase<span") == 2
    assert client.get(url, {"kind": "agency_report"}).content.decode().count("Chase<span") == 1
    response = client.post(reverse("contributions:chase", args=[requests["school"].pk]), {"back": url + "?show=overdue"})
    assert response["Location"] == url + "?show=overdue"
    chased = AgencyRequest.objects.get(pk=requests["school"].pk)
    assert chased.chased_on == TODAY and chased.chase_count == 1
    told = Notification.objects.get(recipient=world.people["agency_rep_elsewhere"], kind="request_chased")
    assert "was due on 25 May 2026" in told.text
    assert any(s.startswith("Chased Testshire Academy") for s in audit_said())
    # An outside address is never followed.
    response = client.post(reverse("contributions:chase", args=[requests["school"].pk]),
                           {"back": "https://evil.example/"})
    assert response["Location"] == reverse("contributions:request", args=[requests["school"].pk])


def test_a_due_date_changes_only_with_a_reason_and_is_audited(client, world, requests):
    sign_in(client, world.people["bu_officer"])
    url = reverse("contributions:due-date", args=[requests["police"].pk])
    response = client.post(url, {"due_on-day": "30", "due_on-month": "6", "due_on-year": "2026", "reason": "",
                                 "lock_version": "1"})
    assert "Say why the due date is changing" in response.content.decode()
    response = client.post(url, {"due_on-day": "30", "due_on-month": "6", "due_on-year": "2026",
                                 "reason": "Records are archived off site", "lock_version": "1"})
    assert response.status_code == 302
    changed = AgencyRequest.objects.get(pk=requests["police"].pk)
    assert changed.due_on == date(2026, 6, 30)
    assert changed.due_explanation.endswith("by Bu Officer: Records are archived off site")
    event = AuditEvent.objects.get(code="contributions.due_changed")
    assert "Changed the due date" in audit_said([event])[0]
    assert event.changes["reason"] == "Records are archived off site"
    assert Notification.objects.filter(recipient=world.people["agency_rep"], kind="request_due_changed").exists()
    # Someone else's change in between is not overwritten.
    response = client.post(url, {"due_on-day": "1", "due_on-month": "7", "due_on-year": "2026",
                                 "reason": "Again", "lock_version": "1"})
    assert "Someone else changed this request" in response.content.decode()


def test_the_action_log_filters_and_exports_a_shaped_spreadsheet(client, world):
    from openpyxl import load_workbook

    from casereview.learning import services as learning

    bu = world.people["bu_officer"]
    recommendation = learning.recommendation_add(case=world.case, by=bu, text="Share bruising concerns.")
    for description, due in (("Audit the protocol.", date(2026, 5, 1)), ("Train staff.", date(2026, 9, 1))):
        learning.action_add(recommendation=recommendation, by=bu, description=description,
                            agency=world.agencies["police"], lead=world.people["agency_rep"],
                            start_on=date(2026, 3, 1), due_on=due, success_measure="Audit.")
    sign_in(client, world.people["bu_manager"])
    url = reverse("learning:log", args=[world.partnership.slug])
    assert "2 actions" in client.get(url).content.decode()
    overdue = client.get(url, {"due": "overdue"}).content.decode()
    assert "1 action" in overdue and "Audit the protocol." in overdue and "Train staff." not in overdue
    response = client.get(reverse("learning:log-export", args=[world.partnership.slug]), {"due": "later"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["Case", "Pseudonym", "Recommendation", "Action"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L2"
    assert sheet["D2"].value == "Train staff." and sheet.max_row == 2
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    assert any(s.startswith("Downloaded the action log") for s in audit_said(AuditEvent.objects.filter(action="export")))
