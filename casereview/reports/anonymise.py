"""Finds identifying details in report text before publication. Pure: no database.

It looks for what is recorded on the case (names and aliases of the children, family and
professionals, dates of birth, addresses, school names) and for patterns that identify
anyone (postcodes, NHS numbers that pass the checksum, National Insurance numbers, phone
numbers, email addresses). A person always reviews the findings: this is a net, not a judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

NAME, DATE_OF_BIRTH, ADDRESS, POSTCODE, SCHOOL = "name", "date_of_birth", "address", "postcode", "school"
NHS_NUMBER, NI_NUMBER, PHONE, EMAIL = "nhs_number", "ni_number", "phone", "email"
KIND_LABELS = {NAME: "Name", DATE_OF_BIRTH: "Date of birth", ADDRESS: "Address", POSTCODE: "Postcode",
               SCHOOL: "School", NHS_NUMBER: "NHS number", NI_NUMBER: "National Insurance number",
               PHONE: "Phone number", EMAIL: "Email address"}

# Words between the parts of a name may be any whitespace, including a line break.
_GAP = r"\s+"
_POSSESSIVE = r"(?:['’]s?)?"


@dataclass(frozen=True)
class Known:
    """What the case records, to look for in the text."""

    names: tuple[tuple[str, str], ...] = ()  # (name or alias, suggested replacement)
    # Found only as a whole: professionals, whose single names ("Rose", "Mark", "Lead") are too
    # often ordinary words, and who are named by role in reports anyway.
    whole_names: tuple[tuple[str, str], ...] = ()
    dates_of_birth: tuple[tuple[date, str], ...] = ()
    addresses: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    pseudonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int
    context: str
    suggestion: str

    @property
    def key(self) -> str:
        """Findings with the same key are decided together, so a replacement is consistent."""
        return f"{self.kind}:{normalise(self.text)}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def normalise(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip())
    return re.sub(r"\s+", " ", text).lower()


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    return re.sub(r"\s+", " ", f"{'…' if start > width else ''}{before}[{text[start:end]}]{after}"
                                f"{'…' if end + width < len(text) else ''}")


def _phrase(words: str) -> str:
    return _GAP.join(re.escape(part) for part in words.split())


# Words that can be part of a recorded name but would flag every sentence if searched alone.
_NOT_ALONE = {"child", "baby", "mother", "father", "mum", "dad", "son", "daughter", "boy", "girl", "family",
              "the", "and", "von", "van", "der", "del", "mrs", "miss", "demo", "test", "unknown", "unborn"}


def name_terms(full: str) -> list[str]:
    """The whole name, and each part long enough and unusual enough to look for on its own."""
    parts = [p for p in re.split(r"[\s,]+", full.strip()) if p]
    terms = [full.strip()] if len(parts) > 1 else []
    terms += [p for p in parts if len(p) >= 3 and p.lower().strip(".") not in _NOT_ALONE]
    return terms


def date_patterns(day: date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    month = day.strftime("%B")
    short = day.strftime("%b")
    suffix = r"(?:st|nd|rd|th)?"
    return [
        rf"\b0?{d}{suffix}\s+(?:of\s+)?(?:{month}|{short}\.?)\s*,?\s+{y}\b",
        rf"\b(?:{month}|{short}\.?)\s+0?{d}{suffix},?\s+{y}\b",
        rf"\b0?{d}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*(?:{y}|{y % 100:02d})\b",
        rf"\b{y}-{m:02d}-{d:02d}\b",
    ]


POSTCODE_RE = re.compile(r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
NHS_RE = re.compile(r"(?<![\d\w])(\d{3})[\s\-]?(\d{3})[\s\-]?(\d{4})(?![\d\w])")
NI_RE = re.compile(r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
                   re.I)
PHONE_RE = re.compile(r"(?<![\d\w])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s\-]?){8,9}\d(?![\d\w])")
EMAIL_RE = re.compile(r"\b[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
SCHOOL_RE = re.compile(r"\b(?:[A-Z][\w'’\-]*\s+){1,4}(?:Primary|Infant|Junior|Secondary|High|Grammar|Nursery|C of E|"
                       r"Catholic)?\s*(?:School|Academy|College)\b")


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def scan(text: str, known: Known) -> list[Finding]:
    """Every finding in the text, in order, without overlaps and never inside a pseudonym."""
    protected = [(m.start(), m.end()) for p in known.pseudonyms if p
                 for m in re.finditer(_phrase(p), text, re.I)]
    found: list[Finding] = []

    def add(kind: str, start: int, end: int, suggestion: str) -> None:
        if any(s < end and start < e for s, e in protected):
            return
        if any(f.start < end and start < f.end for f in found):
            return
        found.append(Finding(kind, text[start:end], start, end, _context(text, start, end), suggestion))

    # An email address is one finding even when it contains a name.
    for m in EMAIL_RE.finditer(text):
        add(EMAIL, m.start(), m.end(), "[email address removed]")
    # Longest names first, so "Riley Jones" is one finding rather than two.
    terms = sorted({(term, suggestion) for name, suggestion in known.names for term in name_terms(name)}
                   | {(name.strip(), suggestion) for name, suggestion in known.whole_names if len(name.strip()) >= 3},
                   key=lambda t: -len(t[0]))
    for term, suggestion in terms:
        for m in re.finditer(rf"(?<![\w]){_phrase(term)}{_POSSESSIVE}(?![\w])", text, re.I):
            add(NAME, m.start(), m.end(), suggestion)
    for day, suggestion in known.dates_of_birth:
        for pattern in date_patterns(day):
            for m in re.finditer(pattern, text, re.I):
                add(DATE_OF_BIRTH, m.start(), m.end(), suggestion)
    for address in known.addresses:
        first_line = address.splitlines()[0].split(",")[0].strip() if address.strip() else ""
        if len(first_line) >= 5:
            for m in re.finditer(rf"(?<![\w]){_phrase(first_line)}(?![\w])", text, re.I):
                add(ADDRESS, m.start(), m.end(), "the family home")
    for school in known.schools:
        for m in re.finditer(rf"(?<![\w]){_phrase(school)}(?![\w])", text, re.I):
            add(SCHOOL, m.start(), m.end(), "the school")
    for m in SCHOOL_RE.finditer(text):
        if m.group(0).split()[0].lower() not in ("the", "a", "this", "that", "their", "her", "his"):
            add(SCHOOL, m.start(), m.end(), "the school")
    for m in NHS_RE.finditer(text):
        if nhs_number_valid("".join(m.groups())):
            add(NHS_NUMBER, m.start(), m.end(), "[NHS number removed]")
    for m in NI_RE.finditer(text):
        add(NI_NUMBER, m.start(), m.end(), "[National Insurance number removed]")
    for m in PHONE_RE.finditer(text):
        add(PHONE, m.start(), m.end(), "[phone number removed]")
    for m in POSTCODE_RE.finditer(text):
        add(POSTCODE, m.start(), m.end(), "[postcode removed]")
    return sorted(found, key=lambda f: f.start)


_TAG = re.compile(r"<[^>]*>")


def mask_tags(html: str) -> str:
    """The HTML with every tag blanked out to spaces of the same length: positions found in
    the result are positions in the HTML, and a name broken by <br> still reads as a name."""
    return _TAG.sub(lambda m: " " * len(m.group(0)), html)


def replace_all(text: str, findings: Iterable[Finding], replacements: dict[str, str]) -> str:
    """Applies the replacement chosen for each key to every finding with that key."""
    out, last = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.key not in replacements:
            continue
        out.append(text[last:finding.start])
        replacement = replacements[finding.key]
        if finding.kind == NAME and re.search(r"['’]s?$", finding.text) and not replacement.endswith("'s"):
            replacement += re.search(r"['’]s?$", finding.text).group(0)
        out.append(replacement)
        last = finding.end
    out.append(text[last:])
    return "".join(out)
