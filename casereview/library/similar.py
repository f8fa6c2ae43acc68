"""Reviews like this one: documents close in meaning, by their vectors (library.embedding).

Each listed document carries one vector: the mean of its card's and pages' sentence vectors. The
vectors of all listed documents are read into one matrix per process and kept until the next
audited change (listing, editing) or five minutes, whichever is sooner; a search or a document
page then compares against 30,000 documents in a few milliseconds, the same on either database.
"""

from __future__ import annotations

import numpy as np

from casereview.audit.kept import memo
from casereview.library import embedding, theme_model
from casereview.library.models import LibraryDocument

KEEP_SECONDS = 300
PAGES_READ = 40  # enough of a long report to say what it is about


def document_text(document: LibraryDocument) -> list[tuple[int, str]]:
    """The card (title, summary, key messages) and the first pages, as (page, text)."""
    card = "\n".join([document.title + ".", document.summary, *document.key_messages])
    pages = list(document.pages.filter(number__gt=0, number__lte=PAGES_READ).order_by("number")
                 .values_list("number", "text"))
    return [(0, card), *pages]


def vector_for(document: LibraryDocument) -> np.ndarray:
    return theme_model.read(document_text(document)).mean


def vector_refresh(document: LibraryDocument) -> None:
    vector = vector_for(document)
    LibraryDocument.objects.filter(pk=document.pk).update(vector=embedding.to_bytes(vector))


def vectors_fill() -> int:
    """Works out the vectors documents lack (after seeding, reading or editing). Returns how many."""
    done = 0
    for document in LibraryDocument.objects.filter(vector__isnull=True).order_by("pk"):
        vector_refresh(document)
        done += 1
    return done


def matrix() -> tuple[np.ndarray, np.ndarray]:
    """(document ids, unit vectors) of every listed document that has a vector."""

    return memo("library-vectors", _read_matrix, seconds=KEEP_SECONDS)


def _read_matrix() -> tuple[np.ndarray, np.ndarray]:
    rows = list(LibraryDocument.objects.filter(is_listed=True, vector__isnull=False)
                .order_by("pk").values_list("pk", "vector"))
    ids = np.array([pk for pk, _ in rows], dtype=np.int64)
    vectors = (np.vstack([embedding.from_bytes(bytes(v)) for _, v in rows]) if rows
               else np.zeros((0, embedding.DIMENSIONS), dtype=np.float32))
    return ids, vectors


def closest(vector: np.ndarray, count: int, exclude: set[int] | None = None,
            floor: float = 0.0) -> list[tuple[int, float]]:
    """The ids of the `count` documents closest to `vector`, with their similarity, best first;
    ties broken by id, so both databases give the same order."""
    ids, vectors = matrix()
    if not len(ids) or not np.any(vector):
        return []
    scores = vectors @ vector.astype(np.float32)
    order = np.lexsort((ids, -np.round(scores, 6)))
    out = []
    for index in order:
        pk = int(ids[index])
        if exclude and pk in exclude:
            continue
        if scores[index] < floor or len(out) >= count:
            break
        out.append((pk, float(scores[index])))
    return out


def like_document(document: LibraryDocument, count: int = 5) -> list[LibraryDocument]:
    """Listed documents most like this one, best first."""
    if document.vector is None:
        return []
    found = closest(embedding.from_bytes(bytes(document.vector)), count, exclude={document.pk})
    return _documents([pk for pk, _ in found])


def closest_to_text(text: str, count: int, floor: float = 0.0) -> list[int]:
    """The ids of the listed documents closest in meaning to a text (a query, a case's findings)."""
    return [pk for pk, _ in closest(theme_model.read([(0, text)]).mean, count, floor=floor)]


def _documents(ids: list[int]) -> list[LibraryDocument]:
    found = LibraryDocument.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
