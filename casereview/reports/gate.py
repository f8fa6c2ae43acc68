"""The last check before anything is published: every text field of the record about to go
public, including its public address and the PDF's text and metadata, is scanned for what the
case records about real people.

It walks the model's own fields rather than a list, so a field added later is checked without
anyone remembering to add it here."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from casereview.reports import anonymise

_TEXT = (models.CharField, models.TextField, models.JSONField)


@dataclass(frozen=True)
class Leak:
    field: str
    finding: anonymise.Finding

    @property
    def message(self) -> str:
        return (f"The {self.field.replace('_', ' ')} contains a {self.finding.kind_label.lower()} "
                f"(“{self.finding.text}”): remove it, then publish again")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(key) + _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


def pdf_text(content: bytes) -> str:
    """Every page's text and the document's title and subject metadata."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(bytes(content)))
    meta = reader.metadata or {}
    parts = [str(meta.get(key) or "") for key in ("/Title", "/Subject", "/Author", "/Keywords")]
    parts += [page.extract_text() or "" for page in reader.pages]
    return "\n".join(parts)


def field_texts(instance: models.Model) -> dict[str, str]:
    """Each text field's text, slugs read as words and PDFs as their text."""
    out = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if value in (None, "", b""):
            continue
        if isinstance(field, models.SlugField):
            out[field.name] = str(value).replace("-", " ").replace("_", " ")
        elif isinstance(field, _TEXT):
            out[field.name] = "\n".join(_strings(value))
        elif isinstance(field, models.BinaryField) and bytes(value).startswith(b"%PDF"):
            out[field.name] = pdf_text(value)
    return out


def leaks(instance: models.Model, known: anonymise.Known, kept: frozenset[str] = frozenset()) -> list[Leak]:
    """What would go public and identifies someone. `kept`: the keys a person decided may stay,
    which excuse only what a pattern found; what the case records is never published."""
    texts = field_texts(instance)
    scanned = anonymise.scan_all([anonymise.mask_tags(text) for text in texts.values()], known)
    return [Leak(name, finding) for name, findings in zip(texts, scanned, strict=True) for finding in findings
            if finding.recorded or finding.key not in kept]


def refuse_if_identifying(instance: models.Model, known: anonymise.Known, kept: frozenset[str] = frozenset()) -> None:
    found = leaks(instance, known, kept)
    if found:
        seen, messages = set(), []
        for leak in found:
            if (leak.field, leak.finding.key) not in seen:
                seen.add((leak.field, leak.finding.key))
                messages.append(leak.message)
        raise ValidationError(messages[:10], code="identifying")
