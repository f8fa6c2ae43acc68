"""Every staff page, on a phone: nothing scrolls the page sideways at 390 or 320 pixels wide,
axe finds nothing, and on a desktop screen the navigation stays on one row. The pages and the people who may open them come from the access table,
so a new page is walked here as soon as it has an access rule."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from e2e.test_foundation_journeys import sign_in
from tests.factories import build_world
from tests.test_access_by_role import ANYONE, EXPECTED, _allowed, _build_once, _kwargs

pytestmark = pytest.mark.django_db(transaction=True)

# Who opens each page: the first of these the access table allows.
VIEWERS = ["bu_manager", "agency_rep", "lead_reviewer", "partner_la", "chair", "scrutineer", "sysadmin", "installer"]
# Files, feeds and sign-in steps rather than pages.
NOT_PAGES = ("export", "download", "template", "-pdf", "-file", "yearly-report", "nhs-tracker", "contributions:upload",
             "learning:evidence", "redaction-log", "log-export", "calendar-feed", "otp_webauthn:",
             "accounts:second-factor", "accounts:recovery-code", "accounts:sign-out", "accounts:keep-alive",
             "meetings:calendar", "meetings:paper")
# Pages that need a question in the address to show anything.
QUERIES = {"reports:compare": "?from=1&to=1"}
WIDTHS = [int(w) for w in os.environ.get("PHONE_WIDTHS", "390,320").split(",")]


def staff_pages() -> dict[str, list[str]]:
    """URL names of every page behind sign-in, by the person who opens them."""
    pages: dict[str, list[str]] = {}
    for name, (rule, method) in sorted(EXPECTED.items()):
        if rule == ANYONE or method != "get" or any(part in name for part in NOT_PAGES):
            continue
        viewer = next((p for p in VIEWERS if _allowed(rule, p)), None)
        assert viewer, f"nobody in VIEWERS may open {name}"
        pages.setdefault(viewer, []).append(name)
    return pages


def test_the_walk_covers_every_staff_page():
    walked = {name for names in staff_pages().values() for name in names}
    staff = {n for n, (rule, method) in EXPECTED.items() if rule != ANYONE and method == "get"}
    assert walked == {n for n in staff if not any(part in n for part in NOT_PAGES)}
    assert len(walked) > 90


OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.right > width + 1 && !e.closest('.app-scroll') && getComputedStyle(e).position !== 'fixed';
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def test_every_staff_page_fits_a_phone_and_passes_axe(browser, live_server):
    with time_machine.travel(datetime(2026, 6, 1, 9, 0), tick=True):
        world = build_world()
        pages = staff_pages()
        for persona in pages:
            _build_once(world, persona)
        urls = {p: [(name, reverse(name, kwargs=_kwargs(name, world, p)) + QUERIES.get(name, "")) for name in names]
                for p, names in pages.items()}
        connection.close()
        problems = []
        from e2e.conftest import Checked

        for persona, named in urls.items():
            context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTHS[0], "height": 800})
            page = context.new_page()
            page.set_default_timeout(15_000)
            checked = Checked(page)
            sign_in(checked, world.people[persona].email)
            page.wait_for_load_state()
            # On a desktop screen the navigation is one row.
            page.set_viewport_size({"width": 1024, "height": 800})
            tops = page.evaluate("() => [...document.querySelectorAll('.govuk-service-navigation__item')]"
                                 ".map(e => e.getBoundingClientRect().top)")
            if len(set(tops)) != 1:
                problems.append(f"The navigation wraps at 1024px for {persona}: {tops}")
            for name, url in named:
                # Loaded once, then measured at each width: the layout follows the viewport without a reload.
                page.set_viewport_size({"width": WIDTHS[0], "height": 800})
                response = page.goto(url)
                if response is None or response.status >= 400:
                    problems.append(f"{name} as {persona}: HTTP {response.status if response else '?'}")
                    continue
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    measured = page.evaluate(OVERFLOW)
                    if measured["scroll"] > measured["width"]:
                        problems.append(f"{name} ({url}) at {width}px: {measured['scroll']}px wide; "
                                        f"widest: {measured['wide']}")
                try:
                    checked.check_accessibility()
                except AssertionError as error:
                    problems.append(f"{name}: {error}")
            context.close()
            problems += [f"CSP on {persona}'s pages: {e}" for e in checked.csp_errors]
        assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
