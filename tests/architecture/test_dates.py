"""Dates become words in one place, casereview.govuk.formatting (GOV.UK style: 3 June 2026)."""

from __future__ import annotations

import re

from tests.architecture.imports import PACKAGE

# strftime directives that spell a day or month out; times (%H:%M) and ISO dates are not words.
SPELLED = re.compile(r"%-?d %[bB]|%[bB] %Y|%A|%a ")


def test_dates_are_spelled_only_by_the_formatter():
    found = [f"{path.relative_to(PACKAGE)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
             if "migrations" not in path.parts and path.name != "formatting.py"
             for n, line in enumerate(path.read_text().splitlines(), 1) if SPELLED.search(line)]
    assert found == [], "Use casereview.govuk.formatting.format_date: " + ", ".join(found)
