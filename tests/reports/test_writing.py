"""Writing the report: footnotes numbered through the report, private drafts kept while typing,
co-editors' drafts, and Word in and out (issue 15)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from docx import Document as Docx

from casereview.documents import render
from casereview.reports import drafts, queries, services, word_import
from casereview.reports.models import ReportDraft, ReportVersion
from tests.factories import audit_said, sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _ref(n):
    return f'<sup><a href="#fn-{n}" id="fnref-{n}">{n}</a></sup>'


def _note(n, text):
    return f'<li id="fn-{n}"><p>{text}</p></li>'


FULL = {
    "introduction": (f"<p>Child B was known to four agencies.{_ref(9)}</p><h3>Scope</h3>"
                     "<ol><li><p>Health</p></li><li><p>Police</p></li></ol>"
                     "<table><thead><tr><th>Agency</th><th>Contacts</th></tr></thead>"
                     "<tbody><tr><td>Health visiting</td><td>6</td></tr></tbody></table>"
                     f"<ol>{_note(9, 'Agency returns, March 2026.')}</ol>"),
    "analysis": (f"<p>Bruising was seen twice.{_ref(3)} The referral waited.{_ref(1)}</p>"
                 f"<ol>{_note(1, 'Second.')}{_note(3, 'First.')}{_note(7, 'A note whose reference went.')}</ol>"),
}


def test_footnotes_are_numbered_through_the_report_in_reading_order(world, lcspr):
    version = services.version_save(case=lcspr, by=world.people["lead_reviewer"], sections=FULL)
    intro, analysis = version.section("introduction")["html"], version.section("analysis")["html"]
    assert 'href="#fn-1"' in intro and 'id="fn-1"' in intro and "Agency returns" in intro
    # Section two's references become 2 and 3, its notes follow them, and the orphan keeps its text.
    assert analysis.index('href="#fn-2"') < analysis.index('href="#fn-3"')
    assert '<ol start="2"><li id="fn-2"><p>First.</p></li><li id="fn-3"><p>Second.</p></li>' in analysis
    assert '<li id="fn-4"><p>A note whose reference went.</p></li>' in analysis


def test_typing_keeps_a_private_draft_that_only_a_deliberate_save_turns_into_a_version(client, world, lcspr):
    writer = world.people["lead_reviewer"]
    sign_in(client, writer)
    url = reverse("reports:autosave", args=[lcspr.reference])
    answer = client.post(url, {"section-introduction": "<p>First words.</p>", "based_on": ""})
    assert answer.status_code == 200 and answer.json()["saved_at"] and answer.json()["others"] == []
    client.post(url, {"section-introduction": "<p>First words, more.</p>", "based_on": ""})
    assert not ReportVersion.objects.filter(case=lcspr).exists()
    draft = ReportDraft.objects.get(case=lcspr, author=writer)
    assert draft.sections["introduction"] == "<p>First words, more.</p>"
    # One audit event when the draft starts, none for each keystroke save.
    assert audit_said().count("Started an unsaved draft of the report") == 1

    page = client.get(reverse("reports:draft", args=[lcspr.reference])).content.decode()
    assert "Unsaved draft" in page and "First words, more." in page

    saved = client.post(reverse("reports:draft", args=[lcspr.reference]),
                        {"section-introduction": "<p>First words, more.</p>", "based_on": ""})
    assert saved.status_code == 302
    assert ReportVersion.objects.get(case=lcspr).number == 1
    assert not ReportDraft.objects.filter(case=lcspr).exists()


def test_a_draft_holding_a_script_is_refused_and_nothing_is_kept(client, world, lcspr):
    sign_in(client, world.people["lead_reviewer"])
    answer = client.post(reverse("reports:autosave", args=[lcspr.reference]),
                         {"section-introduction": "<p>Hi</p><script>alert(1)</script>"})
    assert answer.status_code == 400 and "cannot hold" in answer.json()["error"]
    assert not ReportDraft.objects.exists()


def test_two_editors_each_keep_their_text_and_see_the_others(client, world, lcspr):
    lead, bu = world.people["lead_reviewer"], world.people["bu_officer"]
    services.version_save(case=lcspr, by=lead, sections={"introduction": "<p>Version one.</p>"})
    drafts.draft_autosave(case=lcspr, by=lead, sections={"introduction": "<p>The lead's words.</p>"}, based_on=1)
    sign_in(client, bu)
    answer = client.post(reverse("reports:autosave", args=[lcspr.reference]),
                         {"section-introduction": "<p>The officer's words.</p>", "based_on": "1"}).json()
    assert answer["others"][0]["name"] == lead.full_name
    page = client.get(reverse("reports:draft", args=[lcspr.reference])).content.decode()
    assert "Someone else is also editing this report" in page and "Read their draft" in page
    theirs = ReportDraft.objects.get(author=lead)
    read = client.get(reverse("reports:draft-of", args=[lcspr.reference, theirs.pk])).content.decode()
    assert "The lead&#39;s words." in read or "The lead's words." in read

    # The officer saves first; the lead's save is then stale: their text stays on the page and in their
    # draft, they are pointed at version 2, and saving again makes version 3 with their words.
    client.post(reverse("reports:draft", args=[lcspr.reference]),
                {"section-introduction": "<p>The officer's words.</p>", "based_on": "1"})
    client.force_login(lead)
    sign_in(client, lead)
    stale = client.post(reverse("reports:draft", args=[lcspr.reference]),
                        {"section-introduction": "<p>The lead's words, finished.</p>", "based_on": "1"})
    page = stale.content.decode()
    assert stale.status_code == 200 and "saved by someone else" in page and "finished." in page
    assert ReportDraft.objects.get(author=lead).sections["introduction"] == "<p>The lead's words, finished.</p>"
    assert 'name="based_on" value="2"' in page
    client.post(reverse("reports:draft", args=[lcspr.reference]),
                {"section-introduction": "<p>The lead's words, finished.</p>", "based_on": "2"})
    assert queries.latest_version(lcspr).number == 3


def test_a_draft_can_be_discarded_and_the_discard_is_audited(client, world, lcspr):
    lead = world.people["lead_reviewer"]
    drafts.draft_autosave(case=lcspr, by=lead, sections={"introduction": "<p>Scratch.</p>"})
    sign_in(client, lead)
    client.post(reverse("reports:draft-discard", args=[lcspr.reference]))
    assert not ReportDraft.objects.exists()
    assert "Discarded an unsaved draft of the report" in audit_said()


def _exported(world, case) -> bytes:
    version = services.version_save(case=case, by=world.people["lead_reviewer"], sections=FULL)
    services.comment_add(version=version, by=world.people["bu_officer"], section_key="analysis",
                         text="Say who saw the bruising.")
    return render.to_docx(services.report_document(case, version))


def test_exported_word_has_real_styles_table_footnotes_numbers_and_comments(world, lcspr):
    exported = _exported(world, lcspr)
    docx = Docx(io.BytesIO(exported))
    styles = {p.text: p.style.name for p in docx.paragraphs}
    assert styles["Introduction and why this review was held"] == "Heading 1"
    assert styles["Scope"] == "Heading 2"
    assert styles["Health"] == "List Number"
    numbered = next(p for p in docx.paragraphs if p.text.startswith("1.1 "))
    assert numbered.runs[0].style.name == "Paragraph Number" and "Child B was known" in numbered.text
    table = docx.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Agency", "Contacts"]
    assert table.rows[1].cells[0].text == "Health visiting"
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        notes = archive.read("word/footnotes.xml").decode()
        assert "Agency returns, March 2026." in notes and 'w:id="3"' in notes
        assert "Say who saw the bruising." in archive.read("word/comments.xml").decode()
    assert len(list(docx.comments)) == 1


def test_an_exported_document_imported_again_gives_the_same_text(world, lcspr):
    converted = word_import.to_html(_exported(world, lcspr))
    imported = word_import.split(converted, services.template_sections(lcspr))
    version = queries.latest_version(lcspr)
    from lxml import html as lxml_html

    def text(fragment):
        return " ".join(lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
                        .text_content().split())

    orphan = "A note whose reference went."
    for section in version.sections:
        assert (text(imported.sections[section["key"]]).replace(orphan, "")
                == text(section["html"]).replace(orphan, "")), section["key"]
    # A note whose reference was deleted comes back as text in its section (before the notes), not lost.
    assert f"<p>{orphan}</p>" in imported.sections["analysis"]
    intro = imported.sections["introduction"]
    assert "<h3>Scope</h3>" in intro and "<th><p>Agency</p></th>" in intro and '<li id="fn-1">' in intro
    assert any("comment" in n for n in imported.notes)


def _docx(paragraphs: list[tuple[str, str]], image: bool = False) -> bytes:
    document = Docx()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    if image:
        from PIL import Image

        picture = io.BytesIO()
        Image.new("RGB", (4, 4)).save(picture, "PNG")
        document.add_picture(picture)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_puts_each_heading_1_in_its_section_and_lists_what_it_could_not_keep(world, lcspr):
    content = _docx([("Title", "Review of Child B"), ("Normal", "Draft 3, not for circulation"),
                     ("Heading 1", "1. Introduction and why this review was held"), ("Normal", "Why we met."),
                     ("Heading 1", "Background"), ("Normal", "Some background."),
                     ("Heading 1", "Analysis and findings"), ("Heading 2", "Information sharing"),
                     ("Normal", "Not shared."), ("Intense Quote", "A quotation.")], image=True)
    imported = word_import.split(word_import.to_html(content), services.template_sections(lcspr))
    assert imported.sections["introduction"].startswith("<p>Why we met.</p>")
    assert "<h3>Background</h3><p>Some background.</p>" in imported.sections["introduction"]
    assert imported.sections["analysis"].startswith("<h3>Information sharing</h3><p>Not shared.</p>")
    notes = " ".join(imported.notes)
    assert "“Background” is not a section of this report" in notes
    assert "Not imported: 2 headings and paragraphs before the first section heading" in notes
    assert "“Intense Quote”" in notes
    assert "An image in “Analysis and findings” was not imported" in notes
    assert "<img" not in imported.sections["analysis"]


def test_import_page_makes_a_private_draft_and_refuses_what_is_not_word(client, world, lcspr, monkeypatch):
    # The sandboxed child is tested with the library's uploads; here the same conversion runs in-process.
    monkeypatch.setattr(word_import, "to_html_safely", lambda content: (word_import.check(content),
                                                                        word_import.to_html(content))[1])
    sign_in(client, world.people["lead_reviewer"])
    url = reverse("reports:import", args=[lcspr.reference])
    bad = client.post(url, {"file": io.BytesIO(b"%PDF-1.7 not word")})
    assert bad.status_code == 200 and "must be a Word document" in bad.content.decode()
    upload = io.BytesIO(_docx([("Heading 1", "Analysis and findings"), ("Normal", "Imported words.")]))
    upload.name = "draft.docx"
    done = client.post(url, {"file": upload})
    assert done.status_code == 302
    draft = ReportDraft.objects.get(author=world.people["lead_reviewer"])
    assert draft.sections["analysis"] == "<p>Imported words.</p>" and draft.imported_from == "draft.docx"
    assert not ReportVersion.objects.exists()
    page = client.get(reverse("reports:draft", args=[lcspr.reference])).content.decode()
    assert "imported from draft.docx" in page and "Imported words." in page


def test_the_sandboxed_import_reads_a_real_file(world, lcspr):
    converted = word_import.to_html_safely(_docx([("Heading 1", "Good practice"), ("Normal", "Noticed.")]))
    assert "<h1>Good practice</h1><p>Noticed.</p>" in converted["html"]


def test_without_javascript_the_page_offers_plain_writing_and_the_editor_gets_the_html(client, world, lcspr):
    services.version_save(case=lcspr, by=world.people["lead_reviewer"], sections={
        "introduction": "Agencies met twice.\n\n- Health\n- Police", "analysis": FULL["analysis"]})
    sign_in(client, world.people["lead_reviewer"])
    page = client.get(reverse("reports:draft", args=[lcspr.reference])).content.decode()
    # Plain writing where the text allows it; the stored HTML where it does not (a footnote).
    assert "Agencies met twice.\n\n- Health\n- Police</textarea>" in page
    assert 'data-html="&lt;p&gt;Agencies met twice.&lt;/p&gt;&lt;ul&gt;' in page
    assert "&lt;sup&gt;&lt;a href=&#34;#fn-1&#34;" in page or "&lt;sup&gt;&lt;a href=&quot;#fn-1&quot;" in page
    assert 'src="/static/js/editor.mjs"' in page or "js/editor" in page
