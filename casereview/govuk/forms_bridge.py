"""Renders Django form fields through the GOV.UK Frontend macros, so markup is the Design System's own.

A template calls ``govuk_field(form.email, label={"classes": "govuk-label--m"})``; the widget
decides which component is used and everything else (label, hint, error, value) comes from
the bound field. Keyword arguments are merged over the generated parameters.
"""

from __future__ import annotations

from typing import Any

from django import forms
from jinja2 import Environment
from markupsafe import Markup

from casereview.govuk import fast_markup
from casereview.govuk.blockers import href_of
from casereview.govuk.dates import DateInputWidget

_env: Environment | None = None


def bind_environment(env: Environment) -> None:
    global _env
    _env = env


def macro(component: str, name: str):
    assert _env is not None, "the Jinja2 environment is not set up"
    template = _env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html")
    return getattr(template.module, name)


def _merge(base: dict, extra: dict) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _error(bf: forms.BoundField) -> dict | None:
    return {"text": " ".join(str(e) for e in bf.errors)} if bf.errors else None


def _hint(bf: forms.BoundField) -> dict | None:
    return {"text": str(bf.help_text)} if bf.help_text else None


def _choices(bf: forms.BoundField, selected_key: str) -> list[dict]:
    value = bf.value()
    chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {str(value)}
    items = []
    for choice_value, label in bf.field.choices:
        if hasattr(choice_value, "value"):  # ModelChoiceIteratorValue
            choice_value = choice_value.value
        items.append({"value": choice_value, "text": str(label), selected_key: str(choice_value) in chosen})
    return items


def field(bf: forms.BoundField, **overrides: Any) -> Markup:
    widget = bf.field.widget
    attrs = widget.attrs
    common = {
        "id": bf.id_for_label or bf.auto_id,
        "name": bf.html_name,
        "hint": _hint(bf),
        "errorMessage": _error(bf),
    }
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        params = {
            "name": bf.html_name,
            "idPrefix": bf.auto_id,
            "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
            "hint": common["hint"],
            "errorMessage": common["errorMessage"],
            "items": _choices(bf, "checked"),
        }
        return macro("checkboxes", "govukCheckboxes")(_merge(params, overrides))
    if isinstance(widget, forms.RadioSelect):
        params = {
            "name": bf.html_name,
            "idPrefix": bf.auto_id,
            "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
            "hint": common["hint"],
            "errorMessage": common["errorMessage"],
            "items": [i for i in _choices(bf, "checked") if i["value"] != ""],
        }
        return macro("radios", "govukRadios")(_merge(params, overrides))
    if isinstance(widget, forms.CheckboxInput):
        params = {
            "name": bf.html_name,
            "idPrefix": bf.auto_id,
            "errorMessage": common["errorMessage"],
            "items": [
                {"value": "on", "text": str(bf.label), "checked": bool(bf.value()), "hint": common["hint"], "id": bf.auto_id}
            ],
        }
        return macro("checkboxes", "govukCheckboxes")(_merge(params, overrides))
    if isinstance(widget, forms.FileInput):
        params = {**common, "label": {"text": str(bf.label)}}
        if attrs.get("accept"):
            params["attributes"] = {"accept": attrs["accept"]}
        return macro("file-upload", "govukFileUpload")(_merge(params, overrides))
    if isinstance(widget, forms.Select):
        params = _merge({**common, "label": {"text": str(bf.label)}, "items": _choices(bf, "selected")}, overrides)
        # The macro draws the label, hint and error; the options, which can number hundreds, are
        # drawn in Python with the same markup (fast_markup).
        options = fast_markup.select_options(params.pop("items"))
        shell = str(macro("select", "govukSelect")({**params, "items": []}))
        return Markup(shell.replace("</select>", f"{options}\n  </select>", 1))  # noqa: S704 (both parts are markup)
    value = bf.value()
    if isinstance(widget, DateInputWidget):
        parts = widget.format_value(value) or ("", "", "")
        error_class = " govuk-input--error" if bf.errors else ""
        params = {
            "id": bf.auto_id,
            "namePrefix": bf.html_name,
            "fieldset": {"legend": {"text": str(bf.label), "classes": "govuk-fieldset__legend--s"}},
            "hint": common["hint"] or {"text": "For example, 27 3 2026"},
            "errorMessage": common["errorMessage"],
            "items": [
                {"name": "day", "label": "Day", "classes": "govuk-input--width-2" + error_class, "value": parts[0]},
                {"name": "month", "label": "Month", "classes": "govuk-input--width-2" + error_class, "value": parts[1]},
                {"name": "year", "label": "Year", "classes": "govuk-input--width-4" + error_class, "value": parts[2]},
            ],
        }
        return macro("date-input", "govukDateInput")(_merge(params, overrides))
    if isinstance(widget, forms.Textarea):
        params = {**common, "label": {"text": str(bf.label)}, "value": "" if value is None else str(value),
                  "rows": attrs.get("rows", 5)}
        return macro("textarea", "govukTextarea")(_merge(params, overrides))
    params = {**common, "label": {"text": str(bf.label)}}
    if attrs.get("autocomplete"):
        params["autocomplete"] = attrs["autocomplete"]
    if attrs.get("spellcheck") is not None:
        params["spellcheck"] = attrs["spellcheck"]
    if attrs.get("inputmode"):
        params["inputmode"] = attrs["inputmode"]
    if isinstance(widget, forms.PasswordInput):
        # Passwords are never sent back to the browser.
        return macro("password-input", "govukPasswordInput")(_merge(params, overrides))
    params["value"] = "" if value is None else str(value)
    input_type = getattr(widget, "input_type", "text")
    if input_type != "text":
        params["type"] = input_type
    return macro("input", "govukInput")(_merge(params, overrides))


def error_summary(form: forms.BaseForm | None, *, extra: list[str] | None = None) -> Markup:
    """The GOV.UK error summary for a form: every error, each linking to its field."""
    items: list[dict] = [_item(e) for e in (extra or [])]
    if form is not None and form.is_bound:
        # .data keeps each error's own message, so a Blocker's link to its fix survives.
        items += [_item(e, str(text)) for e, text in zip(form.non_field_errors().data, form.non_field_errors(),
                                                          strict=True)]
        for bf in form:
            # For radios and checkboxes the first item carries the field's id, so one rule fits all.
            target = f"#{bf.auto_id}-day" if isinstance(bf.field.widget, DateInputWidget) else f"#{bf.auto_id}"
            items += [{"text": str(error), "href": target} for error in bf.errors]
    if not items:
        return Markup("")
    return macro("error-summary", "govukErrorSummary")({"titleText": "There is a problem", "errorList": items})


def _item(error, text: str | None = None) -> dict:
    item = {"text": text if text is not None else str(error)}
    href = href_of(error)
    if href:
        item["href"] = href
    return item


def apply_validation_error(form: forms.BaseForm, error) -> None:
    """Puts a service's ValidationError onto the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def wide_table(params: dict) -> Markup:
    """A GOV.UK table that scrolls inside its own region on a narrow screen, never the page: the
    region is focusable (so the keyboard can scroll it) and named after the table's caption."""
    label = str(params.get("caption") or params.get("label") or "Table")
    table = fast_markup.table({k: v for k, v in params.items() if k != "label"})
    return Markup('<div class="app-scroll" role="region" aria-label="{}" tabindex="0">{}</div>').format(
        label, table)
