"""The public pages in a real browser: axe-core on each, reached by following links, as a visitor would."""

import pytest
from playwright.sync_api import expect

from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages_from_the_home_page_are_accessible(checked):
    build_world()
    page = checked.page
    page.goto("/")
    checked.check_accessibility()
    page.get_by_role("link", name="How case reviews work").first.click()
    checked.check_accessibility()
    page.get_by_role("link", name="How case reviews work in Testshire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How case reviews work in Testshire")
    checked.check_accessibility()
    page.get_by_role("link", name="Index of all pages").click()
    checked.check_accessibility()
    page.get_by_role("link", name="Library: search reviews, briefings and National Panel reports").click()
    checked.check_accessibility()
    expect(page.locator('[data-module="govuk-exit-this-page"]')).to_have_count(1)


def test_every_page_in_the_index_passes_axe(checked):
    """Every public page the index of all pages lists, with a published review and a listed
    document from another partnership among them."""
    from casereview.site.pages import public_pages
    from tests.library.helpers import add_document

    world = build_world()
    add_document(world.partnership, world.people["bu_manager"], title="Review of Child J", pages=["Neglect."])
    page = checked.page
    paths = [p.path for p in public_pages()]
    assert len(paths) > 80
    for path in paths:
        page.goto(path)
        expect(page.locator('[data-module="govuk-exit-this-page"]')).to_have_count(1)
        checked.check_accessibility()
