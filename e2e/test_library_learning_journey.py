"""Issue 16's journey: a natural search finds the bruising documents first; a document leads to
reviews like it; a business unit attaches the official PDF to a National Panel record and its
full text becomes searchable. axe-core on every page."""

import pytest
from playwright.sync_api import expect

from e2e.test_foundation_journeys import sign_in
from tests.factories import build_world
from tests.library.helpers import add_document, pdf_with_pages

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_by_meaning_reviews_like_this_one_and_an_official_publication(checked):
    from casereview.library import services
    from casereview.library.models import LibraryDocument
    from casereview.library.similar import vectors_fill

    world = build_world()
    by = world.people["bu_manager"]
    add_document(world.partnership, by, title="Review of Baby N", year=2025, pages=[
        "Baby N was eleven weeks old and could not yet roll over when a nursery worker saw a bruise on his ear.",
        "The explanation that a sibling caused it was accepted; no paediatric opinion was sought.",
    ])
    add_document(world.partnership, by, title="Review of Child W", year=2024, pages=[
        "Child W stopped attending school and was home educated after a dispute with the head teacher.",
    ])
    vectors_fill()  # as the task worker does after seeding and reading
    page = checked.page

    page.goto("/library/")
    page.get_by_label("Search the library").fill("baby bruising not yet mobile")
    page.get_by_role("button", name="Search", exact=True).click()
    titles = page.locator(".app-results__item h2")
    expect(titles.first).to_be_visible()
    top_two = [t.lower() for t in titles.all_inner_texts()[:2]]
    assert all("bruis" in t or "baby n" in t for t in top_two), top_two
    checked.check_accessibility()

    titles.first.get_by_role("link").click()
    similar = page.get_by_role("heading", name="Reviews like this one")
    expect(similar).to_be_visible()
    checked.check_accessibility()
    first_similar = page.locator("ul.app-similar a").first
    name = first_similar.inner_text()
    first_similar.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    checked.check_accessibility()

    # A business unit officer attaches the official PDF to a Panel record resting on a secondary copy.
    record = LibraryDocument.objects.filter(origin="national_panel", source_kind="secondary").order_by("pk").first()
    sign_in(checked, "bu_officer@test.example")
    page.goto(f"/library/documents/{record.slug}/")
    expect(page.get_by_text("A secondary copy")).to_be_visible()
    page.get_by_role("link", name="Attach the official publication").click()
    checked.check_accessibility()
    page.get_by_role("button", name="Attach it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the official PDF or Word file")
    checked.check_accessibility()
    page.get_by_label("The official publication").set_input_files(files=[{
        "name": "official.pdf", "mimeType": "application/pdf",
        "buffer": pdf_with_pages(["Introduction from the Panel.", "Quokka-level detail appears only on page two."])}])
    page.get_by_label("Its official address").fill("https://www.gov.uk/government/publications/an-official-report")
    page.get_by_role("button", name="Attach it").click()
    expect(page.get_by_text("The official publication has been attached")).to_be_visible()
    assert services.document_read(record.pk) == "done"  # the task worker reads it
    page.reload()
    expect(page.get_by_text("The official publication. The facts here were taken from it.")).to_be_visible()
    checked.check_accessibility()

    page.goto("/library/?q=quokka")
    expect(page.locator(".app-results__item h2").first).to_have_text(record.title)
    page.get_by_role("link", name=f"Go to page 2 of {record.title}").click()
    expect(page.locator("#page-2 mark").first).to_have_text("Quokka")
    checked.check_accessibility()
