"""Full-text search over the library, the same on SQLite and PostgreSQL.

The database finds the pages that contain the words (FTS5 on SQLite, a GIN-indexed tsvector
on PostgreSQL) over text this service has already analysed itself, so both match exactly the
same pages. Ranking (BM25), facets and snippets are then worked out here, in Python, from that
same set, so both give the same order too. See ADR 0010."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from markupsafe import Markup, escape

from casereview.library.analysis import WORD, query_terms, term
from casereview.library.models import DocumentPage, Kind, LibraryDocument, ThemeTag

K1, B = 1.2, 0.75
CARD_WEIGHT = 2.0  # the title, summary and key messages say what a document is about
PAGE_SIZE = 20


def _fts_expression(words: list[str], any_word: bool) -> str:
    # Terms are ASCII letters and digits only (analysis.query_terms), so quoting is enough.
    if connection.vendor == "postgresql":
        return (" | " if any_word else " & ").join(f"'{w}'" for w in words)
    return (" OR " if any_word else " AND ").join(f'"{w}"' for w in words)


def _match_sql(columns: str) -> str:
    # `columns` is always one of this module's constants; the search words go in as a parameter.
    if connection.vendor == "postgresql":
        return (f"SELECT {columns} FROM library_documentpage p "  # noqa: S608
                "JOIN library_librarydocument d ON d.id = p.document_id "
                "WHERE to_tsvector('simple', p.index_text) @@ to_tsquery('simple', %s) AND d.is_listed")
    return (f"SELECT {columns} FROM library_page_fts f JOIN library_documentpage p ON p.id = f.rowid "  # noqa: S608
            "JOIN library_librarydocument d ON d.id = p.document_id "
            "WHERE library_page_fts MATCH %s AND d.is_listed")


def raw_match(words: list[str], any_word: bool = False) -> list[int]:
    """The bare database full-text query: ids of listed pages holding the words. The benchmark's floor."""
    with connection.cursor() as cursor:
        cursor.execute(_match_sql("p.id"), [_fts_expression(words, any_word)])
        return [row[0] for row in cursor.fetchall()]


def _matched_pages(words: list[str], any_word: bool) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_match_sql("p.id, p.document_id, p.number, p.index_text, p.length"),
                       [_fts_expression(words, any_word)])
        return cursor.fetchall()


def _pages_with(word: str) -> int:
    """How many pages hold the word: BM25's document frequency, over the whole index."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT COUNT(*) FROM library_documentpage "
                           "WHERE to_tsvector('simple', index_text) @@ to_tsquery('simple', %s)",
                           [_fts_expression([word], False)])
        else:
            cursor.execute("SELECT COUNT(*) FROM library_page_fts WHERE library_page_fts MATCH %s",
                           [_fts_expression([word], False)])
        return cursor.fetchone()[0]


def _corpus() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), AVG(length) FROM library_documentpage")
        count, average = cursor.fetchone()
    return count or 0, float(average or 1.0)


def rank(words: list[str], pages: list[tuple]) -> dict[int, tuple[float, list[int]]]:
    """BM25 per page, then per document: its best page plus a little for each other matching
    page. Returns {document id: (score, matching page numbers best first)}."""
    total, average = _corpus()
    idf = {}
    for word in words:
        n = _pages_with(word)
        idf[word] = math.log(1 + (total - n + 0.5) / (n + 0.5))
    by_document: dict[int, list[tuple[float, int]]] = {}
    for _page_id, document_id, number, index_text, length in pages:
        padded = f" {index_text} "
        score = 0.0
        for word in words:
            tf = padded.count(f" {word} ")
            if tf:
                score += idf[word] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
        if number == 0:
            score *= CARD_WEIGHT
        by_document.setdefault(document_id, []).append((score, number))
    ranked = {}
    for document_id, scores in by_document.items():
        scores.sort(key=lambda s: (-s[0], s[1]))
        best = scores[0][0] + 0.2 * sum(s for s, _ in scores[1:6])
        # Rounded so that the last binary digits of a sum can never reorder two equal documents.
        ranked[document_id] = (round(best, 6), [number for _, number in scores])
    return ranked


# --- facets -------------------------------------------------------------------------------

FACETS = ("kind", "publisher", "year", "theme")


@dataclass
class Filters:
    kind: set[str] = field(default_factory=set)
    publisher: set[str] = field(default_factory=set)
    year: set[str] = field(default_factory=set)
    theme: set[str] = field(default_factory=set)

    @classmethod
    def from_query(cls, params) -> Filters:
        return cls(**{name: {v for v in params.getlist(name) if v and len(v) <= 200} for name in FACETS})

    def active(self) -> bool:
        return any(getattr(self, name) for name in FACETS)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    document: LibraryDocument
    score: float
    snippets: list[tuple[int, Markup]]
    pages: list[int]


@dataclass
class Results:
    query: str
    words: list[str]
    any_word: bool
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    page: int
    pages: int


def _facet_rows() -> tuple[dict[int, dict], dict[int, set[str]]]:
    # Plain SQL: these rows are read on every search, and the ORM's cost per row would dominate.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, kind, publisher, published_year, published_month, slug "
                       "FROM library_librarydocument WHERE is_listed")
        rows = {pk: {"kind": kind, "publisher": publisher, "year": str(year), "order": (-year, -(month or 0), slug)}
                for pk, kind, publisher, year, month, slug in cursor.fetchall()}
        cursor.execute("SELECT t.document_id, th.slug FROM library_themetag t "
                       "JOIN library_theme th ON th.id = t.theme_id "
                       "WHERE t.status = %s AND th.is_active", [ThemeTag.Status.CONFIRMED])
        themes: dict[int, set[str]] = {}
        for document_id, slug in cursor.fetchall():
            if document_id in rows:
                themes.setdefault(document_id, set()).add(slug)
    return rows, themes


def _passes(values: dict, themes: set[str], filters: Filters, skip: str | None = None) -> bool:
    for name in ("kind", "publisher", "year"):
        chosen = getattr(filters, name)
        if name != skip and chosen and values[name] not in chosen:
            return False
    return skip == "theme" or not filters.theme or bool(filters.theme & themes)


def _facets(candidates: list[int], rows: dict, themes: dict, filters: Filters) -> dict[str, list[FacetValue]]:
    from casereview.library.queries import theme_labels

    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for pk in candidates:
        values, doc_themes = rows[pk], themes.get(pk, set())
        for name in ("kind", "publisher", "year"):
            if _passes(values, doc_themes, filters, skip=name):
                counts[name][values[name]] = counts[name].get(values[name], 0) + 1
        if _passes(values, doc_themes, filters, skip="theme"):
            for slug in doc_themes:
                counts["theme"][slug] = counts["theme"].get(slug, 0) + 1
    labels = {"kind": dict(Kind.choices), "theme": theme_labels()}
    out = {}
    for name in FACETS:
        chosen = getattr(filters, name)
        keys = set(counts[name]) | {v for v in chosen if name != "theme" or v in labels["theme"]}
        values = [FacetValue(k, labels.get(name, {}).get(k, k), counts[name].get(k, 0), k in chosen) for k in keys]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        out[name] = values
    return out


# --- snippets -----------------------------------------------------------------------------

def highlight(text: str, words: set[str]) -> Markup:
    """The text, escaped, with every word whose analysed form was searched for in <mark>."""
    out, last = [], 0
    for match in WORD.finditer(text):
        if term(match.group()) in words:
            out.append(escape(text[last:match.start()]))
            out.append(Markup("<mark>{}</mark>").format(match.group()))
            last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def snippet(text: str, words: list[str], span: int = 36) -> Markup | None:
    """The stretch of about `span` words that holds most of the searched words, highlighted."""
    wanted = set(words)
    tokens = list(WORD.finditer(text))
    hits = [(i, t) for i, t in enumerate(term(m.group()) for m in tokens) if t in wanted]
    if not hits:
        return None
    best_start, best_found = hits[0][0], 0
    for index, _ in hits:
        start = max(0, index - span // 4)
        found = {t for i, t in hits if start <= i < start + span}
        if len(found) > best_found:
            best_start, best_found = start, len(found)
        if best_found == len(wanted):
            break
    first = tokens[best_start].start()
    last_token = tokens[min(best_start + span, len(tokens)) - 1]
    piece = text[first:last_token.end()]
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if best_start + span < len(tokens) else ""
    return Markup("{}{}{}").format(prefix, highlight(piece, wanted), suffix)


def _snippets(shown: list[int], numbers: dict[int, list[int]], words: list[str]) -> dict[int, list]:
    """Snippets from the best two pages of each shown document, read in one query."""
    wanted = {(pk, n) for pk in shown for n in numbers.get(pk, [])[:2]}
    texts = {(pk, n): text for pk, n, text in DocumentPage.objects.filter(document_id__in=shown)
             .values_list("document_id", "number", "text") if (pk, n) in wanted}
    out: dict[int, list] = {}
    for pk in shown:
        for number in numbers.get(pk, [])[:2]:
            piece = snippet(texts.get((pk, number), ""), words)
            if piece:
                out.setdefault(pk, []).append((number, piece))
    return out


# --- the search ---------------------------------------------------------------------------

def search(query: str, filters: Filters | None = None, page: int = 1) -> Results:
    filters = filters or Filters()
    words = query_terms(query)
    rows, themes = _facet_rows()
    any_word = False
    if words:
        pages = _matched_pages(words, any_word=False)
        if not pages and len(words) > 1:
            any_word = True
            pages = _matched_pages(words, any_word=True)
        ranked = rank(words, pages)
        candidates = [pk for pk in ranked if pk in rows]
    else:
        ranked = {}
        candidates = list(rows)
    facets = _facets(candidates, rows, themes, filters)
    kept = [pk for pk in candidates if _passes(rows[pk], themes.get(pk, set()), filters)]
    kept.sort(key=lambda pk: (-ranked[pk][0] if ranked else 0, rows[pk]["order"]))
    page_count = max(1, math.ceil(len(kept) / PAGE_SIZE))
    page = min(max(page, 1), page_count)
    shown = kept[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    documents = LibraryDocument.objects.in_bulk(shown)
    numbers = {pk: ranked[pk][1] for pk in shown} if ranked else {}
    snippets = _snippets(shown, numbers, words) if words else {}
    hits = [Hit(documents[pk], ranked[pk][0] if ranked else 0.0, snippets.get(pk, []), numbers.get(pk, []))
            for pk in shown]
    return Results(query=query, words=words, any_word=any_word, total=len(kept), hits=hits, facets=facets,
                   page=page, pages=page_count)


def search_document(document: LibraryDocument, query: str) -> list[tuple[int, Markup]]:
    """The pages of one document holding every searched word, with a snippet each."""
    words = query_terms(query)
    if not words:
        return []
    out = []
    for number, text, index_text in document.pages.values_list("number", "text", "index_text"):
        present = set(index_text.split())
        if all(w in present for w in words):
            piece = snippet(text, words)
            if piece:
                out.append((number, piece))
    return out
