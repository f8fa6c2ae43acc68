"""Finds identifying details in report text before publication. Pure: no database.

It looks for what is recorded on the case (names and aliases of the children, family and
professionals, dates of birth, addresses, school names) and for what nobody recorded but still
identifies someone: a person's name (a title, or a first name from the gazetteer, followed by a
surname), a street address, a named nursery, school, college, GP practice or hospital, postcodes,
NHS numbers that pass the checksum, National Insurance numbers, phone numbers and email
addresses. It leaves alone the pseudonym, role words ("the health visitor") and the national
bodies a report cites as sources. A person always reviews the findings: this is a net, not a
judge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

NAME, DATE_OF_BIRTH, ADDRESS, POSTCODE, SCHOOL = "name", "date_of_birth", "address", "postcode", "school"
NHS_NUMBER, NI_NUMBER, PHONE, EMAIL = "nhs_number", "ni_number", "phone", "email"
HEALTH_SETTING = "health_setting"
KIND_LABELS = {NAME: "Name", DATE_OF_BIRTH: "Date of birth", ADDRESS: "Address", POSTCODE: "Postcode",
               SCHOOL: "Nursery, school or college", HEALTH_SETTING: "GP practice or hospital",
               NHS_NUMBER: "NHS number", NI_NUMBER: "National Insurance number", PHONE: "Phone number",
               EMAIL: "Email address"}
# What a whole kind is usually replaced with, offered when deciding every finding of a kind at once.
KIND_REPLACEMENTS = {NAME: "[name removed]", DATE_OF_BIRTH: "[date of birth removed]", ADDRESS: "the family home",
                     POSTCODE: "[postcode removed]", SCHOOL: "the school", HEALTH_SETTING: "the GP practice",
                     NHS_NUMBER: "[NHS number removed]", NI_NUMBER: "[National Insurance number removed]",
                     PHONE: "[phone number removed]", EMAIL: "[email address removed]"}

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
    # False for what only a pattern found (a name nobody recorded, a street address): a person
    # may decide it can stay. What the case records is never published, whatever is decided.
    recorded: bool = True

    @property
    def key(self) -> str:
        """Findings with the same key are decided together, so a replacement is consistent."""
        return f"{self.kind}:{normalise(self.text)}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def normalise(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip()).replace("’", "'")
    return re.sub(r"\s+", " ", text).lower()


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    return re.sub(r"\s+", " ", f"{'…' if start > width else ''}{before}[{text[start:end]}]{after}"
                                f"{'…' if end + width < len(text) else ''}")


def _phrase(words: str) -> str:
    # An apostrophe may be typed straight or curly: "O'Brien" is "O’Brien".
    return _GAP.join(re.sub(r"['’]", "['’]", re.escape(part)) for part in words.split())


# Words that can be part of a recorded name but would flag every sentence if searched alone.
_NOT_ALONE = {"child", "baby", "mother", "father", "mum", "dad", "son", "daughter", "boy", "girl", "family",
              "the", "and", "von", "van", "der", "del", "mrs", "miss", "demo", "test", "unknown", "unborn"}


def name_terms(full: str) -> list[str]:
    """The whole name, and each part long enough and unusual enough to look for on its own. A
    one-word name (an alias or nickname such as "Jo") is always looked for, however short."""
    parts = [p for p in re.split(r"[\s,]+", full.strip()) if p]
    if len(parts) == 1 and len(parts[0]) >= 2 and parts[0].lower().strip(".") not in _NOT_ALONE:
        return parts
    terms = [full.strip()] if len(parts) > 1 else []
    terms += [p for p in parts if len(p) >= 3 and p.lower().strip(".") not in _NOT_ALONE]
    return terms


def date_patterns(day: date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    # "September", "Sept", "Sep." and "Sep" alike.
    month = rf"(?:{day.strftime('%B')}|{day.strftime('%B')[:4]}\.?|{day.strftime('%b')}\.?)"
    suffix = r"(?:st|nd|rd|th)?"
    return [
        rf"\b0?{d}{suffix}\s+(?:of\s+)?{month}\s*,?\s+{y}\b",
        rf"\b{month}\s+0?{d}{suffix},?\s+{y}\b",
        rf"\b0?{d}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*(?:{y}|{y % 100:02d})\b",
        rf"\b{y}-{m:02d}-{d:02d}\b",
    ]


POSTCODE_RE = re.compile(r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b", re.I)
NHS_RE = re.compile(r"(?<![\d\w])(\d{3})[\s\-]?(\d{3})[\s\-]?(\d{4})(?![\d\w])")
NI_RE = re.compile(r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
                   re.I)
PHONE_RE = re.compile(r"(?<![\d\w])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s\-]?){8,9}\d(?![\d\w])")
EMAIL_RE = re.compile(r"\b[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")


def nhs_number_valid(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# --- What nobody recorded ------------------------------------------------------------------------

# A surname-like word: Smith, O'Brien, D’Souza, McDonald, Smith-Jones.
_CAP = r"(?:[A-Z]['’])?(?:Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|PC|PCSO|DC|DS|DI|DCI|Sgt|Sergeant|Cllr|Revd|Rev|Sister|Nurse|"
          r"Father)")
TITLED_RE = re.compile(rf"\b{TITLES}\.?\s+(?:{_CAP}\s+)?{_CAP}\b")
CAPITALISED_RUN_RE = re.compile(rf"\b{_CAP}(?:[ \t]+{_CAP}){{1,2}}\b")
# Words after a first name that make it a place or a body rather than a person: "Grace Academy".
_NOT_SURNAME = {
    "road", "street", "avenue", "lane", "close", "drive", "way", "crescent", "court", "place", "gardens", "grove",
    "terrace", "walk", "hill", "square", "row", "mews", "park", "green", "house", "school", "academy", "college",
    "nursery", "hospital", "surgery", "practice", "centre", "center", "clinic", "council", "police", "trust",
    "team", "service", "services", "unit", "ward", "health", "church", "foundation", "group", "partnership",
    "board", "panel", "review", "report", "station", "line", "primary", "infant", "junior", "university",
    "infirmary", "medical", "community", "children", "children's", "family", "care", "social", "court's",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_ROLE_WORDS = {"practitioner", "practitioners", "manager", "specialist", "lead", "consultant", "visitor", "officer",
               "worker", "advisor", "adviser", "prescriber", "in", "on", "of", "and", "the", "who", "had", "was"}
# Given names that are also everyday words or months: found only beside a surname ("Grace Hill"),
# never alone ("by God's grace", "Hope for the future", "in April").
_WORD_NAMES = {
    "april", "june", "august", "may", "mark", "rose", "grace", "hope", "summer", "autumn", "guy", "dean", "chase",
    "hunter", "frank", "bill", "sue", "pat", "penny", "ivy", "lily", "holly", "amber", "ruby", "jasmine", "dawn",
    "robin", "jay", "sandy", "faith", "joy", "iris", "heather", "crystal", "pearl", "violet", "daisy", "poppy",
    "jade", "misty", "sky", "storm", "rich", "art", "sunny", "star", "angel", "destiny", "precious", "patience",
    "charity", "honor", "honour", "justice", "royal", "earl", "duke", "reed", "wade", "drew", "gene", "rusty",
    "buck", "page", "carol", "eve", "cliff", "glen", "heath", "ray", "sonny", "will", "bob", "marina", "river",
    "brook", "taylor", "parker", "mason", "cooper", "harper", "miller", "archer", "carter", "christian", "nelson",
    "victoria", "elizabeth", "george", "albert", "alexandra", "jordan", "india", "georgia", "paris", "florence",
    "lincoln", "chester", "kent", "devon", "sydney", "austin", "dallas", "phoenix", "london", "trinity", "unity",
}
_STREET = (r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Grove|Terrace|Walk|"
           r"Hill|Square|Row|Mews|Rise|View|Parade|Vale|Croft|Green|Park|Fields|Meadows?|Wharf|Quay|Boulevard|Gate|"
           r"Yard|Heights)")
STREET_ADDRESS_RE = re.compile(rf"\b(?:(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
                               rf"(?:{_CAP}\s+){{1,3}}{_STREET}\b")
_NAME_WORD = r"(?:St\.?|Saint|[A-Z][\w'’\-]*)"
_SETTING_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|and|&)){{0,4}}"
SCHOOL_RE = re.compile(rf"\b({_SETTING_NAME})\s+(?:Day\s+)?(?:Nursery|Pre-?[Ss]chool|Playgroup|Children['’]s\s+Centre|"
                       r"School|Academy|College|Sixth\s+Form)\b")
HEALTH_RE = re.compile(rf"\b({_SETTING_NAME})\s+(?:Surgery|Medical\s+Centre|Health\s+Centre|Medical\s+Practice|"
                       r"Family\s+Practice|Group\s+Practice|Practice|Hospital|Infirmary|Clinic)\b")
# Words that name no particular setting: "Primary School", "Royal Infirmary" alone say nothing.
_GENERIC_SETTING = {"the", "a", "an", "this", "that", "their", "her", "his", "its", "our", "local", "primary",
                    "secondary", "high", "grammar", "infant", "junior", "special", "community", "catholic", "c",
                    "of", "e", "church", "england", "royal", "general", "district", "children's", "childrens",
                    "medical", "health", "family", "group", "day", "new", "same", "another", "other", "each",
                    "nursery", "school", "gp", "nhs", "and", "&", "county", "city", "university", "teaching"}
# National bodies a report cites as its sources: never a finding.
CITED_RE = re.compile(
    r"\b(?:Royal\s+College\s+of\s+(?:[A-Z][\w'’]*|and|of|the|&)(?:\s+(?:[A-Z][\w'’]*|and|of|the|&))*"
    r"|University\s+of\s+[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*|[A-Z][\w'’]*\s+University"
    r"|Child\s+Safeguarding\s+Practice\s+Review\s+Panel|National\s+Panel|Department\s+for\s+Education"
    r"|Department\s+of\s+Health(?:\s+and\s+Social\s+Care)?|Home\s+Office|Ministry\s+of\s+Justice|Ofsted"
    r"|Care\s+Quality\s+Commission|HM\s+Inspectorate\s+of\s+[A-Z]\w+|NHS\s+England|UK\s+Health\s+Security\s+Agency"
    r"|National\s+Institute\s+for\s+Health\s+and\s+Care\s+Excellence|Social\s+Care\s+Institute\s+for\s+Excellence"
    r"|Research\s+in\s+Practice|What\s+Works\s+for\s+Children['’]s\s+Social\s+Care|Local\s+Government\s+Association"
    r"|Association\s+of\s+Directors\s+of\s+Children['’]s\s+Services|Children['’]s\s+Commissioner"
    r"|Nursing\s+and\s+Midwifery\s+Council|General\s+Medical\s+Council|Lullaby\s+Trust|NSPCC|Barnardo['’]s"
    r"|Children['’]s\s+Society|Action\s+for\s+Children|Women['’]s\s+Aid|SafeLives|Institute\s+of\s+Health\s+Visiting"
    r"|Great\s+Ormond\s+Street\s+Hospital)")
LOOSE_POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names from Faker's person providers (MIT), for the locales of families in England."""
    from importlib import import_module

    names: set[str] = set()
    for locale in ("en_GB", "en_US", "en_IE", "en_IN", "en_NZ", "en_PK", "pl_PL", "ro_RO", "lt_LT", "pt_PT",
                   "es_ES", "it_IT", "fr_FR", "de_DE", "tr_TR", "yo_NG", "ig_NG", "ha_NG", "tw_GH", "zu_ZA"):
        try:
            provider = import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, ()) or ()
            names.update(v for v in values if v[:1].isupper() and v.isalpha() and len(v) >= 3)
    return frozenset(names)


def _distinctive(words: str) -> str:
    """The part of a setting's name that names it: "St Mary's" of "St Mary's Nursery"."""
    kept = [w for w in words.split() if w.lower().strip(".") not in _GENERIC_SETTING]
    return " ".join(kept)


def scan_all(texts: list[str], known: Known) -> list[list[Finding]]:
    """The findings of each part of one document. A name or setting found in one part ("St Mary's
    Nursery") is also found alone in the others ("St Mary's")."""
    learned: dict[str, tuple[str, str]] = {}
    for text in texts:  # the first pass only learns: what it would find is found in the second
        _settings(text, _ignore, learned)
        _unrecorded_names(text, _ignore, learned)
    return [scan(text, known, learned) for text in texts]


def _ignore(*args, **kwargs) -> None:
    pass


def scan(text: str, known: Known, learned: dict[str, tuple[str, str]] | None = None) -> list[Finding]:
    """Every finding in the text, in order, without overlaps and never inside a pseudonym or the
    name of a body cited as a source. `learned` gathers, and supplies, names found elsewhere."""
    protected = [(m.start(), m.end()) for p in known.pseudonyms if p
                 for m in re.finditer(_phrase(p), text, re.I)]
    protected += [(m.start(), m.end()) for m in CITED_RE.finditer(text)]
    found: list[Finding] = []

    def add(kind: str, start: int, end: int, suggestion: str, recorded: bool = True) -> None:
        if any(s < end and start < e for s, e in protected):
            return
        if any(f.start < end and start < f.end for f in found):
            return
        found.append(Finding(kind, text[start:end], start, end, _context(text, start, end), suggestion, recorded))

    def every(pattern: str, kind: str, suggestion: str, flags=re.I, recorded: bool = True,
              possessive: bool = False) -> None:
        tail = _POSSESSIVE if possessive or kind == NAME else ""
        for m in re.finditer(rf"(?<![\w]){pattern}{tail}(?![\w])", text, flags):
            add(kind, m.start(), m.end(), suggestion, recorded)

    # An email address is one finding even when it contains a name.
    for m in EMAIL_RE.finditer(text):
        add(EMAIL, m.start(), m.end(), "[email address removed]")
    # Longest names first, so "Riley Jones" is one finding rather than two.
    terms = sorted({(term, suggestion) for name, suggestion in known.names for term in name_terms(name)}
                   | {(name.strip(), suggestion) for name, suggestion in known.whole_names if len(name.strip()) >= 3},
                   key=lambda t: -len(t[0]))
    for term, suggestion in terms:
        # A nickname of two letters ("Jo") only as written, so "jo" in a word or "AL" is left alone.
        every(_phrase(term), NAME, suggestion, flags=re.I if len(term) >= 3 else 0)
    for day, suggestion in known.dates_of_birth:
        for pattern in date_patterns(day):
            for m in re.finditer(pattern, text, re.I):
                add(DATE_OF_BIRTH, m.start(), m.end(), suggestion)
    for address in known.addresses:
        for part in _address_parts(address):
            every(_phrase(part), ADDRESS, "the family home")
        for m in LOOSE_POSTCODE_RE.finditer(address):
            compact = re.sub(r"\s+", "", m.group(0))
            every(rf"{re.escape(compact[:-3])}\s*{re.escape(compact[-3:])}", POSTCODE, "[postcode removed]")
    for school in known.schools:
        every(_phrase(school), SCHOOL, "the school")
    learned = {} if learned is None else learned
    _settings(text, add, learned)
    for m in STREET_ADDRESS_RE.finditer(text):
        add(ADDRESS, m.start(), m.end(), "the family home", recorded=False)
    _unrecorded_names(text, add, learned)
    # What was learned here or in another part of the report, wherever it appears on its own.
    for term, (kind, suggestion) in sorted(learned.items(), key=lambda item: -len(item[0])):
        every(_phrase(term), kind, suggestion, flags=0, recorded=False, possessive=True)
    _given_names_alone(text, add)
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


def _address_parts(address: str) -> list[str]:
    """The recorded first line, and each part of it that places the home on its own:
    "Flat 3, 27 Ashby Road" is looked for whole, as "27 Ashby Road" and as "Ashby Road"."""
    first_line = address.strip().splitlines()[0].strip() if address.strip() else ""
    parts = [first_line] if len(first_line) >= 5 else []
    pieces = [p.strip() for p in first_line.split(",")]
    for index, piece in enumerate(pieces):
        if re.search(rf"\b{_STREET}$", piece):
            parts += [", ".join(pieces[:index + 1]), piece]
            street = re.sub(r"^\d+[A-Za-z]?\s+", "", piece)
            if street != piece and len(street.split()) >= 2:
                parts.append(street)
    return sorted(set(parts), key=len, reverse=True)


def _settings(text: str, add, learned: dict[str, tuple[str, str]]) -> None:
    """Named nurseries, schools, colleges, GP practices and hospitals; their names alone ("St Mary's"
    of "St Mary's Nursery") are learned, to be looked for everywhere."""
    for pattern, kind, suggestion in ((SCHOOL_RE, SCHOOL, "the school"), (HEALTH_RE, HEALTH_SETTING, "the GP practice")):
        for m in pattern.finditer(text):
            start = m.start()
            lead = re.match(r"(?:(?:The|A|This|That|Their|Her|His)\s+)+", m.group(0))
            if lead:
                start += lead.end()
            own = _distinctive(text[start:m.start(1) + len(m.group(1))])
            if not own:
                continue
            word = m.group(0).split()[-1].lower()
            hint = {"nursery": "the nursery", "college": "the college", "hospital": "the hospital",
                    "infirmary": "the hospital", "clinic": "the clinic"}.get(word, suggestion)
            add(kind, start, m.end(), hint, recorded=False)
            if len(own) >= 4:
                learned.setdefault(own, (kind, hint))


def _unrecorded_names(text: str, add, learned: dict[str, tuple[str, str]]) -> None:
    """People's names nobody recorded: a title and a surname ("Mr Smith", "PC Jane Doe"), or a first
    name from the gazetteer and a surname ("John Smith"), whose parts are learned."""
    given = first_names()
    seen: set[str] = set()
    for m in TITLED_RE.finditer(text):
        after = m.group(0).split()[1:]
        if after[0].lower() in _ROLE_WORDS or after[0].lower() in _NOT_SURNAME:
            continue  # "Nurse Practitioner", "Sister Ward": a role or a place, not a person
        add(NAME, m.start(), m.end(), "[name removed]", recorded=False)
        seen.update(after)
    for m in CAPITALISED_RUN_RE.finditer(text):
        words = [(w.group(0), m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group(0))]
        # "John Smith" or "Mary Jane Smith", not "Grace Academy"; a run may start early ("When John Smith").
        for index, (word, start, _) in enumerate(words[:-1]):
            if word in given and words[index + 1][0].lower() not in _NOT_SURNAME:
                name = [words[index + 1]]
                if index + 2 < len(words) and words[index + 2][0].lower() not in _NOT_SURNAME:
                    name.append(words[index + 2])
                add(NAME, start, name[-1][2], "[name removed]", recorded=False)
                seen.update([word, *(w for w, _, _ in name)])
                break
    for part in seen:
        if len(part) >= 3 and part.lower() not in _NOT_SURNAME and part.lower() not in _NOT_ALONE:
            learned.setdefault(part, (NAME, "[name removed]"))


def _given_names_alone(text: str, add) -> None:
    """A first name alone ("Tyler visited at weekends"), unless it is also an everyday word."""
    given = first_names()
    for m in re.finditer(rf"(?<![\w])([A-Z][a-z]+){_POSSESSIVE}(?![\w])", text):
        if m.group(1) in given and m.group(1).lower() not in _WORD_NAMES:
            add(NAME, m.start(), m.end(), "[name removed]", recorded=False)


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
