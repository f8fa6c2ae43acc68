"""The GOV.UK components the service renders produce the Design System's own markup.

The oracle is fixtures.json from the npm govuk-frontend package: for every example of every
component we use, the macro our templates call must give the same HTML (whitespace aside).
"""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import engines

from casereview.govuk import forms_bridge

COMPONENTS_DIR = Path(__file__).resolve().parent.parent / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "components"
# Every component the templates or the form bridge use.
USED = ["back-link", "button", "checkboxes", "details", "error-message", "error-summary", "exit-this-page",
        "fieldset", "footer", "generic-header", "hint", "input", "label", "notification-banner", "pagination",
        "password-input", "phase-banner", "radios", "select", "service-navigation", "skip-link", "summary-list",
        "table", "tag", "textarea", "warning-text"]


def _macro_name(component: str) -> str:
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


def _normalise(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for name, value in list(tag.attrs.items()):
            if isinstance(value, list):
                tag.attrs[name] = " ".join(value)
    text = str(soup)
    return " ".join(text.split()).replace("> <", "><")


def _cases():
    for component in USED:
        fixtures = json.loads((COMPONENTS_DIR / component / "fixtures.json").read_text())["fixtures"]
        for fixture in fixtures:
            yield pytest.param(component, fixture, id=f"{component}:{fixture['name']}")


@pytest.fixture(scope="module")
def jinja_env():
    return engines["jinja2"].env


@pytest.mark.parametrize("component, fixture", list(_cases()))
def test_component_matches_govuk_frontend_fixture(jinja_env, component, fixture):
    forms_bridge.bind_environment(jinja_env)
    macro = forms_bridge.macro(component, _macro_name(component))
    rendered = str(macro(fixture["options"]))
    assert _normalise(rendered) == _normalise(fixture["html"])


class ExampleForm(forms.Form):
    email = forms.EmailField(label="Email address", help_text="We will only use this to contact you")
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    notes = forms.CharField(label="Notes", widget=forms.Textarea)


def test_form_bridge_gives_the_input_component_with_error(jinja_env):
    forms_bridge.bind_environment(jinja_env)
    form = ExampleForm({"email": "not-an-email", "colour": "", "notes": ""})
    form.is_valid()
    html = str(forms_bridge.field(form["email"]))
    expected = forms_bridge.macro("input", "govukInput")({
        "id": "id_email", "name": "email", "type": "email", "value": "not-an-email",
        "label": {"text": "Email address"}, "hint": {"text": "We will only use this to contact you"},
        "errorMessage": {"text": form["email"].errors[0]},
    })
    assert _normalise(html) == _normalise(str(expected))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".govuk-form-group--error")
    assert soup.select_one("#id_email")["aria-describedby"] == "id_email-hint id_email-error"


def test_form_bridge_radios_and_error_summary_links(jinja_env):
    forms_bridge.bind_environment(jinja_env)
    form = ExampleForm({"email": "a@b.example", "notes": ""})
    form.is_valid()
    radios = BeautifulSoup(str(forms_bridge.field(form["colour"])), "html.parser")
    assert [i["id"] for i in radios.select("input")] == ["id_colour", "id_colour-2"]
    summary = BeautifulSoup(str(forms_bridge.error_summary(form)), "html.parser")
    assert [a["href"] for a in summary.select("a")] == ["#id_colour", "#id_notes"]


def test_a_multiple_choice_field_renders_checkboxes_not_radios():
    """CheckboxSelectMultiple subclasses RadioSelect; the bridge once rendered it as radios."""
    from django import forms

    from casereview.govuk.forms_bridge import field

    class Form(forms.Form):
        kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)

    html = str(field(Form({"kinds": ["a", "b"]})["kinds"]))
    assert 'type="checkbox"' in html and 'type="radio"' not in html
    assert html.count("checked") == 2


def test_addresses_in_templates_are_django_s_own_under_any_prefix():
    from django.urls import reverse, set_script_prefix

    from casereview.govuk.jinja import url

    assert url("cases:detail", "SCR-2026-001") == reverse("cases:detail", args=["SCR-2026-001"])
    assert url("work:home") == reverse("work:home")
    set_script_prefix("/safeguarding/")
    try:
        assert url("work:home") == reverse("work:home") and url("work:home").startswith("/safeguarding/")
    finally:
        set_script_prefix("/")
    assert url("work:home") == reverse("work:home")
