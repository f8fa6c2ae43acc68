"""Full-text search over the library, the same on SQLite and PostgreSQL.

The database finds the pages that contain the words (FTS5 on SQLite, a GIN-indexed tsvector
on PostgreSQL) over text this service has already analysed itself, so both match exactly the
same pages. Ranking (BM25), facets and snippets are then worked out here, in Python, from that
same set, so both give the same order too. See ADR 0010."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from markupsafe import Markup, escape

from casereview.audit.kept import kept, memo
from casereview.library import similar
from casereview.library.analysis import query_terms, term
from casereview.library.models import DocumentPage, Kind, LibraryDocument, ThemeTag

K1, B = 1.2, 0.75
CARD_WEIGHT = 2.0  # the title, summary and key messages say what a document is about
PAGE_SIZE = 20
RRF_K = 60
SEMANTIC_COUNT = 30  # documents close in meaning that join the results though they lack the words
SEMANTIC_FLOOR = 0.45
DISTINCTIVE_SHARE = 0.1


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


def _listed_term_counts(words: list[str]) -> dict[str, int]:
    """How many listed pages hold each word: BM25's document frequency, read from the word index."""
    marks = ", ".join(["%s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute("SELECT t.term, COUNT(*) FROM library_pageterm t "  # noqa: S608 (placeholders only)
                       "JOIN library_librarydocument d ON d.id = t.document_id "
                       f"WHERE t.term IN ({marks}) AND d.is_listed GROUP BY t.term", words)
        return dict(cursor.fetchall())


def _corpus() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), AVG(p.length) FROM library_documentpage p "
                       "JOIN library_librarydocument d ON d.id = p.document_id WHERE d.is_listed")
        count, average = cursor.fetchone()
    return count or 0, float(average or 1.0)


def _statistics(words: list[str]) -> tuple[dict[str, float], float, dict[str, int], int]:
    """Each word's idf, the average page length, each word's page count and the number of
    listed pages, kept until the next audited change."""

    total, average = kept("library-corpus", (), _corpus)
    frequencies = kept("library-df", tuple(words), lambda: _listed_term_counts(words))
    idf = {w: math.log(1 + (total - frequencies.get(w, 0) + 0.5) / (frequencies.get(w, 0) + 0.5)) for w in words}
    return idf, average, frequencies, total


@dataclass
class Ranked:
    score: float
    pages: list[int]
    covered: float  # the share of the query's meaning (idf-weighted concepts) the document holds


def _concepts(query: str, words: list[str]) -> list[set[str]]:
    """The query's ideas: each synonym group it names counts once, however it is worded; every
    other word counts alone. A document holds an idea when it has any word of it."""
    from casereview.library.analysis import synonym_phrases_in, terms

    covered: set[str] = set()
    out: list[set[str]] = []
    for group_word, phrase_terms in synonym_phrases_in(terms(query)):
        if group_word in words:
            out.append({group_word, *[t for t in phrase_terms if len(phrase_terms) == 1]})
            covered.update(phrase_terms)
    out += [{w} for w in words if w not in covered and not w.startswith("syn")]
    return out


def rank(words: list[str], concepts: list[set[str]] | None = None) -> dict[int, Ranked]:
    """BM25 per page, worked out by the database from the stored word counts, then per document:
    its best page plus a fifth of each of its next five (so a long report does not win on length).
    Each document's score is then scaled by the square of the share of the query's ideas it holds,
    so a review with every distinctive word outranks a long one that mentions a few."""
    idf, average, frequency, total = _statistics(words)
    concepts = concepts or [{w} for w in words]
    # Documents must hold at least one distinctive word (on under a tenth of pages, or the query's
    # rarest): words on every page then only add to the scores of those, read by (word, document)
    # from the index, instead of summing tens of thousands of pages that hold nothing else.
    distinctive = [w for w in words if frequency.get(w, 0) <= DISTINCTIVE_SHARE * total] or [
        min(words, key=lambda w: (frequency.get(w, 0), w))]
    values = ", ".join(["(%s, %s)"] * len(words))
    presence = ", ".join(f"MAX(CASE WHEN t.term = %s THEN 1 ELSE 0 END) AS c{i}" for i in range(len(words)))
    sql = (  # only placeholders and this module's constants are written into the text
        f"WITH w(term, idf) AS (VALUES {values}), "  # noqa: S608
        "pages AS (SELECT t.document_id AS doc, t.number AS number, "
        f"SUM(w.idf * t.count * {K1 + 1} / (t.count + {K1} * ({1 - B} + {B} * t.length / %s))) "
        f"* CASE WHEN t.number = 0 THEN {CARD_WEIGHT} ELSE 1.0 END AS score, {presence} "
        "FROM (SELECT DISTINCT document_id AS doc FROM library_pageterm "
        f"WHERE term IN ({', '.join(['%s'] * len(distinctive))})) cand "
        "JOIN library_librarydocument d ON d.id = cand.doc AND d.is_listed "
        "JOIN library_pageterm t ON t.document_id = cand.doc "
        "JOIN w ON w.term = t.term "
        "GROUP BY t.document_id, t.page_id, t.number), "
        "ranked AS (SELECT pages.*, ROW_NUMBER() OVER (PARTITION BY doc ORDER BY score DESC, number) AS r FROM pages) "
        "SELECT doc, SUM(CASE WHEN r = 1 THEN score WHEN r <= 6 THEN 0.2 * score ELSE 0 END), "
        "MAX(CASE WHEN r = 1 THEN number END), MAX(CASE WHEN r = 2 THEN number END), "
        + ", ".join(f"MAX(c{i})" for i in range(len(words))) + " FROM ranked GROUP BY doc")
    parameters = [v for w in words for v in (w, idf[w])] + [average] + list(words) + distinctive
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    weights = [max(idf[w] for w in concept if w in idf) if any(w in idf for w in concept) else 0.0
               for concept in concepts]
    whole = sum(weights) or 1.0
    ranked = {}
    for doc, score, first, second, *present in rows:
        held = {w for w, p in zip(words, present, strict=True) if p}
        covered = sum(weight for concept, weight in zip(concepts, weights, strict=True) if concept & held) / whole
        # Rounded so that the last binary digits of a sum can never reorder two equal documents.
        ranked[doc] = Ranked(round(float(score) * covered * covered, 6), [n for n in (first, second) if n is not None],
                             round(covered, 6))
    return ranked


def fuse(lexical: list[int], semantic: list[int]) -> dict[int, float]:
    """Reciprocal-rank fusion: each list gives 1 / (60 + rank); a document high in both wins."""
    fused: dict[int, float] = {}
    for ranking in (lexical, semantic):
        for position, pk in enumerate(ranking, start=1):
            fused[pk] = fused.get(pk, 0.0) + 1.0 / (RRF_K + position)
    return {pk: round(score, 9) for pk, score in fused.items()}


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
    """Every listed document's facet values and confirmed themes, read once per process and
    change (audit.kept's latest change): a search never reads 30,000 rows for its facets."""

    return memo("library-facet-rows", _read_facet_rows)


def _read_facet_rows() -> tuple[dict[int, dict], dict[int, set[str]]]:
    # Plain SQL: the ORM's cost per row would dominate.
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

    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    if not filters.active():  # most searches: every candidate counts in every facet
        for name in ("kind", "publisher", "year"):
            counts[name].update(rows[pk][name] for pk in candidates)
        counts["theme"].update(slug for pk in candidates for slug in themes.get(pk, ()))
    for pk in candidates if filters.active() else ():
        values, doc_themes = rows[pk], themes.get(pk, set())
        for name in ("kind", "publisher", "year"):
            if _passes(values, doc_themes, filters, skip=name):
                counts[name][values[name]] += 1
        if _passes(values, doc_themes, filters, skip="theme"):
            counts["theme"].update(doc_themes)
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
    """The text, escaped, with every word whose analysed form was searched for in <mark>. Only
    words that may analyse to a searched term (`_surface_pattern`) are analysed."""
    wanted = {w for w in words if not w.startswith("syn")}
    if not wanted:
        return escape(text)
    out, last = [], 0
    for match in _surface_pattern(tuple(sorted(wanted))).finditer(text):
        if term(match.group()) in wanted:
            out.append(escape(text[last:match.start()]))
            out.append(Markup("<mark>{}</mark>").format(match.group()))
            last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


@lru_cache(maxsize=512)
def _surface_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Words in a text that may analyse to one of these terms: each stem as a word's start ("abus"
    finds "abuse" and "abused"; "babi" is tried as "bab", for "baby"), checked again by `term`."""
    prefixes = sorted({w[:-1] if w.endswith("i") and len(w) > 3 else w for w in words}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*", re.IGNORECASE)


def snippet(text: str, words: list[str], span: int = 36) -> Markup | None:
    """The stretch of about `span` words that holds most of the searched words, highlighted.
    Only the searched words' own places are looked at, not every word of the page."""
    wanted = {w for w in words if not w.startswith("syn")}  # synonym groups have no words of their own
    if not wanted:
        return None
    hits = [(m.start(), t) for m in _surface_pattern(tuple(sorted(wanted))).finditer(text)
            if (t := term(m.group())) in wanted]
    if not hits:
        return None
    reach = span * 7  # characters in about `span` words of English
    best_start, best_found = hits[0][0], 0
    # A window starting a little before each hit, slid along the hits: both ends only move forward.
    inside: Counter = Counter()
    low = high = 0
    for position, _ in hits:
        start = max(0, position - reach // 4)
        while high < len(hits) and hits[high][0] < start + reach:
            inside[hits[high][1]] += 1
            high += 1
        while hits[low][0] < start:
            inside[hits[low][1]] -= 1
            if not inside[hits[low][1]]:
                del inside[hits[low][1]]
            low += 1
        if len(inside) > best_found:
            best_start, best_found = start, len(inside)
        if best_found == len(wanted):
            break
    # Widen to whole words at both ends.
    first = best_start if best_start == 0 else text.find(" ", best_start) + 1 or best_start
    last = text.rfind(" ", first, first + reach)
    last = len(text) if first + reach >= len(text) or last <= first else last
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(text) else ""
    return Markup("{}{}{}").format(prefix, highlight(text[first:last].strip(), wanted), suffix)


def _snippets(shown: list[int], numbers: dict[int, list[int]], words: list[str]) -> dict[int, list]:
    """Snippets from the best two pages of each shown document, read in one query (only the pages
    with those numbers, not every page of the documents)."""
    wanted = {(pk, n) for pk in shown for n in numbers.get(pk, [])[:2]}
    if not wanted:
        return {}
    pairs = sorted(wanted)
    with connection.cursor() as cursor:  # each page by its unique (document, number)
        cursor.execute(f"SELECT document_id, number, text FROM {DocumentPage._meta.db_table} WHERE "  # noqa: S608
                       + " OR ".join(["(document_id = %s AND number = %s)"] * len(pairs)),
                       [v for pair in pairs for v in pair])
        texts = {(pk, n): text for pk, n, text in cursor.fetchall()}
    out: dict[int, list] = {}
    for pk in shown:
        for number in numbers.get(pk, [])[:2]:
            piece = snippet(texts.get((pk, number), ""), words)
            if piece:
                out.setdefault(pk, []).append((number, piece))
    return out


# --- the search ---------------------------------------------------------------------------

# In the model's own order, which `from_db` expects.
HIT_FIELDS = tuple(f.attname for f in LibraryDocument._meta.concrete_fields if f.attname in {
    "id", "slug", "title", "kind", "publisher", "published_year", "published_month", "summary", "file_type"})


def search(query: str, filters: Filters | None = None, page: int = 1) -> Results:
    """Documents for a query (`search_afresh`), kept until the next audited change: the next page,
    a facet chosen and put back, the same words searched again by someone else, are answered
    without ranking the library again. Only results are kept, in this process's memory."""

    filters = filters or Filters()
    parts = (query, page, *(sorted(getattr(filters, name)) for name in FACETS))
    return kept("library-search", parts, lambda: search_afresh(query, filters, page))


def _hit_documents(ids: list[int]) -> dict[int, LibraryDocument]:
    """The shown documents' fields that a result shows, in one plain query (the ORM's cost per
    query was a fifth of a search)."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(HIT_FIELDS)} FROM {LibraryDocument._meta.db_table} "  # noqa: S608
                       f"WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)
        return {row[0]: LibraryDocument.from_db("default", HIT_FIELDS, row) for row in cursor.fetchall()}


def search_afresh(query: str, filters: Filters | None = None, page: int = 1) -> Results:
    """Documents for a query: by words (BM25 over stored word counts, synonyms widening the
    words) fused with documents close in meaning (reciprocal-rank fusion), then filtered by the
    facets. Pure arithmetic over the same stored numbers, so both databases give the same order."""
    filters = filters or Filters()
    words = query_terms(query)
    rows, themes = _facet_rows()
    any_word = False
    ranked: dict[int, Ranked] = {}
    order: dict[int, float] = {}
    if words:
        ranked = {pk: r for pk, r in rank(words, _concepts(query, words)).items() if pk in rows}
        lexical = sorted(ranked, key=lambda pk: (-ranked[pk].score, rows[pk]["order"]))
        any_word = bool(ranked) and max(r.covered for r in ranked.values()) < 1.0
        close = [pk for pk in similar.closest_to_text(query, SEMANTIC_COUNT, floor=SEMANTIC_FLOOR) if pk in rows]
        order = fuse(lexical, close)
        candidates = list(order)
    else:
        candidates = list(rows)
    facets = _facets(candidates, rows, themes, filters)
    passing = ([pk for pk in candidates if _passes(rows[pk], themes.get(pk, set()), filters)]
               if filters.active() else candidates)
    passing = sorted(passing, key=lambda pk: (-order[pk] if order else 0, rows[pk]["order"]))
    page_count = max(1, math.ceil(len(passing) / PAGE_SIZE))
    page = min(max(page, 1), page_count)
    shown = passing[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    documents = _hit_documents(shown)
    numbers = {pk: ranked[pk].pages for pk in shown if pk in ranked}
    snippets = _snippets(shown, numbers, words) if words else {}
    hits = [Hit(documents[pk], order.get(pk, 0.0), snippets.get(pk, []), numbers.get(pk, [])) for pk in shown]
    return Results(query=query, words=words, any_word=any_word, total=len(passing), hits=hits, facets=facets,
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
