"""Suggesting themes from a document's text. Pure, so it can be measured against a test set.

A theme is suggested when its trigger phrases (or the short phrases of its label) appear in
the text, compared word by word after stemming, so "fractures" meets "fracture" and
"co-sleeping" meets "co sleep". Each suggestion carries the sentences that led to it, so the
person confirming it can judge it from the evidence rather than from a score."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from casereview.library.analysis import terms

SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
PASSAGES_KEPT = 3
# One clear phrase in a short text is enough to suggest; in a long one, a passing mention is not.
SUGGEST_FROM = 0.45


@dataclass(frozen=True)
class ThemeWords:
    slug: str
    label: str
    triggers: tuple[str, ...]


@dataclass
class Suggestion:
    slug: str
    confidence: float
    passages: list[dict] = field(default_factory=list)
    phrases: set[str] = field(default_factory=set)
    mentions: int = 0


# Words too general to stand for a theme on their own, though they appear in its label.
GENERIC = frozenset({"harm", "abuse", "care", "children", "child", "family", "families", "risk", "practice",
                     "system", "services", "culture", "history", "education", "working"})


def label_phrases(label: str) -> list[str]:
    """The short parts of a label ("Babies, infants and unborn children" gives "babies",
    "infants" and "unborn children"): people write those words when they mean the theme."""
    parts = [p.strip() for p in re.split(r",|\band\b|\(|\)|/|:", label)]
    return [p for p in parts if p and len(p.split()) <= 3 and p.casefold() not in GENERIC]


def phrase_table(themes: list[ThemeWords]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """For each theme, its phrases as stemmed word tuples (duplicates dropped)."""
    table = {}
    for theme in themes:
        seen = {}
        for phrase in (*theme.triggers, *label_phrases(theme.label)):
            key = tuple(terms(phrase))
            # "in care" without its stop word is just "care", which is in every document.
            if len(key) == 1 and len(phrase.split()) > 1:
                continue
            if key and key not in seen:
                seen[key] = phrase
        table[theme.slug] = [(phrase, key) for key, phrase in seen.items()]
    return table


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> int:
    n = len(phrase)
    return sum(1 for i in range(len(sequence) - n + 1) if tuple(sequence[i:i + n]) == phrase)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


def confidence(distinct: int, mentions: int, length: int) -> float:
    score = 0.6 * distinct + 0.25 * min(mentions - distinct, 8)
    scale = max(1.0, math.sqrt(length / 2000))
    return round(1 - math.exp(-score / scale), 2)


def suggest(themes: list[ThemeWords], pages: list[tuple[int, str]],
            table: dict | None = None, threshold: float = SUGGEST_FROM) -> list[Suggestion]:
    """Themes the text suggests, most confident first, each with its supporting passages."""
    table = table or phrase_table(themes)
    found: dict[str, Suggestion] = {}
    length = 0
    for page, text in pages:
        for sentence in sentences(text):
            seq = terms(sentence)
            length += len(seq)
            present = set(seq)
            for slug, phrases in table.items():
                hit = False
                for phrase, key in phrases:
                    if key[0] not in present:
                        continue
                    count = _contains(seq, key)
                    if count:
                        suggestion = found.setdefault(slug, Suggestion(slug, 0.0))
                        suggestion.phrases.add(phrase.casefold())
                        suggestion.mentions += count
                        hit = True
                if hit and len(found[slug].passages) < PASSAGES_KEPT:
                    found[slug].passages.append({"page": page, "text": sentence[:400]})
    out = []
    for suggestion in found.values():
        suggestion.confidence = confidence(len(suggestion.phrases), suggestion.mentions, length)
        if suggestion.confidence >= threshold:
            out.append(suggestion)
    return sorted(out, key=lambda s: (-s.confidence, s.slug))


def measure(themes: list[ThemeWords], cases: list[dict]) -> dict:
    """Precision and recall over a labelled test set: overall (micro) and per theme."""
    table = phrase_table(themes)
    per: dict[str, dict[str, int]] = {t.slug: {"tp": 0, "fp": 0, "fn": 0} for t in themes}
    for case in cases:
        expected = set(case["themes"])
        got = {s.slug for s in suggest(themes, [(0, case["title"] + ".\n" + case["text"])], table)}
        for slug in got & expected:
            per[slug]["tp"] += 1
        for slug in got - expected:
            per[slug]["fp"] += 1
        for slug in expected - got:
            per.setdefault(slug, {"tp": 0, "fp": 0, "fn": 0})["fn"] += 1
    tp = sum(v["tp"] for v in per.values())
    fp = sum(v["fp"] for v in per.values())
    fn = sum(v["fn"] for v in per.values())

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "precision": ratio(tp, tp + fp), "recall": ratio(tp, tp + fn),
        "per_theme": {slug: {**v, "precision": ratio(v["tp"], v["tp"] + v["fp"]),
                             "recall": ratio(v["tp"], v["tp"] + v["fn"])} for slug, v in per.items()},
    }
