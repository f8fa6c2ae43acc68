"""Who may look after the library's records. Deny by default."""

from __future__ import annotations

from casereview.library.models import LibraryDocument
from casereview.partnerships.access import has_capability, has_site_capability, partnership_ids_where


def can_manage(user, document: LibraryDocument) -> bool:
    """A partnership's business unit looks after what it added; the records every partnership
    shares (the Panel's publications, and reviews published here) belong to the installation."""
    if document.partnership_id:
        return has_capability(user, document.partnership_id, "manage_library")
    return has_site_capability(user, "manage_national_library")


def can_attach_official(user, document: LibraryDocument) -> bool:
    """Who may give a record its official publication: whoever manages it, and for the records
    every partnership shares (the Panel's), any partnership's business unit, which is often the
    first to find the official file."""
    if can_manage(user, document):
        return True
    return document.partnership_id is None and bool(partnership_ids_where(user, "manage_library"))
