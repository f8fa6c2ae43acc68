"""Meetings: planning, invitations with a calendar file, papers read only while a case is on the
agenda, attendance, minutes, a decision that moves the case through the lifecycle, and actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from casereview.audit.models import AuditEvent
from casereview.casefiles import services as casefiles
from casereview.cases.models import CaseStatus
from casereview.meetings import services
from casereview.meetings.models import Attendance, MeetingKind, MeetingState
from casereview.once.models import EmailDelivery
from tests.cases.journey import rapid_review_recorded, referred_case, screened_and_notified, step
from tests.factories import audit_said, sign_in

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def in_rapid_review(world):
    """A notified case whose rapid review is written up, waiting for the meeting that agrees it."""
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 1, 5)), on=date(2026, 1, 6))
    case = step(case, "rapid_review_progress", world.people["bu_officer"], summaries_requested_on=date(2026, 1, 8),
                summaries_received_on=date(2026, 1, 15))
    rapid_review_recorded(world, case)
    return case


@pytest.fixture
def paper(world, in_rapid_review, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = casefiles.document_add(case=in_rapid_review, by=world.people["bu_officer"], title="Agency summaries",
                                     upload=SimpleUploadedFile("summaries.pdf", PDF))
    return version.document


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _planned(world, *, on: date | None = None, kind=MeetingKind.RAPID_REVIEW):
    return services.meeting_create(partnership=world.partnership, by=world.people["bu_officer"], kind=kind,
                                   starts_at=_at(on or timezone.localdate()), duration_minutes=90,
                                   location="Microsoft Teams", chair=world.people["chair"])


def _with_agenda(world, case, papers, **kw):
    meeting = _planned(world, **kw)
    bu = world.people["bu_officer"]
    services.attendee_add(meeting=meeting, by=bu, person=world.people["agency_rep_elsewhere"])
    item = services.item_add(meeting=meeting, by=bu, case=case, title="", papers=papers)
    return meeting, item


# --- Invitations --------------------------------------------------------------------------------

def test_invitations_carry_a_calendar_file_and_name_no_case(world, in_rapid_review, paper, settings,
                                                            django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    meeting, item = _with_agenda(world, in_rapid_review, [paper], on=date(2026, 12, 8))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_send(meeting=meeting, by=world.people["bu_officer"]) == 2  # chair and rep
    assert sorted(m.to[0] for m in mail.outbox) == ["agency_rep_elsewhere@test.example", "chair@test.example"]
    message = mail.outbox[0]
    for text in (message.subject, message.body):
        assert in_rapid_review.reference not in text and in_rapid_review.pseudonym not in text
    assert reverse("meetings:calendar", args=[meeting.pk]) in message.body  # for Notify, which cannot attach
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert Calendar.from_ical(content)["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{meeting.uid}@casereview" and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == _at(date(2026, 12, 8))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
    assert in_rapid_review.reference not in str(content)

    # Sending again sends nobody anything: everyone has the current invitation.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_send(meeting=meeting, by=world.people["bu_officer"]) == 0
    assert len(mail.outbox) == 2

    # A new time is a new version of the same event for everyone already invited.
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(meeting=meeting, by=world.people["bu_officer"], starts_at=_at(date(2026, 12, 9), 14),
                                duration_minutes=60, location="Microsoft Teams", chair=world.people["chair"],
                                expected_version=None)
    assert len(mail.outbox) == 4
    update = Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert str(update["UID"]) == f"{meeting.uid}@casereview" and update["SEQUENCE"] == 1
    assert "changed" in mail.outbox[-1].body
    assert EmailDelivery.objects.filter(key__startswith="meeting-invitation:").count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=world.people["bu_officer"])
    cancelled = Calendar.from_ical(mail.outbox[-1].attachments[0][1])
    assert cancelled["METHOD"] == "CANCEL" and cancelled.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert len(mail.outbox) == 6 and mail.outbox[-1].subject.endswith(f"Cancelled: Rapid review meeting: "
                                                                      f"{world.partnership.name}")


def test_a_changed_meeting_refuses_a_stale_edit(world):
    meeting = _planned(world)
    with pytest.raises(ValidationError) as refused:
        services.meeting_change(meeting=meeting, by=world.people["bu_officer"], starts_at=meeting.starts_at,
                                duration_minutes=60, location="Room 2", chair=None,
                                expected_version=meeting.lock_version - 1)
    assert refused.value.code == "stale"


# --- Papers -------------------------------------------------------------------------------------

def test_an_attendee_reads_the_papers_only_while_the_case_is_on_the_agenda(world, in_rapid_review, paper, client):
    meeting, item = _with_agenda(world, in_rapid_review, [paper])
    address = reverse("meetings:paper", args=[meeting.pk, item.pk, paper.pk])
    rep = world.people["agency_rep_elsewhere"]
    assert not rep.has_perm("cases.view_case", in_rapid_review)  # not on the case: only the agenda lets them

    sign_in(client, rep)
    response = client.get(address)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    read = AuditEvent.objects.get(code="meetings.paper_read")
    assert read.actor == rep and read.case_id == in_rapid_review.pk
    assert "Downloaded the paper “Agency summaries”" in audit_said([read])[0]
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200

    # Someone with a role in the partnership who is not invited reads nothing.
    sign_in(client, world.people["agency_rep"])
    assert client.get(address).status_code == 403
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 403

    # Off the agenda, the paper is gone for the attendee.
    services.item_remove(item=item, by=world.people["bu_officer"])
    sign_in(client, rep)
    assert client.get(address).status_code == 404


def test_agreeing_the_minutes_ends_the_attendees_reading(world, in_rapid_review, paper, client):
    meeting, item = _with_agenda(world, in_rapid_review, [paper])
    bu = world.people["bu_officer"]
    services.attendance_record(meeting=meeting, by=bu, attendance={
        a.pk: Attendance.PRESENT for a in meeting.attendees.all()})
    services.item_minutes_record(item=item, by=bu, minutes="Discussed.", decision="", expected_version=None)
    services.meeting_close(meeting=meeting, by=bu)
    address = reverse("meetings:paper", args=[meeting.pk, item.pk, paper.pk])
    sign_in(client, world.people["agency_rep_elsewhere"])
    assert client.get(address).status_code == 403
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "no longer available to attendees" in page
    sign_in(client, bu)
    assert client.get(address).status_code == 200  # the business unit keeps the record


def test_papers_must_be_the_cases_own_and_another_partnership_sees_nothing(world, in_rapid_review, paper, client):
    meeting = _planned(world)
    general = services.item_add(meeting=meeting, by=world.people["bu_officer"], case=None, title="Any other business",
                                papers=[])
    with pytest.raises(ValidationError):
        services.item_papers_set(item=general, by=world.people["bu_officer"], title="AOB", papers=[paper],
                                 expected_version=None)
    with pytest.raises(ValidationError):
        services.item_add(meeting=meeting, by=world.people["bu_officer"], case=world.other_case, title="", papers=[])
    with pytest.raises(PermissionDenied):
        services.item_add(meeting=meeting, by=world.people["other_partnership_manager"], case=None, title="x",
                          papers=[])
    sign_in(client, world.people["other_partnership_manager"])
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 403


# --- Held, minuted, decided ---------------------------------------------------------------------

def test_a_decision_moves_the_case_through_the_lifecycle(world, in_rapid_review, paper):
    bu = world.people["bu_officer"]
    meeting, item = _with_agenda(world, in_rapid_review, [paper], on=date(2026, 1, 19))
    with pytest.raises(ValidationError):  # not held yet
        services.item_minutes_record(item=item, by=bu, minutes="x", decision="y", expected_version=None)
    with pytest.raises(ValidationError):  # everyone's attendance is needed
        services.attendance_record(meeting=meeting, by=bu, attendance={})
    chair, rep = meeting.attendees.order_by("person__full_name")
    services.attendance_record(meeting=meeting, by=bu, attendance={chair.pk: Attendance.PRESENT,
                                                                   rep.pk: Attendance.APOLOGIES})
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    services.item_minutes_record(item=item, by=bu, minutes="Agency summaries considered.",
                                 decision="The partners agree the rapid review.", expected_version=None)
    case = services.item_case_move(item=item, by=bu, name="rapid_review_progress", data={
        "summaries_requested_on": date(2026, 1, 8), "summaries_received_on": date(2026, 1, 15),
        "meeting_on": date(2026, 1, 19), "partners_agreed_on": date(2026, 1, 19)}, expected_version=None)
    item.refresh_from_db()
    assert case.rapid_review.meeting_on == date(2026, 1, 19) and case.status == CaseStatus.RAPID_REVIEW

    # The same decision then sends the rapid review: the case moves on, and the item keeps both steps.
    moved = services.item_case_move(item=item, by=bu, name="rapid_review_send",
                                    data={"sent_on": date(2026, 1, 19), "recommendation": "lcspr"},
                                    expected_version=None)
    assert moved.status == CaseStatus.AWAITING_PANEL
    assert sorted(item.steps.values_list("name", flat=True)) == ["rapid_review_progress", "rapid_review_send"]
    said = audit_said(AuditEvent.objects.filter(code="meetings.case_moved").order_by("pk"))
    assert said[-1] == ("Moved the case on from the decision on “TST-2026-002 Child B (2026)” at the rapid review "
                        "meeting of 19 January 2026")


def test_a_step_the_lifecycle_refuses_changes_nothing(world, in_rapid_review, paper):
    bu = world.people["bu_officer"]
    meeting, item = _with_agenda(world, in_rapid_review, [paper], on=date(2026, 1, 19))
    services.attendance_record(meeting=meeting, by=bu, attendance={
        a.pk: Attendance.PRESENT for a in meeting.attendees.all()})
    services.item_minutes_record(item=item, by=bu, minutes="", decision="Send it.", expected_version=None)
    with pytest.raises(ValidationError):  # the meeting and agreement dates are not recorded yet
        services.item_case_move(item=item, by=bu, name="rapid_review_send",
                                data={"sent_on": date(2026, 1, 20), "recommendation": "lcspr"}, expected_version=None)
    item.refresh_from_db()
    in_rapid_review.refresh_from_db()
    assert not item.steps.exists() and in_rapid_review.status == CaseStatus.RAPID_REVIEW
    assert not AuditEvent.objects.filter(code="meetings.case_moved").exists()


def test_the_minutes_are_agreed_only_when_every_item_is_minuted(world, in_rapid_review, paper):
    bu = world.people["bu_officer"]
    meeting, item = _with_agenda(world, in_rapid_review, [paper])
    services.attendance_record(meeting=meeting, by=bu, attendance={
        a.pk: Attendance.PRESENT for a in meeting.attendees.all()})
    with pytest.raises(ValidationError) as refused:
        services.meeting_close(meeting=meeting, by=bu)
    assert item.title in str(refused.value.messages)
    services.item_minutes_record(item=item, by=bu, minutes="Noted.", decision="", expected_version=None)
    assert services.meeting_close(meeting=meeting, by=bu).state == MeetingState.CLOSED


def test_attendance_waits_for_the_day_of_the_meeting(world):
    meeting = _planned(world, on=timezone.localdate() + timedelta(days=3))
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, by=world.people["bu_officer"],
                                   attendance={a.pk: Attendance.PRESENT for a in meeting.attendees.all()})


def test_an_action_is_marked_done_by_its_owner_or_the_business_unit(world, client):
    bu = world.people["bu_officer"]
    meeting = _planned(world)
    services.attendance_record(meeting=meeting, by=bu, attendance={
        a.pk: Attendance.PRESENT for a in meeting.attendees.all()})
    action = services.action_add(meeting=meeting, by=bu, description="Send the police chronology",
                                 owner=world.people["partner_police"], due_on=date(2026, 12, 20))
    with pytest.raises(PermissionDenied):
        services.action_done(action=action, by=world.people["agency_rep"])
    sign_in(client, world.people["partner_police"])
    page = client.get(reverse("meetings:list")).content.decode()
    assert "Send the police chronology" in page
    response = client.post(reverse("meetings:action-done", args=[action.pk]), {"next": "list"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


# --- Through the pages --------------------------------------------------------------------------

def test_the_minutes_page_leads_to_the_step_the_decision_takes(world, in_rapid_review, paper, client):
    bu = world.people["bu_officer"]
    meeting, item = _with_agenda(world, in_rapid_review, [paper], on=date(2026, 1, 19))
    services.attendance_record(meeting=meeting, by=bu, attendance={
        a.pk: Attendance.PRESENT for a in meeting.attendees.all()})
    sign_in(client, bu)
    page = client.get(reverse("meetings:minutes", args=[meeting.pk, item.pk])).content.decode()
    assert "Record rapid review progress" in page and "Put the case on hold" not in page
    response = client.post(reverse("meetings:minutes", args=[meeting.pk, item.pk]), {
        "minutes": "Considered.", "decision": "Agreed on the day.", "move": "rapid_review_progress",
        "lock_version": item.lock_version})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:item-step", args=[meeting.pk, item.pk, "rapid_review_progress"])
    form = client.get(response["Location"]).content.decode()
    assert 'value="19"' in form  # the meeting's date is offered for the meeting held
    in_rapid_review.refresh_from_db()
    response = client.post(response["Location"], {
        "summaries_requested_on-day": "8", "summaries_requested_on-month": "1", "summaries_requested_on-year": "2026",
        "summaries_received_on-day": "15", "summaries_received_on-month": "1", "summaries_received_on-year": "2026",
        "meeting_on-day": "19", "meeting_on-month": "1", "meeting_on-year": "2026",
        "partners_agreed_on-day": "19", "partners_agreed_on-month": "1", "partners_agreed_on-year": "2026",
        "lock_version": in_rapid_review.lock_version})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.steps.get().name == "rapid_review_progress"
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Record rapid review progress" in detail
    case_page = client.get(reverse("meetings:case", args=[in_rapid_review.reference])).content.decode()
    assert "Agreed on the day." in case_page


def test_the_attendance_form_asks_about_everyone(world, client):
    meeting = _planned(world)
    sign_in(client, world.people["bu_officer"])
    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), {})
    assert response.status_code == 200
    assert "Select whether Chair attended" in response.content.decode()
    assert "There is a problem" in response.content.decode()
