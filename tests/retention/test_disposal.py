"""Retention and disposal: what falls due, a legal hold that stops it, a batch approved and carried
out across every table and the file store, and the certificate that stays."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casereview.audit.models import AuditEvent
from casereview.casefiles import services as casefiles
from casereview.cases import lifecycle
from casereview.cases.models import Case, CaseTransition, SubjectIdentity
from casereview.exports.models import Export
from casereview.exports.services import export_dir
from casereview.meetings import services as meetings
from casereview.notifications.models import Notification
from casereview.reports.models import PublishedReport
from casereview.retention import schedule, services
from casereview.retention.models import BatchState, DisposalItem, LegalHold, RecordKind
from tests.factories import audit_said, sign_in

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
KEPT = {AuditEvent, PublishedReport, LegalHold, DisposalItem}


@pytest.fixture
def withdrawn_long_ago(world, settings, tmp_path):
    """The test case, with content in many tables and two files, withdrawn three years ago."""
    settings.MEDIA_ROOT = tmp_path
    case, bu = world.case, world.people["bu_officer"]
    version = casefiles.document_add(case=case, by=bu, title="Referral letter",
                                     upload=SimpleUploadedFile("letter.pdf", PDF))
    meeting = meetings.meeting_create(partnership=world.partnership, by=bu, kind="case_review_group",
                                      starts_at=timezone.now(), duration_minutes=60, location="Room 2")
    meetings.item_add(meeting=meeting, by=bu, case=case, title="", papers=[version.document])
    Notification.objects.create(recipient=bu, case=case, kind="transition", path="/")
    export = Export.objects.create(kind="chronology", fmt="xlsx", requested_by=bu, case=case,
                                   partnership=world.partnership, status="ready", total=1, file_name="old.xlsx",
                                   expires_at=timezone.now())
    export_dir().mkdir(parents=True, exist_ok=True)
    (export_dir() / export.file_name).write_bytes(b"PK old")
    case = lifecycle.case_transition(case=case, name="withdraw", by=bu, data={"note": "Duplicate referral."})
    CaseTransition.objects.filter(case=case).update(at=timezone.now() - timedelta(days=3 * 366))
    return case, Path(version.file.path), export_dir() / export.file_name


def _rows_left(case: Case) -> dict[str, int]:
    left = {}
    for relation in Case._meta.related_objects:
        if relation.related_model in KEPT or relation.many_to_many:
            continue
        n = relation.related_model._default_manager.filter(**{relation.field.name: case}).count()
        if n:
            left[relation.related_model.__name__] = n
    return left


def test_the_schedule_has_a_rule_for_every_kind_of_record(world):
    rules = schedule.schedule_for(world.partnership)
    assert [r.kind for r in rules] == list(RecordKind.values)
    assert rules[0].period_words == "6 years after the case was closed"


def test_a_referral_not_taken_forward_is_disposed_of_everywhere_but_its_certificate_stays(
        world, withdrawn_long_ago, django_capture_on_commit_callbacks):
    case, document_file, export_file = withdrawn_long_ago
    assert _rows_left(case) and document_file.exists() and SubjectIdentity.objects.filter(subject__case=case)
    batch = services.batch_propose(partnership=world.partnership, today=timezone.localdate())
    item = batch.items.get()
    assert (item.kind, item.reference) == (RecordKind.NOT_TAKEN_FORWARD, case.reference)
    assert services.batch_propose(partnership=world.partnership, today=timezone.localdate()) is None  # one waits

    with pytest.raises(PermissionDenied):
        services.batch_approve(batch=batch, by=world.people["bu_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_approve(batch=batch, by=world.people["bu_manager"])

    assert _rows_left(case) == {}  # every table: memberships, subjects and identities, documents, meetings...
    assert not document_file.exists() and not export_file.exists()
    assert not any(Path(document_file.parent).iterdir())
    case.refresh_from_db()
    assert case.reference == "TST-2026-001" and case.summary == "" and not case.agencies.exists()
    item.refresh_from_db()
    batch.refresh_from_db()
    assert batch.state == BatchState.DISPOSED and batch.decided_by == world.people["bu_manager"]
    assert item.disposed_at and item.removed["files"] == 2 and item.removed["rows"] > 5
    assert item.rule == "A referral that was not taken forward: 2 years after the referral was screened out, " \
                        "closed or withdrawn"
    said = audit_said(AuditEvent.objects.filter(code="retention.disposed"))
    assert said == [f"Disposed of a referral that was not taken forward for {case.reference} under the rule "
                    f"“{item.rule}” (batch {batch.pk}: {item.removed['rows']} rows and 2 files removed)"]
    # Nothing is proposed again.
    assert schedule.due(world.partnership, timezone.localdate()) == []


def test_a_legal_hold_stops_disposal_even_after_the_batch_was_proposed(world, withdrawn_long_ago):
    case, document_file, _ = withdrawn_long_ago
    batch = services.batch_propose(partnership=world.partnership, today=timezone.localdate())
    hold = services.hold_place(partnership=world.partnership, by=world.people["bu_manager"], case=case,
                               reason="Inquest: keep everything")
    services.batch_approve(batch=batch, by=world.people["bu_manager"])
    item = batch.items.get()
    assert item.disposed_at is None and item.skipped == "Kept: legal hold “Inquest: keep everything”"
    assert document_file.exists() and _rows_left(case)
    # While the hold lasts nothing more is proposed; lifted, the case falls due again.
    assert schedule.due(world.partnership, timezone.localdate()) == []
    services.hold_lift(hold=hold, by=world.people["bu_manager"])
    assert [d.kind for d in schedule.due(world.partnership, timezone.localdate())] == [RecordKind.NOT_TAKEN_FORWARD]


def test_a_hold_on_the_whole_partnership_stops_every_proposal(world, withdrawn_long_ago):
    services.hold_place(partnership=world.partnership, by=world.people["bu_manager"], case=None,
                        reason="Public inquiry")
    assert services.batch_propose(partnership=world.partnership, today=timezone.localdate()) is None


def test_nothing_is_due_before_its_period(world, withdrawn_long_ago):
    case, _, _ = withdrawn_long_ago
    CaseTransition.objects.filter(case=case).update(at=timezone.now() - timedelta(days=300))
    assert schedule.due(world.partnership, timezone.localdate()) == []
    assert schedule.due(world.partnership, timezone.localdate() + timedelta(days=2 * 366))


def test_the_certificate_page_shows_what_when_which_rule_and_who(world, withdrawn_long_ago, client,
                                                                django_capture_on_commit_callbacks):
    batch = services.batch_propose(partnership=world.partnership, today=timezone.localdate())
    sign_in(client, world.people["bu_manager"])
    address = reverse("retention:batch", args=[world.partnership.slug, batch.pk])
    assert "Approve and dispose of" in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address, {"decision": "approve"})
    assert response.status_code == 302
    page = client.get(address).content.decode()
    assert "Disposal certificate" in page and "TST-2026-001" in page and "Bu Manager" in page
    assert "2 years after the referral was screened out" in page
    sign_in(client, world.people["bu_officer"])
    assert client.get(address).status_code == 403


def test_the_privacy_notice_states_the_schedule(client, world):
    schedule.schedule_for(world.partnership)
    page = client.get(reverse("site:privacy")).content.decode()
    assert "How long we keep records" in page and "until the child's 25th birthday" in page.replace("&#39;", "'")


def test_date_helpers():
    assert schedule.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_a_published_review_keeps_its_record_and_its_report(world, settings, tmp_path):
    """The record behind a published report is never disposed of whole: only its parts go under
    their own rules, and the published report stays."""
    import time_machine

    from tests.cases.journey import decided_with_lead_reviewer
    from tests.reports.test_reports import TODAY, _published

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(TODAY, tick=False):
        case = decided_with_lead_reviewer(world)
        casefiles.document_add(case=case, by=world.people["bu_officer"], title="Minutes",
                               upload=SimpleUploadedFile("minutes.pdf", PDF))
        published = _published(world, case, "full")
    Case.objects.filter(pk=case.pk).update(status="closed")
    CaseTransition.objects.create(case=case, name="advance", from_status="in_review", to_status="closed",
                                  by=world.people["bu_officer"])
    CaseTransition.objects.filter(case=case).update(at=timezone.now() - timedelta(days=7 * 366))
    due = schedule.due(world.partnership, timezone.localdate())
    assert RecordKind.DOCUMENTS in {d.kind for d in due}
    assert RecordKind.CASE not in {d.kind for d in due}
    batch = services.batch_propose(partnership=world.partnership, today=timezone.localdate())
    services.batch_approve(batch=batch, by=world.people["bu_manager"])
    assert PublishedReport.objects.filter(pk=published.pk).exists()
    assert not case.case_documents.exists()


def test_the_audit_trail_past_its_period_is_disposed_of_but_held_cases_and_certificates_stay(world):
    """The one sanctioned deletion from the append-only log: approved, by age, held cases kept."""
    import time_machine

    from casereview.audit.models import AuditLogIsAppendOnly
    from casereview.audit.services import audit_record

    held_case = Case.objects.create(partnership=world.partnership, reference="TST-2026-009", pseudonym="Child I",
                                    status="referred")
    with time_machine.travel(timezone.now() - timedelta(days=8 * 366), tick=False):
        for n in range(3):
            audit_record(action="update", actor=world.people["bu_officer"], partnership=world.partnership,
                         code="reports.version_saved", params={"version": n})
        audit_record(action="update", actor=world.people["bu_officer"], partnership=world.partnership,
                     case=held_case, code="reports.version_saved", params={"version": 9})
        audit_record(action="update", actor=world.people["bu_officer"], partnership=world.other_partnership,
                     code="reports.version_saved", params={"version": 7})
    recent = audit_record(action="update", actor=world.people["bu_officer"], partnership=world.partnership,
                          code="reports.version_saved", params={"version": 99})
    batch = services.batch_propose(partnership=world.partnership, today=timezone.localdate())
    item = batch.items.get(kind=RecordKind.AUDIT)
    assert item.removed == {"due": 4} and item.case is None
    services.hold_place(partnership=world.partnership, by=world.people["bu_manager"], case=held_case,
                        reason="Civil claim")
    services.batch_approve(batch=batch, by=world.people["bu_manager"])
    item.refresh_from_db()
    assert item.disposed_at and item.removed["rows"] == 3
    old = AuditEvent.objects.filter(code="reports.version_saved")
    assert sorted(old.values_list("params__version", flat=True)) == [7, 9, 99]  # elsewhere, held, recent
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(code="retention.disposed").exists()
    with pytest.raises(AuditLogIsAppendOnly):  # still append-only to everything else
        AuditEvent.objects.filter(pk=recent.pk).delete()
    from django.db import DatabaseError, connection, transaction
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [recent.pk])
