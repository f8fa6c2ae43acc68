"""Requests to agencies, their returns, imports, the merged chronology, its exports and reminders."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.contributions import rules, services, spreadsheets
from casereview.contributions.models import ChronologyEntry, EntryFlag, RequestStatus, Submission
from casereview.contributions.queries import ChronologyFilters, merged_entries
from casereview.contributions.reminders import requests_sweep
from casereview.notifications.models import Notification
from tests.contributions.helpers import ask_three, entry, submit_entries
from tests.factories import sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_requests_get_due_dates_from_the_pack_and_contributors_an_email_without_case_details(
        world, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask_three(world)
    police = asked["police"]
    # 20 working days after Monday 1 June 2026.
    assert police.due_on == date(2026, 6, 29)
    assert police.due_explanation == "20 working days after the request was sent on 1 June 2026: 29 June 2026"
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert world.case.reference not in message.body and "Jayden" not in message.body
        assert "Child A" not in message.body and "/contributions/" in message.body
    with pytest.raises(ValidationError, match="already been asked"):
        ask_three(world)
    with pytest.raises(PermissionDenied):
        services.requests_send(case=world.case, by=world.people["agency_rep"], kind="chronology",
                               contributors={}, instructions="x")


def test_contributors_see_only_their_own_requests(client, world):
    asked = ask_three(world)
    sign_in(client, world.people["agency_rep"])
    page = client.get(reverse("contributions:mine")).content.decode()
    assert page.count("/contributions/") >= 1 and f"/contributions/{asked['police'].pk}/" in page
    assert f"/contributions/{asked['school'].pk}/" not in page
    assert client.get(reverse("contributions:request", args=[asked["school"].pk])).status_code == 403
    assert client.get(reverse("contributions:request", args=[asked["police"].pk])).status_code == 200
    sign_in(client, world.people["bu_officer"])
    completeness = client.get(reverse("contributions:case", args=[world.case.reference])).content.decode()
    assert completeness.count("Not started") == 3


def test_a_submitted_return_is_read_only_and_returning_it_makes_a_new_version(world):
    asked = ask_three(world)
    police = asked["police"]
    rep = world.people["agency_rep"]
    draft = services.current_submission(police)
    with pytest.raises(ValidationError) as error:
        services.submission_submit(submission=draft, by=rep, signed_off_by="")
    assert "Add at least one chronology entry" in error.value.messages
    assert "Enter the name of the manager who signed this off" in error.value.messages
    submitted = submit_entries(world, police, "agency_rep", [{}, {"on": date(2026, 3, 12)}])
    assert submitted.status == Submission.Status.SUBMITTED
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.entry_save(submission=submitted, by=rep, data=entry())
    draft2 = services.submission_return(agency_request=police, by=world.people["bu_officer"],
                                        reason="Add the school nurse's contacts.")
    submitted.refresh_from_db()
    assert (submitted.status, draft2.version, draft2.entries.count()) == (Submission.Status.SUPERSEDED, 2, 2)
    assert submitted.entries.count() == 2  # the old version keeps its entries
    police.refresh_from_db()
    assert police.status == RequestStatus.RETURNED
    assert Notification.objects.filter(kind="contribution_returned", recipient=rep).exists()


def test_someone_elses_save_is_never_overwritten(client, world):
    asked = ask_three(world, kind="agency_report")
    police = asked["police"]
    rep = world.people["agency_rep"]
    draft = services.current_submission(police)
    opened_at = draft.lock_version
    services.document_save(submission=draft, by=rep, data={"involvement": "First version"},
                           expected_version=opened_at)
    with pytest.raises(ValidationError, match="since you opened it"):
        services.document_save(submission=draft, by=rep, data={"involvement": "Second"}, expected_version=opened_at)
    sign_in(client, rep)
    response = client.post(reverse("contributions:document", args=[police.pk]),
                           {"involvement": "Mine", "lock_version": opened_at})
    page = response.content.decode()
    assert "The version saved by someone else" in page and "First version" in page and "Mine" in page


def _xlsx(rows, headers=spreadsheets.HEADERS) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = ["10/03/2026", "No", "09:15", "GP notes", "GP", "Child brought with a cough.", "Yes", "", "Prescribed.", "",
        "", ""]


def test_an_import_with_any_error_saves_nothing_and_reports_every_error(world):
    police = ask_three(world)["police"]
    draft = services.current_submission(police)
    rep = world.people["agency_rep"]
    bad = _xlsx([GOOD, ["31/02/2026", "", "25:00", "", "GP", "x", "Maybe", "", "", "", "", ""],
                 ["?03/2026", "", "", "Notes", "HV", "Visit.", "", "", "", "Family not home", "", ""],
                 ["01/01/2027", "", "", "Notes", "HV", "Visit.", "", "", "Done", "", "", ""]])
    upload, errors = services.entries_import(submission=draft, by=rep, content=bad, filename="chron.xlsx")
    assert not upload.accepted and draft.entries.count() == 0
    found = {(e.row, e.column) for e in errors}
    assert {(3, "Date"), (3, "Time"), (3, "Source of information"), (3, "Child seen"),
            (3, "Why no action was taken"), (5, "Date")} <= found
    assert any("is not a date" in e.message for e in errors if e.row == 3)
    assert any(e.message == "The date must be today or in the past" for e in errors if e.row == 5)
    upload, errors = services.entries_import(submission=draft, by=rep, content=_xlsx([GOOD, GOOD[:0] + [
        "?03/2026", "", "", "Notes", "HV", "Visit.", "", "", "", "Family not home", "", ""]]), filename="ok.xlsx")
    assert errors == [] and upload.accepted
    saved = list(draft.entries.order_by("on"))
    assert len(saved) == 2 and saved[0].precision == "month" and saved[0].uncertain
    assert saved[1].at == time(9, 15) and saved[1].child_seen == "yes"


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.7 not a spreadsheet", "not a spreadsheet"),
    ("Date,Time\n£10,\n".encode("latin-1"), "not in UTF-8"),
    (b"Name,Address\nJo,1 Road\n", "columns are not the template"),
    (b"", "empty"),
    (b"PK\x03\x04 broken zip", "cannot be opened"),
])
def test_files_that_cannot_be_read_get_a_clear_message(world, content, message):
    with pytest.raises(spreadsheets.ImportRejected, match=message):
        spreadsheets.read(content, TODAY)


def test_a_file_that_is_too_big_is_refused_before_it_is_read():
    with pytest.raises(spreadsheets.ImportRejected, match="the limit is 2 MB"):
        spreadsheets.read(b"a" * (spreadsheets.MAX_BYTES + 1), TODAY)


def test_csv_template_round_trips_and_uploads_are_served_only_to_those_allowed(client, world, settings):
    police = ask_three(world)["police"]
    rep = world.people["agency_rep"]
    sign_in(client, rep)
    template = client.get(reverse("contributions:chronology-template", args=["csv"])).content
    content = template + ",".join(f'"{v}"' for v in GOOD).encode() + b"\r\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("contributions:import", args=[police.pk]),
                           {"file": SimpleUploadedFile("Jayden chronology.csv", content)})
    assert response.status_code == 302
    upload = police.uploads.get()
    assert "Jayden" not in upload.file.name and upload.file.path.startswith(str(settings.MEDIA_ROOT))
    assert not upload.file.path.startswith(str(settings.STATIC_ROOT))
    assert client.get(reverse("contributions:upload", args=[police.pk, upload.pk])).status_code == 200
    sign_in(client, world.people["agency_rep_elsewhere"])
    assert client.get(reverse("contributions:upload", args=[police.pk, upload.pk])).status_code == 403


def _three_chronologies(world):
    asked = ask_three(world)
    submit_entries(world, asked["csc"], "csc_rep", [
        {"on": date(2026, 3, 10), "at": time(14, 0), "event": "Home visit by the social worker; mother present."},
        {"on": date(2026, 1, 5), "event": "Referral received from school."}])
    submit_entries(world, asked["police"], "agency_rep", [
        {"on": date(2026, 3, 10), "at": time(14, 0), "source": "Police log",
         "event": "Home visit by the social worker, mother present", "practitioner_role": "PC"},
        {"on": date(2026, 2, 1), "event": "Domestic abuse call-out.", "child_seen": "no"}])
    submit_entries(world, asked["school"], "agency_rep_elsewhere", [
        {"on": date(2026, 3, 10), "at": time(9, 0), "event": "Home visit by the social worker; mother present.",
         "source": "Attendance log", "practitioner_role": "Teacher"},
        {"on": date(2025, 12, 1), "event": "Child absent for a week.", "action": "",
         "no_action_reason": "Illness reported by parent."}])
    return asked


def test_the_merged_chronology_keeps_order_and_provenance_and_flags_duplicates(world):
    _three_chronologies(world)
    entries = list(merged_entries(world.case, rules.ALL))
    assert [e.on for e in entries] == sorted(e.on for e in entries)
    assert [e.agency.name for e in entries][:3] == ["Testshire Academy", "Testshire Children’s Services",
                                                   "Testshire Police"]
    assert all(e.submission.submitted_by and e.submission.version == 1 for e in entries)
    flags = {(f.first.agency.name, f.second.agency.name, f.kind) for f in EntryFlag.objects.all()}
    # CSC and police recorded the same 14:00 visit; the school's 09:00 account of it conflicts on time.
    assert ("Testshire Children’s Services", "Testshire Police", "duplicate") in flags
    assert any(kind == "conflict" for _, _, kind in flags)
    flag = EntryFlag.objects.filter(kind="duplicate").first()
    services.flag_decide(flag=flag, by=world.people["lead_reviewer"], status="linked")
    flag.refresh_from_db()
    assert flag.status == "linked"
    with pytest.raises(PermissionDenied):
        services.flag_decide(flag=flag, by=world.people["agency_rep"], status="dismissed")


def test_filters(world):
    _three_chronologies(world)
    only_police = merged_entries(world.case, rules.ALL, ChronologyFilters(agency=world.agencies["police"].pk))
    assert {e.agency_id for e in only_police} == {world.agencies["police"].pk}
    assert merged_entries(world.case, rules.ALL, ChronologyFilters(child_seen="no")).count() == 1
    assert merged_entries(world.case, rules.ALL, ChronologyFilters(keyword="call-out")).count() == 1
    assert merged_entries(world.case, rules.ALL, ChronologyFilters(date_from=date(2026, 3, 1))).count() == 3
    first = merged_entries(world.case, rules.ALL).first()
    services.annotation_save(entry=first, by=world.people["lead_reviewer"], key_practice_episode=True,
                             analysis="Absence not followed up.")
    kpe = merged_entries(world.case, rules.ALL, ChronologyFilters(key_episodes_only=True))
    assert list(kpe) == [first]


def test_agency_representatives_see_only_their_agency_until_release(client, world, immediate_tasks,
                                                                     django_capture_on_commit_callbacks):
    _three_chronologies(world)
    assert rules.chronology_scope(world.people["agency_rep"], world.case) == {world.agencies["police"].pk}
    assert rules.chronology_scope(world.people["agency_rep_elsewhere"], world.case) is None  # not on the case
    sign_in(client, world.people["agency_rep"])
    page = client.get(reverse("contributions:chronology", args=[world.case.reference])).content.decode()
    assert "Domestic abuse call-out" in page and "Referral received from school" not in page
    sign_in(client, world.people["lead_reviewer"])
    page = client.get(reverse("contributions:chronology", args=[world.case.reference])).content.decode()
    assert "Referral received from school" in page
    sign_in(client, world.people["partner_la"])
    assert client.get(reverse("contributions:chronology", args=[world.case.reference])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        services.chronology_release(case=world.case, by=world.people["bu_officer"])
    assert Notification.objects.filter(kind="contribution_used", recipient=world.people["csc_rep"]).exists()
    sign_in(client, world.people["agency_rep"])
    page = client.get(reverse("contributions:chronology", args=[world.case.reference])).content.decode()
    assert "Referral received from school" in page


def test_exports_open_hold_the_entries_and_cannot_run_formulas(client, world):
    asked = _three_chronologies(world)
    del asked
    ChronologyEntry.objects.filter(event="Domestic abuse call-out.").update(event="=CMD|' /C calc'!A0")
    sign_in(client, world.people["lead_reviewer"])
    url = lambda fmt: reverse("contributions:export", args=[world.case.reference, fmt])  # noqa: E731
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(url("xlsx")).content)).active
    events = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Referral received from school." in events and "'=CMD|' /C calc'!A0" in events
    from docx import Document

    document = Document(io.BytesIO(client.get(url("docx")).content))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Child absent for a week." in text and "Testshire Police" in text
    from pypdf import PdfReader

    response = client.get(url("pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Referral received from school." in pdf_text and world.case.reference in pdf_text
    assert AuditEvent.objects.filter(action="export", case=world.case).count() == 3
    assert response["Content-Disposition"] == f'attachment; filename="{world.case.reference}-chronology.pdf"'


def test_what_each_agency_knew(client, world):
    _three_chronologies(world)
    sign_in(client, world.people["bu_manager"])
    page = client.get(reverse("contributions:knew", args=[world.case.reference]),
                      {"as_of-day": "15", "as_of-month": "1", "as_of-year": "2026"}).content.decode()
    assert "Testshire Academy: 1 entry" in page and "Testshire Children’s Services: 1 entry" in page
    assert "Testshire Police" not in page


def test_reminders_overdue_notices_and_escalation(world, immediate_tasks, django_capture_on_commit_callbacks):
    police = ask_three(world)["police"]  # due Monday 29 June 2026; reminders 5 working days before
    rep, bu = world.people["agency_rep"], world.people["bu_officer"]
    Notification.objects.all().delete()
    mail.outbox.clear()
    for day, expected in [(date(2026, 6, 19), {"reminded": 0}), (date(2026, 6, 22), {"reminded": 3}),
                          (date(2026, 6, 30), {"overdue": 3, "escalated": 0}),
                          (date(2026, 7, 2), {"escalated": 3}), (date(2026, 7, 3), {"escalated": 0})]:
        with time_machine.travel(day, tick=False), django_capture_on_commit_callbacks(execute=True):
            counts = requests_sweep()
        for key, value in expected.items():
            assert counts[key] == value, (day, key, counts)
    mine = Notification.objects.filter(recipient=rep)
    assert set(mine.values_list("kind", flat=True)) == {"request_reminder", "request_overdue"}
    assert Notification.objects.filter(recipient=bu, kind="request_escalated").count() == 3
    assert Notification.objects.filter(kind="request_escalated", case=world.case).exists()
    for message in mail.outbox:
        assert "Jayden" not in message.body and "Testperson" not in message.body and "Child A" not in message.body
    police.refresh_from_db()
    assert police.escalated_on == date(2026, 7, 2)


def test_merged_chronology_query_count_does_not_grow(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    asked = ask_three(world)
    submit_entries(world, asked["police"], "agency_rep", [{"on": date(2026, 1, d)} for d in range(1, 4)])
    sign_in(client, world.people["bu_manager"])
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("contributions:chronology", args=[world.case.reference]))
    submit_entries(world, asked["csc"], "csc_rep", [{"on": date(2026, 2, d % 28 + 1)} for d in range(60)])
    submit_entries(world, asked["school"], "agency_rep_elsewhere",
                   [{"on": date(2025, d % 12 + 1, 3), "event": f"Attendance note {d}"} for d in range(60)])
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("contributions:chronology", args=[world.case.reference]))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_merged_chronology_queries_are_the_same_at_twelve_agencies_of_two_thousand_entries(client, world):
    """The issue's scale: 24,000 submitted entries, against the same page with a handful."""
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casereview.contributions.models import AgencyRequest
    from casereview.partnerships.models import Agency

    asked = ask_three(world)
    submit_entries(world, asked["police"], "agency_rep", [{"on": date(2026, 1, d)} for d in range(1, 4)])
    sign_in(client, world.people["bu_manager"])
    url = reverse("contributions:chronology", args=[world.case.reference])
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    rng = random.Random(4)
    for index in range(12):
        agency = Agency.objects.create(partnership=world.partnership, name=f"Scale Agency {index:02d}")
        agency_request = AgencyRequest.objects.create(case=world.case, agency=agency, kind="chronology",
                                                      sent_on=TODAY, due_on=TODAY, created_by=world.people["bu_officer"],
                                                      status="submitted")
        submission = Submission.objects.create(request=agency_request, status="submitted",
                                               submitted_by=world.people["bu_officer"])
        ChronologyEntry.objects.bulk_create([
            ChronologyEntry(submission=submission, case=world.case, agency=agency, position=n,
                            on=date(2016, 1, 1) + timedelta(days=rng.randint(0, 3650)),
                            source="Record", practitioner_role="Role", event=f"Event {n}", action="Noted.")
            for n in range(2000)], batch_size=1000)
    assert ChronologyEntry.objects.filter(case=world.case).count() == 24003
    cache.clear()  # the navigation's waiting-work count is worked out afresh each time
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
