"""Case documents: upload, versions, the malware scan by a real clamd, quarantine, need-to-know,
audited downloads, and the stage that cannot be completed without its required documents."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.casefiles import queries, services
from casereview.casefiles.models import Audience, CaseDocument, Scan
from casereview.cases import services as case_services
from casereview.documents import malware
from tests.cases.journey import decided_with_lead_reviewer, step
from tests.factories import audit_said, sign_in

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _add(world, case, content=PDF, name="Signed ToR.pdf", **extra):
    return services.document_add(case=case, by=world.people["bu_officer"], title=extra.pop("title", "Signed ToR"),
                                 upload=_file(name, content), **extra)


@pytest.fixture
def commissioned(world):
    """An LCSPR in its Commissioned stage, with the world's lead reviewer."""
    return decided_with_lead_reviewer(world)


# --- The scanner itself -------------------------------------------------------------------------

def test_clamd_passes_a_clean_file_and_names_the_test_virus(clamd_address):
    assert malware.ping(clamd_address)
    assert malware.scan(PDF, clamd_address) == malware.Verdict(clean=True)
    verdict = malware.scan(EICAR, clamd_address)
    assert not verdict.clean and verdict.found.startswith("Eicar-Test-Signature")


def test_a_scanner_that_does_not_answer_gives_no_verdict(tmp_path):
    with pytest.raises(malware.ScannerUnavailable):
        malware.scan(PDF, f"unix:{tmp_path}/no-such.sock", timeout=1)
    assert not malware.ping(f"unix:{tmp_path}/no-such.sock")


# --- Uploading and scanning ---------------------------------------------------------------------

def test_a_clean_upload_is_scanned_and_downloads_as_what_it_is(world, commissioned, client, scanner):
    version = _add(world, commissioned)
    assert version.scan == Scan.CLEAN and version.scanned_at is not None
    assert (version.content_type, version.extension, version.number) == ("application/pdf", "pdf", 1)
    assert "Signed ToR" not in version.file.name  # stored under a random name, never the uploader's

    sign_in(client, world.people["lead_reviewer"])
    response = client.get(reverse("casefiles:download", args=[commissioned.reference, version.document_id, 1]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    downloaded = AuditEvent.objects.filter(code="casefiles.downloaded").get()
    assert downloaded.actor == world.people["lead_reviewer"] and downloaded.case_id == commissioned.pk
    assert audit_said([downloaded]) == ["Downloaded version 1 of the document “Signed ToR”"]


def test_the_eicar_test_file_is_quarantined_and_never_served(world, commissioned, client, scanner, settings, tmp_path,
                                                             django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        version = _add(world, commissioned, content=EICAR, name="eicar.txt", title="Family letter")
    assert version.scan == Scan.QUARANTINED
    assert version.found.startswith("Eicar-Test-Signature")
    assert version.file.name.startswith("quarantine/")
    assert default_storage.open(version.file.name).read() == EICAR  # the quarantined copy is kept for IT
    assert default_storage.listdir(f"case-documents/{commissioned.pk}")[1] == []  # nothing where downloads look
    said = audit_said(AuditEvent.objects.filter(code="casefiles.quarantined"))
    # ClamAV adds ".UNOFFICIAL" to a signature it did not get from freshclam.
    assert said == [f"The malware scan found “{version.found}” in version 1 of the document “Family letter”: "
                    "the file was quarantined"]

    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("casefiles:document", args=[commissioned.reference, version.document_id]))
    assert f"quarantined: the malware scan found “{version.found}”" in page.content.decode()
    assert client.get(reverse("casefiles:download", args=[commissioned.reference, version.document_id,
                                                          1])).status_code == 404


def test_the_upload_page_says_the_file_was_quarantined(world, commissioned, client, scanner):
    sign_in(client, world.people["bu_officer"])
    response = client.post(reverse("casefiles:upload", args=[commissioned.reference]), {
        "file": _file("letter.txt", EICAR), "title": "Letter", "audience": "core"}, follow=True)
    assert "has been quarantined: nobody can download it" in response.content.decode()


def test_a_file_waits_for_its_scan_while_clamd_is_away_and_is_scanned_when_it_returns(
        world, commissioned, settings, tmp_path, clamd_address, django_capture_on_commit_callbacks):
    settings.CLAMD_ADDRESS = f"unix:{tmp_path}/away.sock"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        version = _add(world, commissioned)
    assert version.scan == Scan.WAITING and not version.downloadable
    assert queued, "a task is queued to try again"
    settings.CLAMD_ADDRESS = clamd_address
    assert services.version_scan(version.pk) == Scan.CLEAN
    assert services.waiting_scan() == 0


def test_without_a_scanner_outside_production_files_are_marked_not_scanned(world, commissioned):
    version = _add(world, commissioned)
    assert version.scan == Scan.NOT_SCANNED and version.downloadable


@pytest.mark.parametrize("name, content, message", [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "The file must be a PDF, a Word document"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200, "Save a Word 97–2003"),
    ("empty.pdf", b"", "The file is empty"),
])
def test_files_that_are_not_documents_are_refused_with_a_reason(world, commissioned, name, content, message):
    with pytest.raises(ValidationError) as refused:
        _add(world, commissioned, content=content, name=name)
    assert message in str(refused.value.message_dict["file"])
    assert not CaseDocument.objects.exists()


def test_a_file_over_the_limit_is_refused(world, commissioned, settings):
    settings.CASE_DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="smaller than 0 MB|smaller than"):
        _add(world, commissioned, content=PDF + b" " * 2000)


def test_a_new_version_keeps_the_old_one(world, commissioned):
    first = _add(world, commissioned)
    second = services.version_add(document=first.document, by=world.people["lead_reviewer"],
                                  upload=_file("v2.pdf", PDF + b"% v2"), note="Signed by all three partners")
    assert second.number == 2 and first.document.versions.count() == 2
    assert second.note == "Signed by all three partners"
    assert "Uploaded version 2 of the document “Signed ToR” (PDF, 1 KB)" in audit_said()


def test_changing_the_details_is_refused_when_someone_else_changed_them_first(world, commissioned):
    document = _add(world, commissioned).document
    services.document_describe(document=document, by=world.people["bu_manager"], title="Signed terms of reference",
                               description="", audience=Audience.CASE, stage=None, expected="",
                               expected_version=document.lock_version)
    with pytest.raises(ValidationError, match="Someone else changed this document"):
        services.document_describe(document=document, by=world.people["bu_officer"], title="Other",
                                   description="", audience=Audience.CORE, stage=None, expected="",
                                   expected_version=document.lock_version)
    document.refresh_from_db()
    assert (document.title, document.audience) == ("Signed terms of reference", Audience.CASE)
    assert "Changed the document “Signed terms of reference”: its title, who can see it" in audit_said()


# --- Need-to-know -------------------------------------------------------------------------------

def test_each_document_is_seen_only_by_those_it_is_for(world, commissioned, client):
    from casereview.cases.models import CaseMembership, CaseRole

    CaseMembership.objects.create(case=commissioned, person=world.people["agency_rep"],
                                  role=CaseRole.AGENCY_REPRESENTATIVE)
    kept = _add(world, commissioned, title="Family's letter").document
    shared = _add(world, commissioned, title="Panel letter", audience=Audience.CASE).document
    rep = world.people["agency_rep"]
    assert list(queries.visible_documents(rep, commissioned)) == [shared]
    sign_in(client, rep)
    listing = client.get(reverse("casefiles:list", args=[commissioned.reference])).content.decode()
    assert "Panel letter" in listing and "Family" not in listing
    assert client.get(reverse("casefiles:document", args=[commissioned.reference, kept.pk])).status_code == 403
    assert client.get(reverse("casefiles:download", args=[commissioned.reference, kept.pk, 1])).status_code == 403
    assert client.get(reverse("casefiles:download", args=[commissioned.reference, shared.pk, 1])).status_code == 200
    with pytest.raises(PermissionDenied):
        services.document_add(case=commissioned, by=rep, title="Mine", upload=_file("a.pdf", PDF))


def test_nobody_outside_the_case_reaches_its_documents(world, commissioned, client):
    document = _add(world, commissioned, audience=Audience.CASE).document
    for persona in ("agency_rep_elsewhere", "other_partnership_manager"):
        sign_in(client, world.people[persona])
        assert client.get(reverse("casefiles:list", args=[commissioned.reference])).status_code == 403
        assert client.get(reverse("casefiles:download", args=[commissioned.reference, document.pk,
                                                              1])).status_code == 403


# --- Expected and required documents ------------------------------------------------------------

def _require_terms_of_reference(case) -> None:
    stage = case.stage
    stage.required_documents = "Terms of reference"
    stage.save()


def test_a_required_document_holds_the_stage_until_its_file_has_passed_the_scan(world, commissioned, scanner):
    _require_terms_of_reference(commissioned)
    bu = world.people["bu_officer"]
    with pytest.raises(ValidationError) as held:
        step(commissioned, "advance", bu, terms_of_reference_on=date(2026, 2, 20))
    assert "Upload “Terms of reference”: the stage cannot be completed without it" in held.value.messages
    stage = commissioned.stage
    # A quarantined file does not count.
    services.document_add(case=commissioned, by=bu, title="ToR", stage=stage, expected="Terms of reference",
                          upload=_file("tor.txt", EICAR))
    assert queries.missing_required(commissioned) == ["Terms of reference"]
    services.document_add(case=commissioned, by=bu, title="Signed ToR", stage=stage, expected="Terms of reference",
                          upload=_file("tor.pdf", PDF))
    assert queries.missing_required(commissioned) == []
    moved = step(commissioned, "advance", bu, terms_of_reference_on=date(2026, 2, 20))
    assert moved.stage.name == "Information gathering"


def test_a_required_document_cannot_be_ticked_off_without_its_file(world, commissioned):
    _require_terms_of_reference(commissioned)
    with pytest.raises(ValidationError, match="must be uploaded to the case"):
        case_services.checklist_toggle(case=commissioned, stage=commissioned.stage, document="Terms of reference",
                                       done=True, by=world.people["bu_officer"])
    case_services.checklist_toggle(case=commissioned, stage=commissioned.stage, document="Family engagement plan",
                                   done=True, by=world.people["bu_officer"])


def test_a_file_can_only_answer_a_document_the_case_route_expects(world, commissioned):
    other_route_stage = world.partnership.routes.exclude(pk=commissioned.route_id).first().stages.first()
    with pytest.raises(ValidationError, match="Choose one of the documents this review expects"):
        _add(world, commissioned, stage=other_route_stage, expected=other_route_stage.documents[0])
    with pytest.raises(ValidationError, match="Choose one of the documents"):
        _add(world, commissioned, stage=commissioned.stage, expected="Something else")


def test_the_case_page_checklist_shows_the_file_and_leads_to_the_upload(world, commissioned, client):
    _require_terms_of_reference(commissioned)
    sign_in(client, world.people["bu_officer"])
    page = client.get(reverse("cases:detail", args=[commissioned.reference])).content.decode()
    upload = f"{reverse('casefiles:upload', args=[commissioned.reference])}?for={commissioned.stage.pk}:0"
    assert upload in page and "The stage cannot be completed without it" in page
    client.logout()
    sign_in(client, world.people["partner_la"])  # sees the case, cannot upload: no link to a refusal
    seen = client.get(reverse("cases:detail", args=[commissioned.reference])).content.decode()
    assert "Terms of reference" in seen and upload not in seen
    client.logout()
    sign_in(client, world.people["bu_officer"])
    form = client.get(upload).content.decode()
    assert "Upload “Terms of reference”" in form
    response = client.post(upload, {"file": _file("tor.pdf", PDF), "title": "Signed ToR",
                                    "expected": f"{commissioned.stage.pk}:0", "audience": "core"})
    assert response.status_code == 302
    page = client.get(reverse("cases:detail", args=[commissioned.reference])).content.decode()
    assert "Uploaded" in page and "Signed ToR" in page and upload not in page


def test_the_upload_form_shows_every_problem_in_an_error_summary(world, commissioned, client):
    sign_in(client, world.people["bu_officer"])
    response = client.post(reverse("casefiles:upload", args=[commissioned.reference]), {"audience": "core"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Choose a file to upload" in body and "Enter a title" in body


def test_the_process_pack_refuses_a_required_document_the_stage_does_not_expect():
    from casereview.process.forms import StageForm

    form = StageForm({"name": "Commissioned", "expected_documents": "Terms of reference\nPlan",
                      "required_documents": "Terms of Reference", "active": "on"})
    assert not form.is_valid()
    assert "is not in the list of documents this stage expects" in str(form.errors["required_documents"])
    assert StageForm({"name": "C", "expected_documents": "Terms of reference",
                      "required_documents": "Terms of reference", "active": "on"}).is_valid()
