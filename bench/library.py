"""Library search at 3,000 documents (the National Panel's plus synthetic reviews), against the
bare database full-text query for the same words, measured in the same run. Also the theme
suggester's precision and recall on the National Panel test set.

Prints BENCH search_vs_database_fts, BENCH theme_precision and BENCH theme_recall.
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


def build() -> None:
    from casereview.library.analysis import index_text
    from casereview.library.models import DocumentPage, Kind, LibraryDocument, Origin, Theme, ThemeTag

    have = LibraryDocument.objects.filter(is_listed=True).count()
    if have >= DOCUMENTS:
        return
    rng = random.Random(7)
    themes = list(Theme.objects.all())
    kinds = [Kind.LOCAL_REVIEW, Kind.LEARNING_BRIEFING, Kind.THEMATIC_REVIEW]
    with transaction.atomic():
        for number in range(have, DOCUMENTS):
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


def main() -> None:
    call_command("migrate", verbosity=0)
    from casereview.library import search
    from casereview.library.analysis import query_terms
    from casereview.library.models import LibraryDocument
    from casereview.library.suggest import ThemeWords, measure

    started = time.perf_counter()
    build()
    print(f"# library ready in {time.perf_counter() - started:.1f} s: "
          f"{LibraryDocument.objects.filter(is_listed=True).count()} documents", file=sys.stderr)
    for query in QUERIES:  # warm both paths
        search.search(query)
        search.raw_match(query_terms(query))
    ours, floor = [], []
    for _ in range(ROUNDS):
        for query in QUERIES:
            words = query_terms(query)
            began = time.perf_counter()
            search.raw_match(words)
            floor.append(time.perf_counter() - began)
            began = time.perf_counter()
            search.search(query)
            ours.append(time.perf_counter() - began)
    print(f"BENCH search_vs_database_fts {statistics.median(ours) / statistics.median(floor):.2f} x")
    print(f"# median search {statistics.median(ours) * 1000:.1f} ms, bare full-text query "
          f"{statistics.median(floor) * 1000:.1f} ms, over {len(QUERIES)} queries x {ROUNDS} rounds", file=sys.stderr)

    vocabulary = [ThemeWords(t["id"], t["label"], tuple(t["triggers"]))
                  for t in json.loads((ROOT / "casereview/library/data/themes.json").read_text())]
    result = measure(vocabulary, json.loads((ROOT / "tests/library/theme_test_set.json").read_text()))
    print(f"BENCH theme_precision {result['precision']:.3f} ratio")
    print(f"BENCH theme_recall {result['recall']:.3f} ratio")
    for slug, figures in sorted(result["per_theme"].items()):
        if figures["tp"] + figures["fp"] + figures["fn"]:
            print(f"# {slug}: precision {figures['precision']:.2f}, recall {figures['recall']:.2f} "
                  f"({figures['tp']} right, {figures['fp']} wrong, {figures['fn']} missed)", file=sys.stderr)


if __name__ == "__main__":
    main()
