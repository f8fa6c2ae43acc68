"""Turning text into the words search matches on. Pure: the same analysis runs for documents
and queries, and for both databases, which is what makes search behave the same on each."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def index_text(text: str) -> str:
    return " ".join(terms(text))


def query_terms(query: str) -> list[str]:
    """Distinct terms of a query, in the order typed; at most ten, so a pasted paragraph cannot
    become an expensive query."""
    seen: list[str] = []
    for term in terms(query):
        if term not in seen and term.isascii() and term.isalnum():
            seen.append(term)
    return seen[:10]
