"""PDFs the service renders and keeps (published reports, briefings) live in the file store, not
in database columns, so several web servers share them through STORAGES (ADR 0043). A model keeps
a FileField and offers the bytes through a property: set it before saving, read it back."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile


def stored_pdf(field_name: str) -> property:
    """A property of bytes over the FileField `field_name`; the bytes go to storage on save."""
    pending = f"_{field_name}_pending"

    def get(self) -> bytes | None:
        if getattr(self, pending, None) is not None:
            return getattr(self, pending)
        stored = getattr(self, field_name)
        if not stored:
            return None
        with stored.open("rb") as handle:
            return handle.read()

    def put(self, value: bytes | None) -> None:
        setattr(self, pending, bytes(value) if value is not None else None)

    return property(get, put)


def write_pending(instance, field_name: str, folder: str) -> None:
    """Before the row is saved: the bytes set on the property, written under a random name."""
    pending = f"_{field_name}_pending"
    content = getattr(instance, pending, None)
    if content is not None:
        getattr(instance, field_name).save(f"{folder}/{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
        setattr(instance, pending, None)
