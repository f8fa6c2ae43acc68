"""Parts of a page drawn from a template once per change rather than on every view.

A filter form with date inputs or a thousand options costs more to draw than the table beneath
it, and it depends only on the query string and a few facts that change with audited changes.
Kept under the latest change (audit.kept), like the figures beside it (ADR 0019)."""

from __future__ import annotations

import hashlib

from django.template.loader import render_to_string
from markupsafe import Markup

from casereview.audit.kept import kept


def kept_html(name: str, parts: tuple, template: str, make_context, *, query: str = "") -> Markup:
    """`template` rendered with `make_context()`, kept per `parts` and query string."""
    digest = hashlib.sha256(query.encode()).hexdigest()
    html = kept(name, (*parts, digest), lambda: render_to_string(template, make_context()))
    return Markup(html)  # noqa: S704 (rendered by our own autoescaping template)
