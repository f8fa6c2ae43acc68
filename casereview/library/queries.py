"""Reads for the library: the vocabulary, documents people may see, and the patterns pages.
Patterns count confirmed themes on listed documents only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count

from casereview.audit.kept import kept
from casereview.library.local_learning import local as local_learning
from casereview.library.models import LibraryDocument, Origin, Theme, ThemeTag
from casereview.library.rules import can_manage


def theme_labels() -> dict[str, str]:
    """Read on many pages; the vocabulary changes rarely and every change is audited, which drops it."""
    return kept("theme-labels", (), lambda: dict(Theme.objects.values_list("slug", "label")))


def theme_choices(active_only: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
    """Themes grouped for a form: [(group, [(slug, label), ...]), ...]."""
    return kept("theme-choices", (active_only,), lambda: _theme_choices(active_only))


def _theme_choices(active_only: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    themes = Theme.objects.filter(is_active=True) if active_only else Theme.objects.all()
    for slug, group, label in themes.order_by("group", "label").values_list("slug", "group", "label"):
        groups.setdefault(group, []).append((slug, label))
    return list(groups.items())


def visible_document(slug: str, user) -> LibraryDocument | None:
    """A listed document for anyone; an unlisted one only for the people who may manage it."""
    document = LibraryDocument.objects.filter(slug=slug).first()
    if document is None:
        return None
    if document.is_listed or (user.is_authenticated and can_manage(user, document)):
        return document
    return None


def panel_reports():
    """The National Panel's listed reports, newest first: what a local recommendation may come from."""
    return (LibraryDocument.objects.filter(origin=Origin.NATIONAL_PANEL, is_listed=True)
            .order_by("-published_year", "-published_month", "title"))


def panel_recommendations() -> list[tuple[LibraryDocument, str]]:
    """Every recommendation recorded on a listed Panel report, with its report; read once per change."""
    return kept("panel-recommendations", (), lambda: [
        (document, said) for document in panel_reports().exclude(recommendations=[])
        .only("pk", "slug", "title", "published_year", "recommendations")
        for said in document.recommendations if said.strip()])


def confirmed_themes(document: LibraryDocument) -> list[Theme]:
    return [t.theme for t in document.theme_tags.filter(status=ThemeTag.Status.CONFIRMED, theme__is_active=True)
            .select_related("theme").order_by("theme__label")]


def _confirmed_pairs():
    return (ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED, document__is_listed=True,
                                    theme__is_active=True)
            .values_list("document_id", "theme__slug", "document__published_year", "document__origin"))


# --- patterns -----------------------------------------------------------------------------

@dataclass
class ThemeCount:
    slug: str
    label: str
    count: int
    share: float = 0.0


def themes_by_year(top: int = 8) -> tuple[list[int], list[tuple[str, str, list[int]]]]:
    """The most frequent themes and how many documents carried each one per year."""
    labels = theme_labels()
    per: Counter = Counter()
    totals: Counter = Counter()
    years = set()
    for _doc, slug, year, _origin in _confirmed_pairs():
        per[(slug, year)] += 1
        totals[slug] += 1
        years.add(year)
    ordered_years = sorted(years)
    rows = [(slug, labels.get(slug, slug), [per[(slug, y)] for y in ordered_years])
            for slug, _ in sorted(totals.items(), key=lambda kv: (-kv[1], labels.get(kv[0], kv[0])))[:top]]
    return ordered_years, rows


def national_against_local(partnership_ids: list[int] | None = None) -> tuple[list[dict], int, int]:
    """Each theme's share of National Panel publications against its share of local reviews
    (this service's and other partnerships'). With partnership ids, "local" is those
    partnerships' own cases, counted by their findings' themes, which only their staff may see.
    Returns the rows, the number of Panel publications and the number of local items."""
    labels = theme_labels()
    national_docs, local_items = set(), set()
    national, local = Counter(), Counter()
    for doc, slug, _year, origin in _confirmed_pairs():
        if origin == Origin.NATIONAL_PANEL:
            national[slug] += 1
            national_docs.add(doc)
        elif partnership_ids is None:
            local[slug] += 1
            local_items.add(doc)
    if partnership_ids is not None:
        themes_by_case = local_learning().case_themes(partnership_ids)
        local = Counter(slug for themes in themes_by_case.values() for slug in themes)
        local_items = set(themes_by_case)
    local_total = len(local_items)
    rows = []
    for slug in set(national) | set(local):
        n_share = national[slug] / len(national_docs) if national_docs else 0.0
        l_share = local[slug] / local_total if local_total else 0.0
        rows.append({"slug": slug, "label": labels.get(slug, slug), "national": national[slug],
                     "national_share": round(100 * n_share), "local": local[slug],
                     "local_share": round(100 * l_share), "difference": round(100 * (l_share - n_share))})
    rows.sort(key=lambda r: (-(r["national"] + r["local"]), r["label"]))
    return rows, len(national_docs), local_total


def co_occurrence(top: int = 15) -> list[tuple[str, str, int]]:
    """The pairs of themes most often found on the same document."""
    labels = theme_labels()
    by_document: dict[int, set[str]] = {}
    for doc, slug, _year, _origin in _confirmed_pairs():
        by_document.setdefault(doc, set()).add(slug)
    pairs: Counter = Counter()
    for slugs in by_document.values():
        for a, b in combinations(sorted(slugs), 2):
            pairs[(a, b)] += 1
    ordered = sorted(pairs.items(), key=lambda kv: (-kv[1], labels.get(kv[0][0], ""), labels.get(kv[0][1], "")))
    return [(labels.get(a, a), labels.get(b, b), n) for (a, b), n in ordered[:top]]


def theme_overview() -> list[tuple[str, list[ThemeCount]]]:
    counts = dict(ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED, document__is_listed=True)
                  .values("theme__slug").annotate(n=Count("id")).values_list("theme__slug", "n"))
    groups: dict[str, list[ThemeCount]] = {}
    for theme in Theme.objects.filter(is_active=True).order_by("group", "label"):
        groups.setdefault(theme.group, []).append(ThemeCount(theme.slug, theme.label, counts.get(theme.slug, 0)))
    return list(groups.items())


def theme_documents(theme: Theme) -> list[tuple[LibraryDocument, list[str]]]:
    """Listed documents carrying the theme, newest first, each with the key messages that speak
    to it (those using its words), or all its key messages when none does."""
    from casereview.library.suggest import ThemeWords, phrase_table, suggest

    words = [ThemeWords(theme.slug, theme.label, tuple(theme.triggers))]
    table = phrase_table(words)
    documents = LibraryDocument.objects.filter(
        is_listed=True, theme_tags__theme=theme, theme_tags__status=ThemeTag.Status.CONFIRMED
    ).order_by("-published_year", "-published_month", "title")
    out = []
    for document in documents:
        messages = [m for m in document.key_messages if suggest(words, [(0, m)], table)]
        out.append((document, messages or document.key_messages))
    return out


def theme_local_actions(theme: Theme, partnership_ids: list[int]):
    """The partnerships' improvement actions whose recommendation comes from a finding with this
    theme. Only for people who may see those partnerships' learning."""
    return local_learning().actions_with_theme(theme.slug, partnership_ids)
