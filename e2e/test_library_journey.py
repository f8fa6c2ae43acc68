"""The library in a real browser: search for a theme, filter by type and year, open a document
and follow a highlighted snippet to its page; then the theme and patterns pages. axe-core on each."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import build_world
from tests.library.helpers import add_document

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_filter_open_and_follow_a_snippet(checked):
    world = build_world()
    by = world.people["bu_manager"]
    add_document(world.partnership, by, title="Review of Child K", year=2024, pages=[
        "Introduction and scope of the review.",
        "The family moved three times in a year.",
        "Child K was drawn into county lines exploitation after being excluded from school.",
    ])
    add_document(world.partnership, by, title="Review of Child L", year=2022, pages=[
        "County lines exploitation of a fifteen-year-old was recognised late.",
    ])
    page = checked.page
    page.goto("/")
    page.get_by_role("link", name="Search the library").first.click()
    checked.check_accessibility()

    page.get_by_label("Search the library").fill("county lines")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#result-count")).to_contain_text("for “county lines”")
    checked.check_accessibility()

    page.get_by_label("Local child safeguarding practice review (2)").check()
    page.get_by_label("2024 (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_contain_text("1 result")
    expect(page.locator(".app-results__item h2")).to_have_text("Review of Child K")
    expect(page.locator(".app-results__item mark").first).to_be_visible()
    checked.check_accessibility()

    page.get_by_role("link", name="Go to page 3 of Review of Child K").click()
    expect(page).to_have_url(re.compile(r"/library/documents/review-of-child-k/\?q=county(%20|\+)lines#page-3$"))
    expect(page.locator("#page-3 mark").first).to_have_text("county")
    expect(page.locator("#page-3")).to_be_in_viewport()
    checked.check_accessibility()

    page.get_by_label("Words to find").fill("moved")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"#page-2$"))


def test_theme_and_patterns_pages(checked):
    build_world()
    page = checked.page
    page.goto("/library/themes/")
    checked.check_accessibility()
    page.get_by_role("link", name="Child criminal exploitation and county lines").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child criminal exploitation and county lines")
    expect(page.get_by_role("link", name=re.compile("^It was hard to escape"))).to_be_visible()
    checked.check_accessibility()
    page.get_by_role("link", name="Themes", exact=True).click()
    page.get_by_role("link", name="patterns across reviews").click()
    expect(page.get_by_role("heading", name="Themes over time")).to_be_visible()
    checked.check_accessibility()
