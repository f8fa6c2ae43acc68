"""Subject access: a named person found in every kind of record, one third party redacted, and the
bundle (a PDF plus the original files) exported with its own audit record, naming nobody."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from casereview.audit.models import AuditEvent
from casereview.casefiles import services as casefiles
from casereview.cases.models import CaseTransition, Referral
from casereview.subjectaccess import services
from casereview.subjectaccess.models import one_month_after
from tests.factories import sign_in


@pytest.fixture
def held(world, settings, tmp_path):
    """The test child, Jayden Testperson, named in the referral, a note, and a letter on file."""
    settings.MEDIA_ROOT = tmp_path
    case, bu = world.case, world.people["bu_officer"]
    Referral.objects.create(case=case, description="Jayden Testperson was brought to A&E by his aunt, Mary Smith.")
    CaseTransition.objects.create(case=case, name="screen", from_status="referred", to_status="referred",
                                  note="Spoke to J. Testperson's school.", by=bu)
    casefiles.document_add(case=case, by=bu, title="Letter from the school",
                           upload=SimpleUploadedFile("letter.txt", b"About Jayden Testperson: Mary Smith collects "
                                                                   b"him on Fridays.\n"))
    return case


def _open(world, **extra):
    return services.request_open(partnership=world.partnership, by=world.people["bu_manager"],
                                 full_name="Jayden Testperson", other_names=extra.get("aliases", "J. Testperson"),
                                 date_of_birth=date(2019, 3, 4), received_on=date(2026, 11, 30))


def test_the_person_is_found_in_every_kind_of_record_and_nowhere_else(world, held):
    request = _open(world)
    hits = services.request_search(sar=request, by=world.people["bu_manager"])
    assert {h.kind for h in hits} == {"Identifying details", "Referral", "Note on the case's history", "Case document"}
    assert all(h.reference == world.case.reference for h in hits)
    note = next(h for h in hits if h.kind == "Note on the case's history")
    assert "J. Testperson" in note.text  # found by the alias
    searched = AuditEvent.objects.get(code="subjectaccess.searched")
    assert searched.action == "view_identity" and "Jayden" not in str(searched.params)


def test_the_bundle_redacts_a_third_party_and_carries_the_originals(world, held):
    request = _open(world)
    hits = services.request_search(sar=request, by=world.people["bu_manager"])
    bundle = services.bundle_export(sar=request, by=world.people["bu_manager"], chosen={h.key for h in hits},
                                    third_parties=["Mary Smith", ""])
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    assert sorted(archive.namelist()) == ["bundle.pdf", f"originals/{world.case.reference}/letter.txt"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("bundle.pdf"))).pages)
    text = " ".join(text.split())
    assert "Jayden Testperson" in text and "Mary Smith" not in text and "[redacted]" in text
    assert "1 Test Road" in text  # the person's own address is theirs to see
    exported = AuditEvent.objects.get(code="subjectaccess.exported")
    assert exported.params == {"number": request.pk, "items": len(hits), "files": 1, "redacted": 1}
    request.refresh_from_db()
    assert request.exported_at and request.exported_by == world.people["bu_manager"] and request.exports == 1


def test_only_the_business_unit_manager_answers_subject_access(world, held, client):
    with pytest.raises(PermissionDenied):
        services.request_open(partnership=world.partnership, by=world.people["bu_officer"], full_name="x",
                              other_names="", date_of_birth=None, received_on=date(2026, 11, 30))
    request = _open(world)
    sign_in(client, world.people["bu_officer"])
    assert client.get(reverse("subjectaccess:request", args=[world.partnership.slug, request.pk])).status_code == 403


def test_the_pages_search_and_export(world, held, client):
    sign_in(client, world.people["bu_manager"])
    address = reverse("subjectaccess:list", args=[world.partnership.slug])
    response = client.post(address, {"full_name": "Jayden Testperson", "other_names": "",
                                      "received_on-day": "30", "received_on-month": "11", "received_on-year": "2026"})
    assert response.status_code == 302 and "Jayden" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "records name this person" in page and "Answer by" in page and "30 December 2026" in page
    nothing = client.post(response["Location"], {"third_parties": ""})
    assert "Choose at least one record to release" in nothing.content.decode()
    keys = [h.key for h in services.request_search(sar=services.SubjectAccessRequest.objects.get(),
                                                    by=world.people["bu_manager"])]
    bundle = client.post(response["Location"], {"chosen": keys, "third_parties": "Mary Smith"})
    assert bundle["Content-Type"] == "application/zip" and bundle["Content-Disposition"].startswith("attachment")


def test_one_month_is_the_icos_calendar_month():
    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2026, 12, 3)) == date(2027, 1, 3)
