"""Issue 15's journey in a real browser: the lead reviewer imports a Word draft of about twenty pages
(three section headings, a table, a footnote and a numbered list), edits a table cell and the footnote
with the keyboard alone, sees the draft saved while typing, saves a version and exports it to Word.
The partners approve it and it is published; the PDF is tagged, with contents and page numbers, and
its cover is kept as an image in test-results/. axe-core checks every page visited."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from casereview.cases.models import Case
from casereview.documents import render
from e2e.test_case_lifecycle_journey import fill_date, sign_out
from e2e.test_foundation_journeys import sign_in
from tests.cases.journey import decided_with_lead_reviewer, lcspr_to_publication
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime(2026, 6, 15, 9, 0)
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-results"

# Plain practice prose with no names in it, so the anonymisation check has nothing to find.
SENTENCES = [
    "The health visitor saw the baby at home and recorded that the parents seemed tired but coping.",
    "Practitioners in each agency held part of the picture, and no meeting brought those parts together.",
    "The referral to children's social care described the injury but not the history behind it.",
    "Supervision in the team focused on caseload numbers rather than on the detail of each family.",
    "The school noticed that attendance had fallen and wrote to the family, who did not reply.",
    "Information about the adults in the household was not shared, because each agency thought another had it.",
]


def _paragraphs(count: int, start: int) -> str:
    return "".join("<p>" + " ".join(SENTENCES[(start + i + j) % len(SENTENCES)] for j in range(5)) + "</p>"
                   for i in range(count))


def _word_draft() -> bytes:
    """About twenty pages of Arial 11: 3 sections of some 38 paragraphs of 80 words (9,200 words)."""
    document = render.Document(title="Local child safeguarding practice review: draft", partnership="Testshire")
    document.add(render.Heading("Introduction and why this review was held"), render.Html(
        '<p>This review was held after a baby was seriously harmed.<sup><a href="#fn-1" id="fnref-1">1</a></sup></p>'
        + _paragraphs(38, 0) + '<ol><li id="fn-1"><p>The rapid review was sent to the Panel.</p></li></ol>'))
    document.add(render.Heading("Analysis and findings"), render.Html(
        "<p>Contacts in the year before the injury:</p>"
        "<table><thead><tr><th>Agency</th><th>Contacts</th></tr></thead>"
        "<tbody><tr><td>Health visiting</td><td>6</td></tr><tr><td>Police</td><td>2</td></tr></tbody></table>"
        + _paragraphs(38, 2)))
    document.add(render.Heading("Recommendations"), render.Html(
        "<ol><li><p>Agree one pathway for bruising in babies who are not yet mobile.</p></li>"
        "<li><p>Audit supervision records each quarter.</p></li></ol>" + _paragraphs(37, 4)))
    return render.to_docx(document)


def _logo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 110, 120), fill=(29, 112, 184))
    draw.text((130, 45), "Testshire Safeguarding", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_import_edit_autosave_export_and_publish_a_report(checked, settings, tmp_path):
    settings.REPORT_AUTOSAVE_SECONDS = 1
    with time_machine.travel(TODAY, tick=False) as clock:
        world = build_world()
        world.partnership.logo, world.partnership.logo_type = _logo(), "png"
        world.partnership.save(update_fields=["logo", "logo_type"])
        case = decided_with_lead_reviewer(world)
        documents = f"/reports/{case.reference}/"
        page = checked.page
        source = tmp_path / "Child B review draft.docx"
        source.write_bytes(_word_draft())

        def as_person(email):
            clock.shift(timedelta(minutes=1))
            sign_in(checked, email)

        def press_on_toolbar(button: str) -> None:
            """From the text, Escape to the section's toolbar, arrow keys along it, Enter on the button."""
            page.keyboard.press("Escape")
            for _ in range(12):
                if page.evaluate("() => document.activeElement.textContent") == button:
                    break
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")

        # The lead reviewer imports the Word draft.
        as_person("lead_reviewer@test.example")
        page.goto(documents)
        checked.check_accessibility()
        page.get_by_role("button", name="Start the report").click()
        checked.check_accessibility()
        page.get_by_role("link", name="Import a draft from Word (.docx)").click()
        checked.check_accessibility()
        page.get_by_label("Word document (.docx)").set_input_files(str(source))
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_text("Imported 3 sections from Child B review draft.docx")).to_be_visible()
        expect(page.get_by_text("Not imported: 1 heading or paragraph before the first section heading")
               ).to_be_visible()
        analysis = page.get_by_role("textbox", name="Analysis and findings")
        expect(analysis.locator("table td").first).to_have_text("Health visiting")
        intro = page.get_by_role("textbox", name="Introduction and why this review was held")
        expect(intro.locator("sup a")).to_have_text("1")
        expect(page.get_by_role("textbox", name="Recommendations").locator("ol li")).to_have_count(2)
        checked.check_accessibility()

        # A table cell, with the keyboard alone: into the section's text, down to the table, to the end of
        # the first cell, then Tab to the next cell.
        analysis.focus()
        page.keyboard.press("Control+Home")
        for _ in range(40):
            if page.evaluate("() => !!document.getSelection().anchorNode?.parentElement?.closest('td, th')"):
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # from the header row into the first body row
        page.keyboard.press("End")
        page.keyboard.type(" (home visits)")
        page.keyboard.press("Tab")
        page.keyboard.press("End")
        page.keyboard.type(" in twelve months")
        expect(analysis.locator("table tr").nth(1)).to_contain_text("Health visiting (home visits)")
        expect(analysis.locator("table tr").nth(1)).to_contain_text("6 in twelve months")

        # The footnote, with the keyboard alone: the notes end the section.
        intro.focus()
        page.keyboard.press("Control+End")
        page.keyboard.type(" It was checked before the panel met.")
        expect(intro.locator("li#fn-1")).to_have_text(
            "The rapid review was sent to the Panel. It was checked before the panel met.")

        # A footnote added from the toolbar, reached with Tab and the arrow keys.
        intro.focus()
        page.keyboard.press("Control+Home")
        page.keyboard.press("End")
        press_on_toolbar("Footnote")
        page.keyboard.type("Working Together to Safeguard Children 2023, chapter 5.")
        expect(intro.locator("sup a")).to_have_count(2)
        expect(intro.locator("li#fn-2")).to_contain_text("Working Together")

        # A link, with the keyboard alone: select the first recommendation, then Link on the toolbar.
        recommendations = page.get_by_role("textbox", name="Recommendations")
        recommendations.focus()
        page.keyboard.press("Control+Home")
        page.keyboard.press("Shift+End")
        press_on_toolbar("Link")
        page.keyboard.type("http://example.org")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Enter an address starting https:// or mailto:")).to_be_visible()
        page.keyboard.press("Control+A")
        page.keyboard.type("https://www.gov.uk/government/publications/working-together-to-safeguard-children--2")
        page.keyboard.press("Enter")
        expect(recommendations.locator("a[href^='https://www.gov.uk/']")).to_have_text(
            "Agree one pathway for bruising in babies who are not yet mobile.")

        # Saved as a private draft while typing; a version only when asked.
        expect(page.locator("#autosave-status")).to_contain_text("Draft saved at", timeout=15_000)
        checked.check_accessibility()
        page.get_by_label("What changed in this version (optional)").fill("Imported from Word and checked")
        page.get_by_role("button", name="Save as a new version").click()
        expect(page.get_by_text("Saved as version 1")).to_be_visible()

        # Exported to Word and read back: the same headings, table and footnotes.
        page.get_by_role("link", name="Version 1").first.click()
        checked.check_accessibility()
        with page.expect_download() as download:
            page.get_by_role("link", name="Word").click()
        exported = Path(download.value.path()).read_bytes()
        from docx import Document as Docx

        docx = Docx(io.BytesIO(exported))
        headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
        assert headings == ["Introduction and why this review was held", "How the review was carried out",
                            "The child and their family", "Summary of agency involvement", "Analysis and findings",
                            "Good practice", "Summary of recommended improvements", "Recommendations"]
        cells = [[c.text for c in row.cells] for row in docx.tables[0].rows]
        assert cells == [["Agency", "Contacts"], ["Health visiting (home visits)", "6 in twelve months"],
                         ["Police", "2"]]
        notes = next(part for part in docx.part.package.iter_parts()
                     if part.partname == "/word/footnotes.xml").blob.decode()
        assert "It was checked before the panel met." in notes and "Working Together" in notes
        assert sum(len(p.text.split()) for p in docx.paragraphs) > 9000
        sign_out(page)

        # The three partners approve version 1.
        for persona in ("partner_la", "partner_police", "partner_icb"):
            as_person(f"{persona}@test.example")
            page.goto(documents)
            page.get_by_role("button", name="Approve version").click()
            if persona == "partner_la":
                checked.check_accessibility()
            page.get_by_role("button", name="Approve").click()
            expect(page.get_by_text("Your approval of version")).to_be_visible()
            sign_out(page)

        lcspr_to_publication(world, Case.objects.get(pk=case.pk), planned_on=date(2026, 6, 16),
                             notice_sent_on=date(2026, 6, 1))

        # The business unit records the decision and publishes.
        as_person("bu_officer@test.example")
        page.goto(documents)
        page.get_by_role("link", name="Record the decision").click()
        checked.check_accessibility()
        page.get_by_label("Full report").check()
        page.get_by_label("The safeguarding partners’ response").fill(
            "The partners accept the findings and will report progress each quarter.")
        page.get_by_role("button", name="Save").click()
        page.goto(f"{documents}publish/")
        checked.check_accessibility()
        fill_date(page, "Publication date", date(2026, 6, 15))
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("Published. The report is in the public library")).to_be_visible()
        checked.check_accessibility()
        sign_out(page)

        page.goto("/library/")
        page.get_by_role("link", name="Local child safeguarding practice review: Child B (2026)").click()
        checked.check_accessibility()
        page.get_by_role("link", name="The full text on its own page").click()
        pdf_link = page.get_by_role("link", name="Download the report (PDF)").get_attribute("href")
        expect(page.locator("sup a").first).to_have_attribute("href", "#fn-1")
        expect(page.locator("li#fn-2")).to_contain_text("Working Together")
        checked.check_accessibility()
        pdf = page.request.get(pdf_link)
        assert pdf.ok

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.body()))
    pages = [p.extract_text() for p in reader.pages]
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "Published: 15 June 2026" in pages[0]
    assert "Contents" in pages[1] and "Analysis and findings" in pages[1]
    assert len(pages) >= 18 and f"Page 3 of {len(pages)}" in pages[2]
    assert "Health visiting (home visits)" in "\n".join(pages)

    # The cover, as a reader sees it, kept for people to look at.
    import pypdfium2

    ARTEFACTS.mkdir(exist_ok=True)
    cover = pypdfium2.PdfDocument(pdf.body())[0].render(scale=1.5).to_pil()
    cover.save(ARTEFACTS / "published-report-cover.png")
    darkest, _ = cover.convert("L").getextrema()
    assert cover.width > 500 and darkest < 100  # printed on, not a blank page
