"""Large chronology exports are made in the background, with progress, a notice, expiry and an
audit of the request, the completion and each download (ADR 0020)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from casereview.audit.models import AuditEvent
from casereview.contributions import chronology_export
from casereview.exports.models import Export
from casereview.exports.services import exports_expire
from casereview.exports.tasks import build_export
from casereview.notifications.models import Notification
from tests.contributions.test_contributions import _three_chronologies
from tests.factories import audit_said, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(settings, world, tmp_path):
    settings.EXPORT_BACKGROUND_ABOVE = 2  # the six entries of the test chronology count as large
    settings.MEDIA_ROOT = tmp_path
    _three_chronologies(world)
    return world


def _ask(client, world, fmt: str) -> Export:
    url = (reverse("contributions:print", args=[world.case.reference]) if fmt == "html"
           else reverse("contributions:export", args=[world.case.reference, fmt]))
    response = client.get(url)
    export = Export.objects.get(fmt=fmt)
    assert response.status_code == 302 and response.url == reverse("exports:status", args=[export.token])
    return export


def test_a_large_pdf_is_made_in_the_background_and_fetched_once_ready(client, big, django_capture_on_commit_callbacks):
    world = big
    sign_in(client, world.people["lead_reviewer"])
    with django_capture_on_commit_callbacks() as queued:
        export = _ask(client, world, "pdf")
    assert len(queued) == 1  # the task is queued after the request's transaction commits
    page = client.get(reverse("exports:status", args=[export.token]))
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Preparing your PDF: 0%"
    assert soup.select_one('meta[http-equiv="refresh"]')["content"] == "3"  # no JavaScript needed
    assert client.get(reverse("exports:download", args=[export.token])).status_code == 404  # not made yet

    assert build_export.call(export.pk) is True
    export.refresh_from_db()
    assert export.status == Export.Status.READY and export.total == 6 and export.percent == 100
    assert Notification.objects.filter(recipient=world.people["lead_reviewer"], kind="export_ready").exists()
    ready = BeautifulSoup(client.get(reverse("exports:status", args=[export.token])).content, "html.parser")
    assert "Your PDF is ready" in ready.get_text() and not ready.select_one('meta[http-equiv="refresh"]')

    response = client.get(reverse("exports:download", args=[export.token]))
    from pypdf import PdfReader

    body = b"".join(response.streaming_content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "Referral received from school." in text and world.case.reference in text
    assert response["Content-Disposition"] == f'attachment; filename="{world.case.reference}-chronology.pdf"'
    client.get(reverse("exports:download", args=[export.token]))
    summaries = audit_said(AuditEvent.objects.filter(case=world.case, action="export").order_by("pk"))
    assert summaries == ["Asked for the merged chronology as PDF (6 entries)",
                         "The merged chronology as PDF was made (6 entries)",
                         "Downloaded the merged chronology as PDF (6 entries)",
                         "Downloaded the merged chronology as PDF (6 entries)"]


def test_an_export_is_only_for_the_person_who_asked(client, big):
    world = big
    sign_in(client, world.people["lead_reviewer"])
    export = _ask(client, world, "xlsx")
    build_export.call(export.pk)
    client.logout()
    sign_in(client, world.people["bu_manager"])
    assert client.get(reverse("exports:status", args=[export.token])).status_code == 404
    assert client.get(reverse("exports:download", args=[export.token])).status_code == 404


def test_the_file_expires_and_is_deleted(client, big, settings):
    world = big
    sign_in(client, world.people["lead_reviewer"])
    export = _ask(client, world, "docx")
    build_export.call(export.pk)
    export.refresh_from_db()
    path = chronology_export.Path(settings.MEDIA_ROOT) / "exports" / export.file_name
    assert path.exists()
    with time_machine.travel(timezone.now() + timedelta(hours=settings.EXPORT_KEEP_HOURS, minutes=1)):
        sign_in(client, world.people["lead_reviewer"])  # a day later: a new sign-in
        assert client.get(reverse("exports:download", args=[export.token])).status_code == 404
        page = client.get(reverse("exports:status", args=[export.token])).content.decode()
        assert "This file has expired" in page
    assert not path.exists() and Export.objects.get(pk=export.pk).status == Export.Status.EXPIRED
    assert exports_expire() == 0


def test_a_long_pdf_is_rendered_in_chunks_and_joined_with_every_entry(client, big, monkeypatch, settings):
    world = big
    monkeypatch.setattr(chronology_export, "PDF_CHUNK", 2)
    sign_in(client, world.people["lead_reviewer"])
    export = _ask(client, world, "pdf")
    build_export.call(export.pk)
    export.refresh_from_db()
    from pypdf import PdfReader

    reader = PdfReader(str(chronology_export.Path(settings.MEDIA_ROOT) / "exports" / export.file_name))
    assert len(reader.pages) >= 3
    text = "".join(page.extract_text() for page in reader.pages)
    for event in ("Referral received from school.", "Domestic abuse call-out.", "Child absent for a week."):
        assert event in text
    assert "Page 3" in text  # numbered on from one chunk to the next


def test_word_excel_and_print_exports_hold_every_entry(client, big, settings):
    world = big
    sign_in(client, world.people["lead_reviewer"])
    from docx import Document
    from openpyxl import load_workbook

    files = {}
    for fmt in ("docx", "xlsx", "html"):
        export = _ask(client, world, fmt)
        build_export.call(export.pk)
        export.refresh_from_db()
        files[fmt] = chronology_export.Path(settings.MEDIA_ROOT) / "exports" / export.file_name
    document = Document(str(files["docx"]))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Child absent for a week." in cells and len(document.tables[0].rows) == 7
    sheet = load_workbook(str(files["xlsx"])).active
    assert sheet.max_row == 7
    html = files["html"].read_text()
    assert "Referral received from school." in html and "<style>" in html and "6 entries" in html


def test_an_export_whose_access_ended_fails_with_a_reason(client, big):
    from casereview.cases.models import CaseMembership

    world = big
    sign_in(client, world.people["lead_reviewer"])
    export = _ask(client, world, "xlsx")
    CaseMembership.objects.filter(case=world.case, person=world.people["lead_reviewer"]).delete()
    assert build_export.call(export.pk) is False
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED and "no longer have access" in export.failure_words and export.failure == "no_access"


def test_a_yearly_report_over_many_cases_is_made_in_the_background_for_the_dashboard_s_people(
        client, settings, world, tmp_path, django_capture_on_commit_callbacks):
    from docx import Document as Docx

    from tests.cases.journey import referred_case, screened_and_notified

    settings.MEDIA_ROOT = tmp_path
    settings.YEARLY_REPORT_BACKGROUND_ABOVE = 0  # the one referred case counts as many
    case = screened_and_notified(world, referred_case(world, aware=date(2026, 1, 5)), on=date(2026, 1, 6),
                                 notified_on=date(2026, 1, 14))
    slug = world.partnership.slug
    period = {"start-day": "1", "start-month": "1", "start-year": "2026",
              "end-day": "31", "end-month": "12", "end-year": "2026"}
    sign_in(client, world.people["bu_manager"])
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(reverse("learning:yearly-report", args=[slug, "docx"]), period)
    export = Export.objects.get(kind="yearly_report")
    assert response.status_code == 302 and response.url == reverse("exports:status", args=[export.token])
    assert len(queued) == 1 and export.params == {"start": "2026-01-01", "end": "2026-12-31", "cases": 1}
    waiting = BeautifulSoup(client.get(response.url).content, "html.parser")
    assert waiting.h1.get_text(strip=True) == "Preparing your Word: 0%"
    assert "0 of 3 steps done" in waiting.get_text(" ", strip=True)
    back = waiting.select_one(".govuk-back-link")
    assert back.get_text(strip=True) == "Back to the dashboard" and "start-year=2026" in back["href"]

    assert build_export.call(export.pk) is True
    ready = BeautifulSoup(client.get(response.url).content, "html.parser").get_text(" ", strip=True)
    assert "Your Word is ready" in ready and "1 case " in ready + " " and "child and family" not in ready
    download = client.get(reverse("exports:download", args=[export.token]))
    assert download["Content-Disposition"] == f'attachment; filename="{slug}-yearly-report-2026-01-01-2026-12-31.docx"'
    cells = [c.text for t in Docx(io.BytesIO(b"".join(download.streaming_content))).tables
             for row in t.rows for c in row.cells]
    assert any(case.reference in c for c in cells)
    assert any("yearly report" in n.text for n in Notification.objects.filter(
        recipient=world.people["bu_manager"], kind="export_ready"))
    summaries = audit_said(AuditEvent.objects.filter(partnership=world.partnership, action="export").order_by("pk"))
    assert summaries == ["Asked for the yearly report figures (1 January 2026 to 31 December 2026) as Word (1 case)",
                         "The yearly report figures (1 January 2026 to 31 December 2026) as Word was made (1 case)",
                         "Downloaded the yearly report figures (1 January 2026 to 31 December 2026) as Word (1 case)"]

    # Someone without the dashboard may not ask, and the person who asked loses it with their role.
    sign_in(client, world.people["agency_rep"])
    assert client.get(reverse("learning:yearly-report", args=[slug, "pdf"]), period).status_code == 403
    from casereview.partnerships.models import RoleAssignment

    RoleAssignment.objects.filter(person=world.people["bu_manager"], partnership=world.partnership).delete()
    sign_in(client, world.people["bu_manager"])
    assert client.get(reverse("exports:download", args=[export.token])).status_code == 403
