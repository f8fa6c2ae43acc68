"""Library search at 3,000 documents (the National Panel's plus synthetic reviews), against the
bare database full-text query for the same words, measured in the same run. Also the theme
suggester's precision and recall on the National Panel test set.

Prints BENCH search_recall_at_10 (65 natural-language queries against the project's evaluation
summaries mixed into the library), BENCH search_vs_database_fts and, after growing the library to
30,000 documents, BENCH search_30000_vs_database_fts (BENCH_SKIP_30000=1 skips it), BENCH
theme_precision and BENCH theme_recall (on the project's held-back summaries) and BENCH
theme_panel_precision and BENCH theme_panel_recall (on the Panel set).

Each search figure comes twice. `search_…` is a search as served: results are kept until the next
audited change, so it is the same words searched again (the next page, a facet put back, another
reader). `search_first_…` ranks afresh, as for words nobody has searched for since the last change.
Both against the bare full-text query for the same words, timed in the same loop.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tracker  # noqa: E402,F401  (sets up Django and the bench database)
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

DOCUMENTS = 3000
LARGE = 30000
PAGES = 4
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
QUERIES = ["domestic abuse", "neglect", "county lines exploitation", "information sharing between agencies",
           "bruising non-mobile baby", "fathers", "co-sleeping alcohol", "home education"]
ROOT = Path(__file__).resolve().parents[1]

FILLER = re.split(r"\s+", "the review found that agencies did not share what they knew about the family and the child was not "
          "seen alone by the practitioner the health visitor and the school nurse recorded concerns but the "
          "strategy discussion did not happen and the case was closed after the assessment the mother moved "
          "house several times and the records did not follow the family between areas the child said little "
          "about life at home and practitioners accepted the parents account without checking it")


def build(documents: int) -> None:
    """Synthetic reviews up to `documents` listed documents, with their word counts and vectors,
    plus the project's 120 evaluation summaries as local reviews (for search recall)."""
    from casereview.library import terms_index
    from casereview.library.analysis import index_text
    from casereview.library.models import DocumentPage, Kind, LibraryDocument, Origin, Theme, ThemeTag
    from casereview.library.similar import vectors_fill

    _evaluation_summaries()
    have = LibraryDocument.objects.filter(is_listed=True).count()
    rng = random.Random(7 + have)
    themes = list(Theme.objects.all())
    kinds = [Kind.LOCAL_REVIEW, Kind.LEARNING_BRIEFING, Kind.THEMATIC_REVIEW]
    for first in range(have, documents, 500):
        with transaction.atomic():
            made = []
            for number in range(first, min(first + 500, documents)):
                chosen = rng.sample(themes, 3)
                document = LibraryDocument.objects.create(
                    slug=f"synthetic-{number}", title=f"Synthetic review {number}: {chosen[0].label}",
                    publisher=f"Synthetic partnership {number % 150}", kind=rng.choice(kinds),
                    origin=Origin.OTHER_PARTNERSHIP, published_year=rng.randint(2015, 2026),
                    published_month=rng.randint(1, 12), summary=f"A fictional review about {chosen[0].label.lower()}.",
                    key_messages=[t.definition for t in chosen], is_listed=True, extraction="done", page_count=PAGES)
                pages = []
                for page in range(PAGES + 1):
                    words = rng.choices(FILLER, k=220)
                    for theme in chosen:
                        if theme.triggers and rng.random() < 0.6:
                            words.insert(rng.randrange(len(words)), rng.choice(theme.triggers))
                    text = " ".join(words)
                    analysed = index_text(text)
                    pages.append(DocumentPage(document=document, number=page, text=text, index_text=analysed,
                                              length=len(analysed.split())))
                DocumentPage.objects.bulk_create(pages)
                ThemeTag.objects.bulk_create([ThemeTag(document=document, theme=t, status="confirmed") for t in chosen])
                made.append(document.pk)
            terms_index.write(list(DocumentPage.objects.filter(document_id__in=made)))
        print(f"# {min(first + 500, documents)} documents", file=sys.stderr)
    filled = vectors_fill()
    if filled:
        print(f"# worked out {filled} document vectors", file=sys.stderr)


def _evaluation_summaries() -> None:
    from casereview.library import terms_index
    from casereview.library.analysis import index_text
    from casereview.library.models import DocumentPage, Kind, LibraryDocument, Origin

    if LibraryDocument.objects.filter(slug="evaluation-e001").exists():
        return
    summaries = json.loads((ROOT / "casereview/library/data/theme_examples.json").read_text())["summaries"]
    with transaction.atomic():
        for summary in summaries:
            document = LibraryDocument.objects.create(
                slug=f"evaluation-{summary['id'].lower()}", title=summary["title"], publisher="Evaluation partnership",
                kind=Kind.LOCAL_REVIEW, origin=Origin.OTHER_PARTNERSHIP, published_year=2025, published_month=6,
                summary=summary["text"], is_listed=True, extraction="done", page_count=0)
            analysed = index_text("\n".join([summary["title"], "Evaluation partnership", summary["text"]]))
            card = DocumentPage.objects.create(document=document, number=0, text=summary["text"], index_text=analysed,
                                               length=len(analysed.split()))
            terms_index.write([card])


def recall_at_10() -> float:
    """The share of each query's answers found in its first ten results, averaged over the queries."""
    from casereview.library import search

    queries = json.loads((Path(__file__).resolve().parent / "data/search_queries.json").read_text())["queries"]
    shares = []
    for item in queries:
        top = {h.document.slug for h in search.search(item["q"]).hits[:10]}
        wanted = {f"evaluation-{r.lower()}" for r in item["relevant"]}
        shares.append(len(top & wanted) / len(wanted))
    print(f"# {len(queries)} queries; {sum(1 for s in shares if s == 1)} found every answer in the first ten, "
          f"{sum(1 for s in shares if s == 0)} found none", file=sys.stderr)
    return statistics.mean(shares)


def timed_search(label: str) -> None:
    from casereview.audit.kept import one_request
    from casereview.library import search
    from casereview.library.analysis import query_terms
    from casereview.library.models import LibraryDocument

    for query in QUERIES:  # warm both paths
        search.search(query)
        search.raw_match(query_terms(query))
    ours, first, floor = [], [], []
    for _ in range(ROUNDS):
        for query in QUERIES:
            words = query_terms(query)
            began = time.perf_counter()
            search.raw_match(words)
            floor.append(time.perf_counter() - began)
            with one_request():  # a search is always served in a request, which reads the latest change once
                began = time.perf_counter()
                search.search(query)
                ours.append(time.perf_counter() - began)
            with one_request():  # words nobody has searched for since the last change: ranked afresh
                began = time.perf_counter()
                search.search_afresh(query)
                first.append(time.perf_counter() - began)
    floor_median = statistics.median(floor)
    print(f"BENCH {label} {statistics.median(ours) / floor_median:.2f} x")
    print(f"BENCH {label.replace('search', 'search_first', 1)} {statistics.median(first) / floor_median:.2f} x")
    print(f"# {LibraryDocument.objects.filter(is_listed=True).count()} documents: median search "
          f"{statistics.median(ours) * 1000:.2f} ms (the same words again), {statistics.median(first) * 1000:.2f} ms "
          f"(new words), bare full-text query {floor_median * 1000:.2f} ms, "
          f"over {len(QUERIES)} queries x {ROUNDS} rounds", file=sys.stderr)


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(DOCUMENTS)
    print(f"# library ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    _analyse()
    print(f"BENCH search_recall_at_10 {recall_at_10():.3f} ratio")
    timed_search("search_vs_database_fts")
    themes(ROOT)
    if os.environ.get("BENCH_SKIP_30000"):
        return
    started = time.perf_counter()
    build(LARGE)
    print(f"# library of {LARGE} ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    _analyse()
    timed_search("search_30000_vs_database_fts")


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # plan with fresh statistics, as the daily sweep does
        cursor.execute("ANALYZE")


def themes(root: Path) -> None:
    """Theme suggestion on texts no part of it was trained or tuned on.

    Held-back third: the project's own summaries kept out of all tuning; the model is trained as
    the service trains it (the other two thirds) plus the National Panel set as seeded, labelled
    publications. Panel set: a model trained on the project's summaries alone, so none of the
    Panel texts was seen. The trigger phrases alone are printed beside, for comparison."""
    from casereview.library import theme_model
    from casereview.library.suggest import measure as triggers_measure

    vocabulary = [theme_model.ThemeText(t["id"], t["label"], t["definition"], tuple(t["triggers"]))
                  for t in json.loads((root / "casereview/library/data/themes.json").read_text())]
    summaries = json.loads((root / "casereview/library/data/theme_examples.json").read_text())["summaries"]
    tuning = [s for s in summaries if s["split"] == "tuning"]
    held_back = [s for s in summaries if s["split"] == "held_back"]
    panel = json.loads((root / "tests/library/theme_test_set.json").read_text())

    def examples(items):
        return [theme_model.Example(i["title"] + ".\n" + i["text"], frozenset(i["themes"])) for i in items]

    began = time.perf_counter()
    model = theme_model.train(vocabulary, examples(tuning) + examples(panel))
    print(f"# theme model trained on {model.trained_on} texts in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    held = theme_model.measure(vocabulary, model, held_back)
    print(f"BENCH theme_precision {held['precision']:.3f} ratio")
    print(f"BENCH theme_recall {held['recall']:.3f} ratio")
    panel_model = theme_model.train(vocabulary, examples(tuning))
    on_panel = theme_model.measure(vocabulary, panel_model, panel)
    print(f"BENCH theme_panel_precision {on_panel['precision']:.3f} ratio")
    print(f"BENCH theme_panel_recall {on_panel['recall']:.3f} ratio")
    raw = json.loads((root / "casereview/library/data/themes.json").read_text())
    practice = {t["id"] for t in raw if t["group"].startswith("D.")}
    group = theme_model.measure(vocabulary, model, held_back, only=practice)
    print(f"# practice themes (group D) on the held-back third: precision {group['precision']:.3f}, "
          f"recall {group['recall']:.3f}", file=sys.stderr)
    words = [t.words() for t in vocabulary]
    for name, cases in (("held-back third", held_back), ("Panel set", panel)):
        alone = triggers_measure(words, cases)
        print(f"# trigger phrases alone on the {name}: precision {alone['precision']:.3f}, "
              f"recall {alone['recall']:.3f}", file=sys.stderr)
        if name == "held-back third":
            tp = sum(v["tp"] for k, v in alone["per_theme"].items() if k in practice)
            fp = sum(v["fp"] for k, v in alone["per_theme"].items() if k in practice)
            fn = sum(v["fn"] for k, v in alone["per_theme"].items() if k in practice)
            print(f"# trigger phrases alone, practice themes, held-back third: precision "
                  f"{tp / max(1, tp + fp):.3f}, recall {tp / max(1, tp + fn):.3f}", file=sys.stderr)
    print(f"# {len(held_back)} held-back summaries, {len(panel)} Panel texts", file=sys.stderr)

if __name__ == "__main__":
    main()
