"""Library pages through the test client."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.library import rules
from casereview.library.models import LibraryDocument, Theme
from tests.factories import audit_said, sign_in
from tests.library.helpers import add_document, pdf_with_pages

REFERENCE = Path(__file__).with_name("reference_national_panel.json")


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def test_search_page_filters_by_type_and_year_and_shows_snippets(client, db):
    soup = _soup(client.get(reverse("library:search"), {"q": "domestic abuse", "kind": "practice_briefing"}))
    titles = [a.get_text() for a in soup.select(".app-results__item h2 a")]
    assert titles == ["Multi-agency safeguarding and domestic abuse"]
    assert soup.select_one(".app-results__item mark")
    kind_boxes = soup.select('input[name="kind"]')
    assert any(box.get("checked") is not None and box["value"] == "practice_briefing" for box in kind_boxes)
    soup = _soup(client.get(reverse("library:search"), {"q": "domestic abuse", "year": "2021"}))
    assert all("2021" in p.get_text() for p in soup.select(".app-results__meta"))


def test_an_empty_search_lists_everything_newest_first_with_pages(client, db):
    soup = _soup(client.get(reverse("library:search")))
    assert "36 results" in soup.select_one("#result-count").get_text()
    assert soup.select_one(".govuk-pagination")
    first = soup.select_one(".app-results__meta").get_text()
    assert "2026" in first


def test_a_search_with_only_common_words_says_so(client, db):
    soup = _soup(client.get(reverse("library:search"), {"q": "the and of"}))
    assert "only very common words" in soup.get_text()


def test_document_page_shows_key_messages_source_and_themes(client, db):
    document = LibraryDocument.objects.get(title__startswith="\"The Myth of Invisible Men\"")
    soup = _soup(client.get(reverse("library:document", args=[document.slug])))
    assert soup.select_one("h1").get_text() == document.title
    assert document.source_url in soup.get_text()
    assert len(soup.select("#summary ~ ul.govuk-list--bullet li")) >= len(document.key_messages)
    assert soup.select_one(f'a[href="{reverse("library:theme", args=["fathers-male-carers"])}"]')


def test_searching_inside_a_document_jumps_to_the_page(client, world):
    document = add_document(world.partnership, world.people["bu_manager"], title="Child V review",
                            pages=["Scope.", "Nothing here.", "The school nurse noticed weight loss."])
    soup = _soup(client.get(reverse("library:document", args=[document.slug]), {"q": "weight loss"}))
    links = [a["href"] for a in soup.select('a[href^="#page-"]')]
    assert links == ["#page-3"]
    assert soup.select_one("#page-3 mark").get_text() == "weight"
    download = client.get(reverse("library:document-file", args=[document.slug]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_unlisted_documents_are_only_for_their_business_unit(client, world):
    document = add_document(world.partnership, world.people["bu_manager"], title="Hidden", pages=["x"], listed=False)
    assert client.get(reverse("library:document", args=[document.slug])).status_code == 404
    assert client.get(reverse("library:document-file", args=[document.slug])).status_code == 404
    sign_in(client, world.people["bu_officer"])
    assert client.get(reverse("library:document", args=[document.slug])).status_code == 200


def test_upload_through_the_form_then_confirm_a_theme_and_list_it(client, world):
    from casereview.library.services import document_read

    sign_in(client, world.people["bu_officer"])
    response = client.post(reverse("library:upload"), {"title": "", "file": ""})
    soup = _soup(response)
    assert soup.select_one(".govuk-error-summary")
    assert soup.title.get_text().startswith("Error:")
    upload = SimpleUploadedFile("review.pdf", pdf_with_pages(["Scope.", "The baby was co-sleeping on a sofa."]))
    response = client.post(reverse("library:upload"), {
        "file": upload, "origin": "other_partnership", "title": "Child W review", "publisher": "Elsewhere LSCP",
        "kind": "local_review", "published_year": "2025", "published_month": "4", "summary": "A review."})
    document = LibraryDocument.objects.get(title="Child W review")
    assert response.status_code == 302 and response["Location"] == reverse("library:edit", args=[document.slug])
    assert not document.is_listed and document.extraction == "waiting"
    document_read(document.pk)
    soup = _soup(client.get(reverse("library:edit", args=[document.slug])))
    suggestion = next(s for s in soup.select(".app-suggestion") if "SUDI" in s.get_text())
    assert "co-sleeping on a sofa" in suggestion.get_text()
    tag_id = suggestion.select_one('input[name="tag"]')["value"]
    client.post(reverse("library:tag", args=[document.slug]), {"tag": tag_id, "decision": "confirmed"})
    client.post(reverse("library:listing", args=[document.slug]), {"listed": "yes"})
    document.refresh_from_db()
    assert document.is_listed
    assert document.theme_tags.get(theme__slug="sudi-unsafe-sleep").status == "confirmed"
    client.logout()
    soup = _soup(client.get(reverse("library:search"), {"theme": "sudi-unsafe-sleep", "q": "sofa"}))
    assert "Child W review" in [a.get_text() for a in soup.select(".app-results__item h2 a")]


def test_a_file_that_is_not_a_document_is_refused_on_the_form(client, world):
    sign_in(client, world.people["bu_officer"])
    response = client.post(reverse("library:upload"), {
        "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00"), "origin": "other_partnership", "title": "X",
        "publisher": "Y", "kind": "local_review", "published_year": "2025"})
    soup = _soup(response)
    assert "must be a PDF or a Word document" in soup.select_one(".govuk-error-summary").get_text()
    assert not LibraryDocument.objects.filter(title="X").exists()


def test_stale_edit_keeps_the_persons_changes_and_shows_theirs(client, world):
    from casereview.library import services

    document = add_document(world.partnership, world.people["bu_manager"], title="Child X review", pages=["x"])
    services.document_update(document=document, by=world.people["bu_manager"], expected_version=1,
                             data={"summary": "Saved by the manager."})
    sign_in(client, world.people["bu_officer"])
    response = client.post(reverse("library:edit", args=[document.slug]), {
        "lock_version": "1", "title": "Child X review", "publisher": "P", "kind": "local_review",
        "published_year": "2024", "summary": "Mine, not lost."})
    soup = _soup(response)
    assert "Someone else" in soup.get_text()
    assert soup.select_one("textarea[name=summary]").get_text().strip() == "Mine, not lost."
    document.refresh_from_db()
    assert document.summary == "Saved by the manager."


def test_vocabulary_page_edits_a_theme(client, world):
    sign_in(client, world.people["installer"])
    theme = Theme.objects.get(slug="neglect")
    response = client.post(reverse("library:theme-edit", args=["neglect"]), {
        "lock_version": str(theme.lock_version), "label": "Neglect", "group": theme.group,
        "definition": "A new definition.", "triggers": "neglect\nneglected\nunkempt", "is_active": "on"})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.definition == "A new definition." and "unkempt" in theme.triggers
    soup = _soup(client.get(reverse("library:theme", args=["neglect"])))
    assert "A new definition." in soup.get_text()


def test_theme_page_shows_local_actions_only_to_the_partnership(client, world):
    from datetime import date

    from casereview.learning import services as learning

    bu = world.people["bu_officer"]
    finding = learning.finding_add(case=world.case, by=bu, text="Neglect was not recognised.", themes=["neglect"])
    recommendation = learning.recommendation_add(case=world.case, by=bu, text="Train staff.", finding=finding)
    learning.action_add(recommendation=recommendation, by=bu, description="Neglect toolkit training for all staff.",
                        agency=world.agencies["police"], lead=world.people["agency_rep"], start_on=date(2026, 1, 1),
                        due_on=date(2026, 12, 1), success_measure="Audit")
    public = _soup(client.get(reverse("library:theme", args=["neglect"])))
    assert "Neglect toolkit training" not in public.get_text()
    assert "Annual Report 2022 to 2023" in public.get_text()
    sign_in(client, world.people["bu_manager"])
    own = _soup(client.get(reverse("library:theme", args=["neglect"])))
    assert "Neglect toolkit training" in own.get_text()


def test_patterns_page_has_a_table_behind_every_chart(client, world):
    soup = _soup(client.get(reverse("library:patterns")))
    for svg in soup.select("svg[role=img]"):
        assert svg.select_one("title")
    captions = [c.get_text() for c in soup.select("table caption")]
    assert any("by year" in c for c in captions) and any("Share of documents with each theme" in c for c in captions)
    # Each bar chart's figures are in a table folded under "Show the data", not repeated open beneath it.
    for chart in soup.select("figure.app-bar-chart"):
        details = chart.find_next_sibling("details")
        assert details and "Show the data" in details.select_one("summary").get_text() and details.select_one("table")
    assert "Your partnership" not in soup.get_text()


def test_bar_charts_come_sorted_with_whole_labels(client, world):
    from django.template import engines

    template = engines["jinja2"].from_string(
        '{% from "learning/_chart.html" import bar_chart %}'
        '{{ bar_chart("t", "Findings by theme", rows) }}')
    long_label = "Multi-agency working and statutory child protection processes"
    html = template.render({"rows": [("Neglect", 2), (long_label, 9), ("Domestic abuse", 5)]})
    soup = BeautifulSoup(html, "html.parser")
    labels = [s.get_text() for s in soup.select(".app-bar-chart__label")]
    assert labels == [long_label, "Domestic abuse", "Neglect"]  # largest first, never cut short
    assert [s.get_text() for s in soup.select(".app-bar-chart__value")] == ["9", "5", "2"]


def test_process_pack_pdf_says_what_the_page_says(client, world):
    from pypdf import PdfReader

    page = _soup(client.get(reverse("site:how-reviews-work-partnership", args=[world.partnership.slug])))
    link = page.select_one('a[href$="process-pack.pdf"]')
    response = client.get(link["href"])
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    squashed = " ".join(text.split())
    for row in page.select("table tbody tr"):
        step = row.select_one("th").get_text(strip=True)
        assert step in squashed, step
    assert "How to refer a case" in squashed


def test_each_panel_record_says_whether_it_rests_on_the_official_publication(client, world):
    from casereview.library.models import LibraryDocument

    reference = json.loads(REFERENCE.read_text())
    records = {d.title: d for d in LibraryDocument.objects.filter(origin="national_panel")}
    assert len(records) == len(reference) == 36
    for entry in reference:
        record = records[entry["title"]]
        assert record.source_url == entry["source_url"]
        assert record.source_kind == ("official" if entry["official_source_found"] else "secondary")
        assert record.title_confirmed == entry["title_confirmed"]
    secondary = next(d for d in records.values() if d.source_kind == "secondary" and not d.title_confirmed)
    text = _soup(client.get(reverse("library:document", args=[secondary.slug]))).get_text(" ")
    assert "A secondary copy" in text and "The title has not been confirmed" in text
    official = next(d for d in records.values() if d.source_kind == "official")
    text = _soup(client.get(reverse("library:document", args=[official.slug]))).get_text(" ")
    assert "The official publication" in text and "secondary copy" not in text


def test_a_business_unit_attaches_the_official_publication_to_a_panel_record(client, world,
                                                                             django_capture_on_commit_callbacks):
    from casereview.library import services

    record = LibraryDocument.objects.filter(origin="national_panel", source_kind="secondary").first()
    summary, old_url = record.summary, record.source_url
    sign_in(client, world.people["bu_officer"])
    page = _soup(client.get(reverse("library:document", args=[record.slug])))
    link = page.find("a", string="Attach the official publication")
    assert link is not None
    url = link["href"]
    refused = client.post(url, {"url": "http://example.gov.uk/x", "file": SimpleUploadedFile("r.pdf", b"not a pdf")})
    errors = _soup(refused).select_one(".govuk-error-summary").get_text()
    assert "https://" in errors and "PDF or a Word document" in errors
    pdf = pdf_with_pages(["The official text, page one.", "Zygomorphic recommendations on page two."])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"url": "https://www.gov.uk/government/publications/official",
                                     "file": SimpleUploadedFile("official.pdf", pdf, content_type="application/pdf")})
    assert response.status_code == 302 and callbacks
    assert services.document_read(record.pk) == "done"  # as the task worker does
    record.refresh_from_db()
    assert record.source_kind == "official" and record.summary == summary and record.page_count == 2
    assert record.source_url == "https://www.gov.uk/government/publications/official"
    assert old_url in record.additional_sources
    assert any(s.startswith("Attached the official publication") for s in audit_said())
    from casereview.library import search

    assert record.pk in [h.document.pk for h in search.search("zygomorphic").hits]


def test_another_partnerships_document_cannot_be_given_an_official_file(world):
    own = add_document(world.partnership, world.people["bu_manager"], title="Testshire review", pages=["Text."])
    assert rules.can_attach_official(world.people["bu_officer"], own)
    assert not rules.can_attach_official(world.people["other_partnership_manager"], own)
    assert not rules.can_attach_official(world.people["scrutineer"], own)
