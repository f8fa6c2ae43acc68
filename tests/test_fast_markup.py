"""The Python-rendered table and select options are the GOV.UK macros' own markup."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from django.template import engines
from markupsafe import Markup

from casereview.govuk import fast_markup
from casereview.govuk.forms_bridge import macro


def _normalised(html: str) -> str:
    """Parsed and re-serialised, whitespace between tags dropped: the same DOM compares equal."""
    soup = BeautifulSoup(str(html), "html.parser")
    text = re.sub(r">\s+<", "><", soup.decode())
    return re.sub(r"\s+", " ", text).strip()


def test_the_table_matches_govuk_table():
    engines["jinja2"]  # binds the environment the macros come from
    params = {
        "caption": "Cases & <reviews>", "captionClasses": "govuk-table__caption--m", "firstCellIsHeader": True,
        "classes": "app-table", "attributes": {"data-module": "x", "aria-hidden": False},
        "head": [{"text": "Reference"}, {"text": "Due", "format": "numeric", "classes": "app-w"},
                 {"html": Markup("<span>Stage</span>"), "colspan": 2}],
        "rows": [
            [{"html": Markup('<a href="/c/1">A&amp;B</a>')}, {"text": "1 May 2026", "format": "numeric"},
             {"text": "<script>x</script>", "classes": "govuk-!-font-weight-bold"}, {"text": "", "rowspan": 2}],
            [],
            [{"text": "Second"}, {"text": 3}, {"text": ""}, {"html": "", "text": "fallback",
                                                               "attributes": {"hidden": {"value": True, "optional": True}}}],
        ],
    }
    assert _normalised(fast_markup.table(params)) == _normalised(macro("table", "govukTable")(params))


def test_the_select_options_match_govuk_select():
    engines["jinja2"]
    items = [{"value": "", "text": "Any"}, {"value": 3, "text": "Tees & Wear", "selected": True},
             {"value": "x\"y", "text": "<Quoted>", "disabled": True, "attributes": {"data-n": "1"}}]
    whole = macro("select", "govukSelect")({"id": "s", "name": "s", "label": {"text": "Pick"}, "items": items})
    options = BeautifulSoup(str(whole), "html.parser").select("option")
    expected = "".join(str(o) for o in options)
    assert _normalised(fast_markup.select_options(items)) == _normalised(expected)


def test_a_macro_import_still_sees_the_importing_templates_own_globals():
    from jinja2 import DictLoader, Environment

    from casereview.govuk.jinja import MacroTemplate

    env = Environment(loader=DictLoader({"m.html": "{% macro m() %}{{ who }}{% endmacro %}"}), autoescape=True)
    env.template_class = MacroTemplate
    env.globals["greeting"] = "hello"
    assert env.from_string('{% from "m.html" import m %}[{{ m() }}]').render() == "[]"
    own = env.from_string('{% from "m.html" import m %}{{ m() }}', globals={"who": "this page"})
    assert own.render() == "this page"  # as Jinja's own template class does


def test_the_fixed_parts_of_the_layout_follow_the_script_prefix():
    """The footer is drawn once per address scheme: a service mounted under a prefix links under it."""
    from django.urls import set_script_prefix

    from casereview.govuk.jinja import fixed, url

    def draw():
        return url("site:accessibility")

    set_script_prefix("/service/")
    try:
        assert fixed("test-link", draw) == "/service/accessibility/"
    finally:
        set_script_prefix("/")
    assert fixed("test-link", draw) == "/accessibility/"
    assert fixed("test-link", lambda: "drawn again") == "/accessibility/"


def test_the_tag_matches_govuk_tag():
    engines["jinja2"]
    for text, classes in (("Overdue", "govuk-tag--red"), ("<On hold>", ""), ("Met & late", "govuk-tag--grey x")):
        params = {"text": text, "classes": classes} if classes else {"text": text}
        assert _normalised(fast_markup.tag(text, classes)) == _normalised(macro("tag", "govukTag")(params))
