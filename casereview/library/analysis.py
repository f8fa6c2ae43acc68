"""Turning text into the words search matches on. Pure: the same analysis runs for documents
and queries, and for both databases, which is what makes search behave the same on each."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Common English words that carry no meaning for search. Kept short on purpose: "not", "no"
# and "without" matter in this field ("not seen", "no action").
STOP_WORDS = frozenset(["a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her", "his", "i", "in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "which", "who", "will", "with", "you", "your"])

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """The words of a text as they appear, for highlighting."""
    return WORD.findall(text)


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed, ASCII-folded words without stop words, in order."""
    out = []
    for raw in WORD.findall(_fold(text)):
        if raw in STOP_WORDS or (len(raw) == 1 and not raw.isdigit()):
            continue
        out.append(stem(raw))
    return out


def _fold(text: str) -> str:
    # "Café" and "cafe" should match; so should a typed and a curly apostrophe ("child's").
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"['\u2019]s\b", "", text)


@lru_cache(maxsize=100_000)
def term(word: str) -> str | None:
    """The analysed form of one word as it appears in a text, or None for a stop word."""
    found = terms(word)
    return found[0] if found else None


SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.json"


@lru_cache(maxsize=1)
def _synonym_phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """{first term: [(the phrase's terms, its group's word)]}, longest phrases first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for group in json.loads(SYNONYMS_FILE.read_text())["groups"]:
        word = "syn" + group["name"]
        for phrase in group["phrases"]:
            key = tuple(terms(phrase))
            if key:
                table.setdefault(key[0], []).append((key, word))
    for options in table.values():
        options.sort(key=lambda option: -len(option[0]))
    return table


def synonym_phrases_in(sequence: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Each synonym group a term sequence mentions, with the phrase it was mentioned by, in order."""
    table = _synonym_phrases()
    found: list[tuple[str, tuple[str, ...]]] = []
    for index, term_ in enumerate(sequence):
        for key, word in table.get(term_, ()):
            if tuple(sequence[index:index + len(key)]) == key:
                found.append((word, key))
                break
    return found


def synonym_words(sequence: list[str]) -> list[str]:
    """One word per synonym group a term sequence mentions ("not yet mobile" and "non-mobile" both
    give "synnonmobile"), in order of first mention, so either phrase finds the other."""
    found: list[str] = []
    for word, _ in synonym_phrases_in(sequence):
        if word not in found:
            found.append(word)
    return found


def index_text(text: str) -> str:
    """The analysed words, then one word for each synonym group the text mentions."""
    analysed = terms(text)
    return " ".join(analysed + synonym_words(analysed))


def query_terms(query: str) -> list[str]:
    """Distinct terms of a query, in the order typed, then its synonym groups' words; at most ten
    terms, so a pasted paragraph cannot become an expensive query."""
    seen: list[str] = []
    analysed = terms(query)
    for term_ in analysed:
        if term_ not in seen and term_.isascii() and term_.isalnum():
            seen.append(term_)
    return seen[:10] + [w for w in synonym_words(analysed) if w not in seen][:4]
