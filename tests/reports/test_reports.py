"""Review documents from the rapid review to publication, through the services."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from casereview.cases.models import CaseMembership, CaseRole, SubjectIdentity
from casereview.documents import render
from casereview.reports import papers, queries, services
from casereview.reports.models import Approval, PublishedReport
from tests.cases.journey import (
    decided_with_lead_reviewer,
    signed_off_ready,
    step,
)
from tests.factories import audit_said

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _write(world, case, **sections):
    base = {"introduction": "<p>This review is about Child B.</p>", "analysis": "<p>Agencies did not share.</p>"}
    return services.version_save(case=case, by=world.people["lead_reviewer"], sections={**base, **sections})


def _approve_all(world, case, version):
    for persona in ("partner_la", "partner_police", "partner_icb"):
        services.approval_record(case=case, by=world.people[persona], version=version)


def test_rapid_review_report_has_the_panels_headings_in_docx_and_tagged_pdf(world, lcspr):
    services.rapid_review_record_save(case=lcspr, by=world.people["bu_officer"], data={
        "key_practice_episodes": "Missed health appointments were not followed up.",
        "attendees": "Detective inspector\nDesignated nurse"})
    document = papers.rapid_review_report(lcspr)
    from docx import Document as Docx

    docx = Docx(io.BytesIO(render.to_docx(document)))
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Identifiers" in headings and "10. Decision" in headings
    assert "14. Sign-off by the three safeguarding partners" in headings
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Missed health appointments were not followed up." in text
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(render.to_pdf(document)))
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in pdf.trailer["/Root"]
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    assert "5. Key practice episodes" in pdf_text and "Missed health appointments" in pdf_text
    assert world.case.partnership.name in pdf_text


def test_terms_of_reference_document_lists_milestones_from_the_pack(world, lcspr):
    services.terms_of_reference_save(case=lcspr, by=world.people["bu_officer"], data={
        "scope_start": date(2025, 1, 1), "scope_end": date(2026, 1, 5), "lines_of_enquiry": "Information sharing",
        "methodology": "systems", "agreed_on": date(2026, 2, 20), "agencies": [world.agencies["police"]]})
    from docx import Document as Docx

    docx = Docx(io.BytesIO(render.to_docx(papers.terms_of_reference(lcspr))))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert "Publish the review" in cells and "Information sharing" in cells
    with pytest.raises(ValidationError, match="after its start"):
        services.terms_of_reference_save(case=lcspr, by=world.people["bu_officer"], data={
            "scope_start": date(2026, 1, 1), "scope_end": date(2025, 1, 1)})


def test_a_section_with_a_script_is_refused_and_nothing_is_saved(world, lcspr):
    with pytest.raises(ValidationError, match="contains code or content that a report cannot hold"):
        _write(world, lcspr, analysis='<p>Fine</p><script>alert(1)</script>')
    with pytest.raises(ValidationError, match="cannot hold"):
        _write(world, lcspr, analysis='<p onclick="x()">Fine</p>')
    assert not lcspr.report_versions.exists()
    version = _write(world, lcspr, analysis='<p>Kept <strong>bold</strong> <span class="x">text</span></p>')
    assert version.section("analysis")["html"] == "<p>Kept <strong>bold</strong> text</p>"


def test_versions_are_kept_and_a_stale_save_is_refused(world, lcspr):
    first = _write(world, lcspr)
    second = services.version_save(case=lcspr, by=world.people["bu_officer"], sections={"analysis": "<p>New</p>"},
                                   based_on=first.number)
    with pytest.raises(ValidationError, match="saved by someone else"):
        services.version_save(case=lcspr, by=world.people["lead_reviewer"], sections={"analysis": "<p>Other</p>"},
                              based_on=first.number)
    assert [v.number for v in lcspr.report_versions.all()] == [2, 1] and second.number == 2
    with pytest.raises(PermissionDenied):
        services.version_save(case=lcspr, by=world.people["agency_rep"], sections={})


def test_approvals_only_by_partners_once_each_and_withdrawn_by_a_change(world, lcspr):
    version = _write(world, lcspr)
    with pytest.raises(ValidationError, match="Only the delegated safeguarding partners"):
        services.approval_record(case=lcspr, by=world.people["bu_manager"], version=version)
    services.approval_record(case=lcspr, by=world.people["partner_la"], version=version, comment="Content")
    with pytest.raises(ValidationError, match="already approved version 1"):
        services.approval_record(case=lcspr, by=world.people["partner_la"], version=version)
    services.approval_record(case=lcspr, by=world.people["partner_police"], version=version)
    services.approval_record(case=lcspr, by=world.people["partner_icb"], version=version)
    assert queries.approvals_complete(lcspr)
    _write(world, lcspr, analysis="<p>A late change.</p>")
    assert not queries.approvals_complete(lcspr)
    withdrawn = Approval.objects.filter(case=lcspr).exclude(withdrawn_at=None)
    assert withdrawn.count() == 3
    assert all(a.withdrawn_reason.startswith("Version 2 was saved by Lead Reviewer") for a in withdrawn)
    with pytest.raises(ValidationError, match="Only the latest version can be approved"):
        services.approval_record(case=lcspr, by=world.people["partner_la"], version=version)


def test_factual_accuracy_round_by_an_agency_on_the_case(world, lcspr):
    version = _write(world, lcspr)
    CaseMembership.objects.get_or_create(case=lcspr, person=world.people["agency_rep"],
                                         defaults={"role": CaseRole.AGENCY_REPRESENTATIVE})
    accuracy = services.accuracy_round_send(case=lcspr, by=world.people["bu_officer"], version=version,
                                            audience="agencies", agencies=[world.agencies["police"]],
                                            due_on=date(2026, 6, 15))
    with pytest.raises(PermissionDenied):
        services.accuracy_comment_add(accuracy_round=accuracy, by=world.people["agency_rep_elsewhere"],
                                      section_key="analysis", comment="x")
    made = services.accuracy_comment_add(accuracy_round=accuracy, by=world.people["agency_rep"],
                                         section_key="analysis", comment="The call was on the 4th, not the 5th.")
    with pytest.raises(ValidationError, match="no response"):
        services.accuracy_round_close(accuracy_round=accuracy, by=world.people["bu_officer"])
    services.accuracy_respond(comment=made, by=world.people["lead_reviewer"], response="Corrected in version 2.")
    services.accuracy_round_close(accuracy_round=accuracy, by=world.people["bu_officer"])


def _ready_to_publish(world, case):
    SubjectIdentity.objects.filter(subject__case=case).update(full_name="Jordan Example")
    version = _write(world, case, child="<p>Jordan Example lived at home, postcode NB1 2XY, NHS number "
                                        "943 476 5919. Jordan's school was supportive.</p>",
                     improvements="<p>Health visitors should share concerns about bruising the same day.</p>")
    _approve_all(world, case, version)
    services.publication_decision_save(case=case, by=world.people["bu_manager"], form="full",
                                       response="The partners accept every finding and will report progress.")
    bu = world.people["bu_officer"]
    case = step(case, "advance", bu, terms_of_reference_on=date(2026, 2, 20))
    for _ in range(4):
        case = step(case, "advance", bu)
    signed_off_ready(world, case, agreed_on=date(2026, 2, 20))
    case = step(case, "advance", bu, approved_on=date(2026, 5, 1), publication_planned_on=date(2026, 6, 5))
    return case, version


def test_publication_is_blocked_until_the_anonymisation_check_is_resolved(world, lcspr):
    case, version = _ready_to_publish(world, lcspr)
    kinds = {f.kind for f in services.unresolved(case, version)}
    assert kinds == {"name", "postcode", "nhs_number"}
    problems = services.publication_problems(case)
    assert any("anonymisation check" in p for p in problems)
    assert any("pre-publication notice" in p for p in problems)
    with pytest.raises(ValidationError):
        services.publish(case=case, by=world.people["bu_officer"], published_on=TODAY, site_url="https://x.test")
    for _, finding in services.findings_for(case, version):
        services.redaction_decide(case=case, by=world.people["lead_reviewer"], key=finding.key, kind=finding.kind,
                                  example=finding.text, action="replace", replacement=finding.suggestion)
    assert services.unresolved(case, version) == []
    redacted = " ".join(s["html"] for s in services.redacted_sections(case, version))
    assert "Jordan" not in redacted and "NB1 2XY" not in redacted and "943 476 5919" not in redacted
    assert "Child B (2026)'s school" in redacted


def test_publishing_needs_the_notice_and_seven_working_days(world, lcspr):
    case, version = _ready_to_publish(world, lcspr)
    for _, finding in services.findings_for(case, version):
        services.redaction_decide(case=case, by=world.people["lead_reviewer"], key=finding.key, kind=finding.kind,
                                  example=finding.text, action="replace", replacement=finding.suggestion)
    with pytest.raises(ValidationError, match="pre-publication notice"):
        services.publish(case=case, by=world.people["bu_officer"], published_on=TODAY, site_url="https://x.test")
    case = step(case, "advance", world.people["bu_officer"], notice_sent_on=date(2026, 5, 26))
    with pytest.raises(ValidationError, match="Publication cannot be before 4 June 2026"):
        services.publish(case=case, by=world.people["bu_officer"], published_on=TODAY, site_url="https://x.test")
    with time_machine.travel(date(2026, 6, 8), tick=False):
        publication = services.publish(case=case, by=world.people["bu_officer"], published_on=date(2026, 6, 8),
                                       site_url="https://x.test")
    assert publication.review_on == date(2027, 6, 8)
    assert "Jordan" not in publication.html and "Child B (2026)" in publication.html
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(bytes(publication.pdf)))
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    assert "Jordan" not in "".join(p.extract_text() for p in pdf.pages)
    with pytest.raises(ValueError, match="never changed"):
        publication.title = "Changed"
        publication.save()
    correction = services.correction_publish(publication=PublishedReport.objects.get(pk=publication.pk),
                                             by=world.people["bu_officer"], note="A date corrected.")
    assert correction.edition == 2 and PublishedReport.objects.filter(slug=publication.slug).count() == 2


def test_the_partnership_edits_its_report_sections_and_checklist(world, lcspr):
    manager = world.people["bu_manager"]
    with pytest.raises(PermissionDenied):
        services.template_save(partnership=world.partnership, route_kind="lcspr", by=world.people["bu_officer"],
                               text="A")
    template = services.template_save(partnership=world.partnership, route_kind="lcspr", by=manager,
                                      text="Introduction and why this review was held: Keep it short\nWhat we found")
    assert [s["key"] for s in template.sections] == ["introduction", "what-we-found"]
    assert [s["title"] for s in services.template_sections(lcspr)] == ["Introduction and why this review was held",
                                                                      "What we found"]
    with pytest.raises(ValidationError, match="same title"):
        services.template_save(partnership=world.partnership, route_kind="lcspr", by=manager, text="A\na")
    services.quality_markers_save(partnership=world.partnership, by=manager, text="Clear scope: ToR\nFamily voice")
    active = list(world.partnership.quality_markers.filter(active=True).values_list("text", flat=True))
    assert active == ["Clear scope", "Family voice"]
    assert world.partnership.quality_markers.filter(active=False).exists()


def test_plain_writing_becomes_paragraphs_lists_and_bold_and_back():
    from casereview.reports import richtext

    text = "First paragraph with **bold**.\nSame paragraph.\n\n- one\n- two\n\n1. first\n2. second\n\nA < B & C"
    html = richtext.to_html(text)
    assert html == ("<p>First paragraph with <strong>bold</strong>.<br>Same paragraph.</p>"
                    "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol><p>A &lt; B &amp; C</p>")
    assert richtext.to_text(html) == text.replace("Same paragraph.", "Same paragraph.")
    assert richtext.to_html("<p>Already HTML</p>") == "<p>Already HTML</p>"
    assert richtext.to_text('<p>Link <a href="https://x.test">here</a></p>').startswith("<p>")


def test_plain_writing_is_saved_as_sanitised_html(world, lcspr):
    version = services.version_save(case=lcspr, by=world.people["lead_reviewer"],
                                    sections={"analysis": "Agencies **did not** share.\n\n- GP\n- Police"})
    assert version.section("analysis")["html"] == ("<p>Agencies <strong>did not</strong> share.</p>"
                                                   "<ul><li>GP</li><li>Police</li></ul>")


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 112, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_partnership_logo_is_checked_and_appears_on_documents(world, lcspr):
    from casereview.process.services import partnership_logo_set

    manager = world.people["bu_manager"]
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        partnership_logo_set(partnership=world.partnership, by=manager, content=b"GIF89a....")
    with pytest.raises(ValidationError, match="not an image we can read"):
        partnership_logo_set(partnership=world.partnership, by=manager, content=b"\x89PNG\r\n\x1a\nbroken")
    partnership_logo_set(partnership=world.partnership, by=manager, content=_png())
    lcspr.partnership.refresh_from_db()
    document = papers.terms_of_reference(lcspr)
    from docx import Document as Docx

    docx = Docx(io.BytesIO(render.to_docx(document)))
    assert docx.sections[0].header.part.related_parts  # the picture is in the header
    assert 'alt="Testshire Safeguarding Children Partnership logo"' in render.to_html(document)
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(render.to_pdf(document)))
    assert any("/XObject" in (page.get("/Resources") or {}) for page in pdf.pages)


def test_publishing_is_refused_until_quality_terms_of_reference_and_approvals_are_in_place(client, world, lcspr):
    """Each gap is named and linked to the page where it is put right, on the publish page and
    when publishing is attempted."""
    from django.urls import reverse

    from casereview.reports.models import QualityCheck, TermsOfReference
    from tests.factories import sign_in

    case, version = _ready_to_publish(world, lcspr)
    for _, finding in services.findings_for(case, version):
        services.redaction_decide(case=case, by=world.people["lead_reviewer"], key=finding.key, kind=finding.kind,
                                  example=finding.text, action="replace", replacement=finding.suggestion)
    case = step(case, "advance", world.people["bu_officer"], notice_sent_on=date(2026, 5, 26))
    QualityCheck.objects.filter(case=case).order_by("pk").first().delete()
    TermsOfReference.objects.filter(case=case).update(agreed_on=None)
    from django.utils import timezone

    Approval.objects.filter(case=case, partner__endswith="police").update(withdrawn_at=timezone.now())
    with time_machine.travel(date(2026, 6, 8), tick=False):
        with pytest.raises(ValidationError) as refused:
            services.publish(case=case, by=world.people["bu_officer"], published_on=date(2026, 6, 8),
                             site_url="https://x.test")
        links = {str(e.message): e.message.href for e in refused.value.error_list}
        assert links == {
            "Agree the terms of reference and record the date they were agreed":
                f"/reports/{case.reference}/terms-of-reference/",
            "Complete the quality assurance checklist: 7 of 8 quality markers are met":
                f"/reports/{case.reference}/quality-assurance/",
            "All three safeguarding partners must approve the latest version of the report":
                f"/reports/{case.reference}/#sign-off",
        }
        sign_in(client, world.people["bu_officer"])
        page = client.get(reverse("reports:publish", args=[case.reference])).content.decode()
        assert f'<a class="govuk-link" href="/reports/{case.reference}/quality-assurance/">Complete the quality' in page
        response = client.post(reverse("reports:publish", args=[case.reference]), {
            "published_on-day": "8", "published_on-month": "6", "published_on-year": "2026"})
        assert response.status_code == 200 and not PublishedReport.objects.exists()
        summary = response.content.decode()
        assert f'href="/reports/{case.reference}/terms-of-reference/">Agree the terms of reference' in summary


def test_every_address_nobody_recorded_is_replaced_at_once_and_logged(client, world, lcspr):
    from bs4 import BeautifulSoup
    from django.urls import reverse

    from casereview.audit.models import AuditEvent
    from tests.factories import sign_in

    version = _write(world, lcspr, child="<p>They lived at 14 Acacia Avenue, then 9 Mill Lane, then Flat 2, "
                                         "40 Hope Street. John Smith visited 9 Mill Lane often.</p>")
    sign_in(client, world.people["lead_reviewer"])
    url = reverse("reports:anonymisation", args=[lcspr.reference])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    legend = page.find("legend", string=lambda s: s and "Every undecided address" in s)
    assert legend is not None and "(3)" in legend.get_text()
    assert page.find("input", {"id": "replacement-kind-address"})["value"] == "the family home"
    refused = client.post(url, {"kind": "address", "action": "accept", "replacement": "", "reason": ""})
    assert refused.status_code == 200 and "Say why these can stay" in refused.content.decode()
    client.post(url, {"kind": "address", "action": "replace", "replacement": "the family home", "reason": ""})
    decided = {d.example: d for d in lcspr.redactions.all()}
    assert set(decided) == {"14 Acacia Avenue", "9 Mill Lane", "Flat 2, 40 Hope Street"}
    assert decided["9 Mill Lane"].occurrences == 2 and all(d.for_whole_kind for d in decided.values())
    assert [f.kind for f in services.unresolved(lcspr, version)] == ["name"]  # John Smith waits
    audit = AuditEvent.objects.filter(case=lcspr, code="reports.redaction_decided_kind").get()
    assert audit_said([audit]) == ["Redaction decision on every undecided address: replaced (3 findings, 4 occurrences)"]
    assert "Acacia" not in str(audit.params)
    redacted = " ".join(s["html"] for s in services.redacted_sections(lcspr, version))
    assert "Acacia" not in redacted and "Mill Lane" not in redacted and redacted.count("the family home") == 4
    log = render.to_docx(papers.redaction_log(lcspr))
    from docx import Document as Docx

    cells = [c.text for t in Docx(io.BytesIO(log)).tables for row in t.rows for c in row.cells]
    assert "Every finding of its kind" in cells and "Address" in cells


def test_the_gate_lets_a_kept_unrecorded_name_through_but_never_a_recorded_one(world, lcspr):
    from casereview.reports import gate
    from casereview.reports.models import RedactionDecision

    SubjectIdentity.objects.filter(subject__case=lcspr).update(full_name="Jordan Example")
    published = PublishedReport(case=lcspr, html="<p>Professor Eileen Munro's review; Jordan Example.</p>")
    known = services.known_details(lcspr)
    keys = {f.finding.text: f.finding.key for f in gate.leaks(published, known)}
    assert set(keys) == {"Professor Eileen Munro", "Jordan Example"}
    for text, key in keys.items():
        RedactionDecision.objects.create(case=lcspr, key=key, kind="name", example=text, action="accept",
                                         reason="A cited author" if "Munro" in text else "Kept by mistake",
                                         by=world.people["lead_reviewer"])
    left = gate.leaks(published, known, services.kept_details(lcspr))
    assert [leak.finding.text for leak in left] == ["Jordan Example"]


def _published(world, case, form: str, tmp_path=None):
    """The case published in the given form, its findings replaced, on 8 June 2026."""
    case, version = _ready_to_publish(world, case)
    services.publication_decision_save(
        case=case, by=world.people["bu_manager"], form=form, foreword="We thank the family for their help.",
        response="The partners accept every finding.", glossary="LADO: Local Authority Designated Officer")
    for _, finding in services.findings_for(case, version):
        services.redaction_decide(case=case, by=world.people["lead_reviewer"], key=finding.key, kind=finding.kind,
                                  example=finding.text, action="replace", replacement=finding.suggestion)
    case = step(case, "advance", world.people["bu_officer"], notice_sent_on=date(2026, 5, 26))
    with time_machine.travel(date(2026, 6, 8), tick=False):
        return services.publish(case=case, by=world.people["bu_officer"], published_on=date(2026, 6, 8),
                                site_url="https://x.test")


def test_a_published_report_has_a_cover_contents_numbered_paragraphs_and_the_partners_words(world, lcspr):
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    publication = _published(world, lcspr, "full")
    pdf = PdfReader(io.BytesIO(bytes(publication.pdf)))
    pages = [page.extract_text() for page in pdf.pages]
    cover = pages[0]
    assert "Local child safeguarding practice review: Child B (2026)" in cover.replace("\n", " ")
    assert "Published: 8 June 2026" in cover and "Date for review: 8 June 2027" in cover and "Page" not in cover
    assert "Contents" in pages[1] and "Page 2 of" in pages[1]
    contents = pages[1].splitlines()
    # Each section is listed with the page it starts on.
    assert any(line.startswith("Foreword") and line.rstrip()[-1].isdigit() for line in contents)
    body = "\n".join(pages[2:])
    assert "We thank the family" in body and "The partners accept every finding." in body and "LADO" in body
    assert body.index("Foreword") < body.index("Introduction") < body.index("safeguarding partners’ response")
    assert "/StructTreeRoot" in pdf.trailer["/Root"]
    page = BeautifulSoup(publication.html, "html.parser")
    assert [a.get_text() for a in page.select(".app-document__contents a")][:2] == [
        "Foreword", "Introduction and why this review was held"]
    numbers = [n.get_text() for n in page.select(".app-document__para-number")]
    assert numbers[:3] == ["1.1", "2.1", "3.1"]  # introduction, the child, analysis: empty sections left out
    assert page.find(id="section-1").get_text() == "Foreword"


@pytest.mark.parametrize("form, kept, left_out", [
    ("executive_summary", ["Introduction and why this review was held", "Analysis and findings"],
     ["The child and their family"]),
    ("improvements_only", ["Summary of recommended improvements"],
     ["Introduction and why this review was held", "The child and their family"]),
])
def test_a_summary_or_improvements_only_is_published_with_the_same_design(world, lcspr, form, kept, left_out):
    from bs4 import BeautifulSoup

    publication = _published(world, lcspr, form)
    contents = [a.get_text() for a in BeautifulSoup(publication.html, "html.parser")
                .select(".app-document__contents a")]
    assert all(title in contents for title in kept) and not any(title in contents for title in left_out)
    assert "The safeguarding partners’ response" in contents
    assert publication.form == form


def test_publishing_waits_for_the_partners_response_and_something_to_publish(world, lcspr):
    case, _ = _ready_to_publish(world, lcspr)
    services.publication_decision_save(case=case, by=world.people["bu_manager"], form="full")
    assert any("safeguarding partners’ response" in p for p in services.publication_problems(case))
    _write(world, case)  # a new version with no improvements written
    services.publication_decision_save(case=case, by=world.people["bu_manager"], form="improvements_only",
                                       response="Accepted.")
    case = type(case).objects.get(pk=case.pk)  # read the decision afresh, as a page would
    assert any("Nothing to publish as improvements only" in p for p in services.publication_problems(case))
    with pytest.raises(ValidationError, match="Term: what it means"):
        services.publication_decision_save(case=case, by=world.people["bu_manager"], form="full",
                                           response="Accepted.", glossary="LADO means a designated officer")


@pytest.mark.parametrize("route", ["local_learning", "rapid_review_learning"])
def test_a_local_learning_review_publishes_its_learning_summary_without_a_panel_notice(world, route):
    """A MARL and a "learning from the rapid review" case both publish a learning summary through the
    same gates as an LCSPR, without the Panel's pre-publication notice."""
    from casereview.process.models import CaseEvent

    case = decided_with_lead_reviewer(world, kind=route)
    bu = world.people["bu_officer"]
    version = services.version_save(case=case, by=world.people["lead_reviewer"], sections={
        "summary": "<p>Child B was a baby whose bruising was seen by three agencies.</p>",
        "learning": "<p>Bruising in a baby who is not yet mobile needs a same-day referral.</p>"})
    _approve_all(world, case, version)
    services.publication_decision_save(case=case, by=world.people["bu_manager"], form="full",
                                       response="The partners accept the learning.")
    signed_off_ready(world, case, agreed_on=date(2026, 2, 10))
    approvable = case.route.stages.filter(milestone="approved").exists()
    for _ in range(20 if approvable else 0):  # through the route's stages to Approved, giving what each asks
        if case.stage.milestone == "approved":
            break
        case = step(case, "advance", bu, terms_of_reference_on=date(2026, 2, 10), approved_on=date(2026, 5, 1))
    problems = services.publication_problems(case)
    assert problems == [] and not any("pre-publication notice" in p for p in problems)
    publication = services.publish(case=case, by=bu, published_on=TODAY, site_url="https://x.test")
    assert publication.title.startswith(case.route.name + ": ")
    assert "Bruising in a baby" in publication.html
    from pypdf import PdfReader

    cover = PdfReader(io.BytesIO(bytes(publication.pdf))).pages[0].extract_text()
    assert "Learning summary" in cover and "Published: 1 June 2026" in cover
    assert case.milestones.get(event=CaseEvent.PUBLISHED).on == TODAY


@pytest.mark.parametrize("hostile, stored", [
    ('<p>Fine</p><script>alert(1)</script>', None),
    ('<p onclick="steal()">Fine</p>', None),
    ('<p><a href="javascript:steal()">link</a></p>', None),
    ('<iframe src="https://evil.example"></iframe>', None),
    ('<p style="position:fixed;top:0">Fine</p>', "<p>Fine</p>"),
    ('<p><a href="/admin/" id="main">link</a></p>', '<p><a rel="noopener noreferrer">link</a></p>'),
])
def test_hostile_html_from_an_editor_is_refused_or_stripped_whatever_the_browser_sends(world, lcspr, hostile,
                                                                                      stored):
    """Code is refused with a message and nothing saved; presentation and stray links are stripped (ADR 0023)."""
    if stored is None:
        with pytest.raises(ValidationError, match="cannot hold"):
            _write(world, lcspr, analysis=hostile)
        assert lcspr.report_versions.count() == 0
        return
    saved = next(s["html"] for s in _write(world, lcspr, analysis=hostile).sections if s["key"] == "analysis")
    assert saved == stored


def test_tables_footnotes_and_sub_headings_are_kept(world, lcspr):
    html = ('<h3>What agencies knew</h3><table><caption>Contacts</caption><thead><tr><th scope="col">Agency</th>'
            '<th scope="col">Contacts</th></tr></thead><tbody><tr><td>Police</td><td colspan="1">4</td></tr></tbody>'
            '</table><p>Four calls<sup><a href="#fn-1" id="fnref-1">1</a></sup>.</p>'
            '<ol><li id="fn-1">Police log, March to May. <a href="#fnref-1">Back</a></li></ol>'
            '<p><a href="https://www.gov.uk/guidance">Guidance</a></p>')
    saved = next(s["html"] for s in _write(world, lcspr, analysis=html).sections if s["key"] == "analysis")
    for kept in ('<th scope="col">Agency</th>', '<caption>Contacts</caption>', '<td colspan="1">4</td>',
                 '<a href="#fn-1" id="fnref-1" rel="noopener noreferrer">1</a>', '<li id="fn-1">', "<h3>",
                 'href="https://www.gov.uk/guidance"'):
        assert kept in saved, kept


def _ready_and_noticed(world, case):
    case, version = _ready_to_publish(world, case)
    for _, finding in services.findings_for(case, version):
        services.redaction_decide(case=case, by=world.people["lead_reviewer"], key=finding.key, kind=finding.kind,
                                  example=finding.text, action="replace", replacement=finding.suggestion)
    return step(case, "advance", world.people["bu_officer"], notice_sent_on=date(2026, 5, 26))


def test_the_pdf_is_rendered_before_any_row_is_locked(world, lcspr, monkeypatch):
    from django.db import connection

    case = _ready_and_noticed(world, lcspr)
    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    real = render.to_pdf

    def watched(document):
        depths.append(len(connection.atomic_blocks))
        return real(document)

    monkeypatch.setattr(render, "to_pdf", watched)
    with time_machine.travel(date(2026, 6, 8), tick=False):
        publication = services.publish(case=case, by=world.people["bu_officer"], published_on=date(2026, 6, 8),
                                       site_url="https://x.test")
        services.correction_publish(publication=publication, by=world.people["bu_officer"], note="A date corrected.")
    assert depths == [outside, outside]


def test_a_report_changed_while_its_pdf_was_rendered_is_not_published(world, lcspr, monkeypatch):
    case = _ready_and_noticed(world, lcspr)
    real = render.to_pdf

    def meanwhile(document):
        # Someone changes the partners' response while the PDF renders.
        services.publication_decision_save(case=case, by=world.people["bu_manager"], form="full",
                                           response="The partners accept every finding, with one change.")
        return real(document)

    monkeypatch.setattr(render, "to_pdf", meanwhile)
    with time_machine.travel(date(2026, 6, 8), tick=False), pytest.raises(ValidationError, match="changed while"):
        services.publish(case=case, by=world.people["bu_officer"], published_on=date(2026, 6, 8),
                         site_url="https://x.test")
    assert not PublishedReport.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.stage.milestone == "published"  # not moved on
