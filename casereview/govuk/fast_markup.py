"""The GOV.UK table and select options, rendered in Python with the macros' exact markup.

The Jinja macros call a macro per cell (and per option for its attributes); a tracker page of
50 rows by 8 columns and filter lists of 150 partnerships spent most of its time there. These
functions produce the same elements, classes and attributes as `govukTable` and `govukSelect`'s
options (tests compare the two), at a fraction of the cost (ADR 0019)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape


def attributes(attrs: Mapping[str, Any] | None) -> str:
    """As govukAttributes: ` name="value"`; {'value', 'optional'} dicts; true/false as strings."""
    if not attrs:
        return ""
    out = []
    for name, value in attrs.items():
        optional = False
        if isinstance(value, Mapping):
            optional = bool(value.get("optional"))
            value = value.get("value")
        if optional:
            if value is None or value is False:
                continue
            if value is True:
                out.append(f" {escape(name)}")
                continue
        if value is True or value is False:
            value = "true" if value else "false"
        out.append(f' {escape(name)}="{escape("" if value is None else value)}"')
    return "".join(out)


def _content(cell: Mapping[str, Any]) -> str:
    html = cell.get("html")
    # As the macro's `html | safe`: callers pass markup they built with escaping.
    return str(Markup(html)) if html else str(escape(cell.get("text", "") if cell.get("text") is not None else ""))  # noqa: S704


def _spans(cell: Mapping[str, Any]) -> str:
    spans = ""
    if cell.get("colspan"):
        spans += f' colspan="{escape(cell["colspan"])}"'
    if cell.get("rowspan"):
        spans += f' rowspan="{escape(cell["rowspan"])}"'
    return spans + attributes(cell.get("attributes"))


def table(params: Mapping[str, Any]) -> Markup:
    classes = f" {params['classes']}" if params.get("classes") else ""
    parts = [f'<table class="govuk-table{escape(classes)}"{attributes(params.get("attributes"))}>\n']
    if params.get("caption"):
        caption_classes = f" {params['captionClasses']}" if params.get("captionClasses") else ""
        parts.append(f'  <caption class="govuk-table__caption{escape(caption_classes)}">'
                     f'{escape(params["caption"])}</caption>\n')
    if params.get("head"):
        parts.append('  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n')
        for item in params["head"]:
            extra = f" govuk-table__header--{item['format']}" if item.get("format") else ""
            extra += f" {item['classes']}" if item.get("classes") else ""
            parts.append(f'      <th scope="col" class="govuk-table__header{escape(extra)}"{_spans(item)}>'
                         f'{_content(item)}</th>\n')
        parts.append("    </tr>\n  </thead>\n")
    parts.append('  <tbody class="govuk-table__body">\n')
    first_is_header = bool(params.get("firstCellIsHeader"))
    for row in params.get("rows") or ():
        if not row:
            continue
        parts.append('    <tr class="govuk-table__row">\n')
        for index, cell in enumerate(row):
            if index == 0 and first_is_header:
                extra = f" {cell['classes']}" if cell.get("classes") else ""
                parts.append(f'      <th scope="row" class="govuk-table__header{escape(extra)}"{_spans(cell)}>'
                             f'{_content(cell)}</th>\n')
            else:
                extra = f" govuk-table__cell--{cell['format']}" if cell.get("format") else ""
                extra += f" {cell['classes']}" if cell.get("classes") else ""
                parts.append(f'      <td class="govuk-table__cell{escape(extra)}"{_spans(cell)}>'
                             f'{_content(cell)}</td>\n')
        parts.append("    </tr>\n")
    parts.append("  </tbody>\n</table>")
    return Markup("".join(parts))  # noqa: S704 (every value above went through escape)


def select_options(items: Iterable[Mapping[str, Any]]) -> Markup:
    """The <option> elements of govukSelect for items that each give a value."""
    parts = []
    for item in items:
        if not item:
            continue
        value = item["value"]
        if value is True or value is False:
            value = "true" if value else "false"
        parts.append(f'<option value="{escape(value)}"{" selected" if item.get("selected") else ""}'
                     f'{" disabled" if item.get("disabled") else ""}{attributes(item.get("attributes"))}>'
                     f'{escape(item.get("text", ""))}</option>')
    return Markup("\n".join(parts))  # noqa: S704 (every value above went through escape)


def tag(text: str, classes: str = "") -> Markup:
    """As govukTag with text and classes."""
    extra = f" {escape(classes)}" if classes else ""
    return Markup(f'<strong class="govuk-tag{extra}">\n  {escape(text)}\n</strong>\n')  # noqa: S704 (escaped above)
