"""The anonymisation check: what it must find, and what it must leave alone."""

from __future__ import annotations

from datetime import date

import pytest

from casereview.reports.anonymise import Known, mask_tags, nhs_number_valid, replace_all, scan, scan_all

KNOWN = Known(
    names=(("Riley Jordan Example", "Child B"), ("Sam Example", "the mother"), ("Riles", "Child B"),
           ("Dr Priya Shah", "the GP")),
    dates_of_birth=((date(2019, 3, 4), "[date of birth removed]"),),
    addresses=("14 Acacia Avenue, Northbridge",),
    schools=("Kingsmead Primary",),
    pseudonyms=("Child B (2026)", "Child B"),
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in scan(text, KNOWN)]


@pytest.mark.parametrize("text, expected", [
    ("Riley Jordan Example was seen.", [("name", "Riley Jordan Example")]),
    ("RILEY was seen; riley cried.", [("name", "RILEY"), ("name", "riley")]),
    ("Riley's mother and Riley’s sister.", [("name", "Riley's"), ("name", "Riley’s")]),
    ("The teacher spoke to Riley\nJordan Example at lunch.", [("name", "Riley\nJordan Example")]),
    ("Known as Riles at nursery.", [("name", "Riles")]),
    ("Sam Example's partner moved in.", [("name", "Sam Example's")]),
    ("Dr Priya Shah saw the baby.", [("name", "Dr Priya Shah")]),
])
def test_names_in_any_case_with_possessives_and_across_lines(text, expected):
    assert kinds(text) == expected


def test_no_finding_on_the_pseudonym_itself():
    assert scan("Child B (2026) was known to Child B's school nurse; the child was seen.", KNOWN) == []


def test_short_words_that_happen_to_be_in_a_name_are_not_names():
    assert scan("dr who? No: the doctor.", Known(names=(("Dr Jo Li", "the GP"),))) == []


@pytest.mark.parametrize("written", [
    "4 March 2019", "4th March 2019", "04/03/2019", "4/3/2019", "4.3.19", "2019-03-04", "March 4, 2019",
    "4 Mar 2019", "4th of March, 2019",
])
def test_dates_of_birth_in_several_formats(written):
    assert kinds(f"Born on {written} at home.") == [("date_of_birth", written)]


def test_another_date_is_not_a_date_of_birth():
    assert kinds("Seen on 5 March 2019 and 04/04/2019.") == []


@pytest.mark.parametrize("number, valid", [
    ("943 476 5919", True), ("9434765919", True), ("943-476-5919", True),
    ("943 476 5918", False), ("1234567890", False), ("0000000000", False),
])
def test_nhs_numbers_are_found_only_when_the_checksum_is_right(number, valid):
    assert nhs_number_valid(number.replace(" ", "").replace("-", "")) is valid
    found = [k for k, _ in kinds(f"NHS number {number}.")]
    assert ("nhs_number" in found) is valid


@pytest.mark.parametrize("text, kind", [
    ("Postcode NB1 2XY on the form.", "postcode"),
    ("Postcode nb12xy on the form.", "postcode"),
    ("NI number AB 12 34 56 C recorded.", "ni_number"),
    ("Call 07700 900123 or 01632 960 001.", "phone"),
    ("Email sam.example@example.com today.", "email"),
    ("She lived at 14 Acacia Avenue.", "address"),
    ("Attended Kingsmead Primary until June.", "school"),
    ("Moved to Hill Top Primary School in May.", "school"),
])
def test_patterns(text, kind):
    assert kind in [k for k, _ in kinds(text)]


def test_a_general_mention_of_the_school_is_not_a_finding():
    assert kinds("The School nurse and the school office.") == []


def test_replacements_are_consistent_and_keep_the_possessive():
    text = "Riley was seen. RILEY's sister and riley again. Postcode NB1 2XY."
    findings = scan(text, KNOWN)
    replacements = {f.key: ("Child B" if f.kind == "name" else "[postcode removed]") for f in findings}
    assert replace_all(text, findings, replacements) == (
        "Child B was seen. Child B's sister and Child B again. Postcode [postcode removed].")
    assert len({f.key for f in findings if f.kind == "name"}) == 1


def test_html_positions_survive_masking_and_a_line_break_tag():
    html = "<p>Riley<br>Jordan Example lived at <strong>14 Acacia Avenue</strong>.</p>"
    findings = scan(mask_tags(html), KNOWN)
    assert [f.kind for f in findings] == ["name", "address"]
    replaced = replace_all(html, findings, {f.key: f.suggestion for f in findings})
    assert replaced == "<p>Child B lived at <strong>the family home</strong>.</p>"


def test_common_words_in_a_recorded_name_are_not_searched_alone():
    known = Known(names=(("Baby Demo Fictionshire", "Child C"),))
    assert scan("The baby was seen; a demo of the new form.", known) == []
    assert [f.text for f in scan("Fictionshire was seen.", known)] == ["Fictionshire"]


def test_a_professionals_name_is_found_whole_but_not_word_by_word():
    known = Known(whole_names=(("Rose Lead", "lead reviewer"),))
    text = "Rose Lead met the family. The lead agency rose to the challenge."
    found = scan(text, known)
    assert [f.text for f in found] == ["Rose Lead"] and found[0].suggestion == "lead reviewer"


# --- What nobody recorded (issue 15) ---------------------------------------------------------------

NOTHING = Known(pseudonyms=("Child Q",))


def found(text: str, known: Known = NOTHING) -> list[tuple[str, str, bool]]:
    return [(f.kind, f.text, f.recorded) for f in scan(text, known)]


@pytest.mark.parametrize("text, name", [
    ("John Smith, a neighbour, called the police.", "John Smith"),
    ("The housing officer, Jane Doe, was not told.", "Jane Doe"),
    ("Mr Okafor reported the flat was damp.", "Mr Okafor"),
    ("Ms Adebayo had known the family for years.", "Ms Adebayo"),
    ("Dr Patel prescribed antidepressants.", "Dr Patel"),
    ("PC Harris attended at 2am.", "PC Harris"),
    ("Mary Jane Watson looked after the children.", "Mary Jane Watson"),
    ("Tyler, a half-brother, visited at weekends.", "Tyler"),
])
def test_names_nobody_recorded_are_found_by_title_or_given_name(text, name):
    assert ("name", name, False) in found(text)


def test_a_name_found_once_is_found_again_alone_in_other_sections():
    first, later = scan_all(["John Smith moved in with the family.", "Smith was not known to services; John was."],
                            NOTHING)
    assert [f.text for f in first] == ["John Smith"]
    assert [f.text for f in later] == ["Smith", "John"]


@pytest.mark.parametrize("text, kind, detail", [
    ("They moved to 14 Acacia Avenue in May.", "address", "14 Acacia Avenue"),
    ("Officers went to Flat 2, 9 Mill Lane that night.", "address", "Flat 2, 9 Mill Lane"),
    ("He attended St Mary's Nursery until he was three.", "school", "St Mary's Nursery"),
    ("She moved to Brookfield Primary School in Year 3.", "school", "Brookfield Primary School"),
    ("Staff at Northbridge College raised a concern.", "school", "Northbridge College"),
    ("He was registered with Riverside Medical Centre.", "health_setting", "Riverside Medical Centre"),
    ("The GP at Hillside Surgery saw him once.", "health_setting", "Hillside Surgery"),
    ("The injury was seen at Northbridge General Hospital.", "health_setting", "Northbridge General Hospital"),
])
def test_street_addresses_and_named_settings_nobody_recorded(text, kind, detail):
    assert (kind, detail, False) in found(text)


def test_a_setting_named_in_full_is_found_in_part_elsewhere():
    whole, part = scan_all(["He attended St Mary's Nursery.", "Later, St Mary's shared its records."], NOTHING)
    assert [f.text for f in part] == ["St Mary's"] and part[0].suggestion == "the nursery"


RECORDED = Known(names=(("Ryan O'Connell", "the partner"), ("Jo", "Child Q"), ("Kayden Hartley", "Child Q")),
                 dates_of_birth=((date(2014, 9, 14), "[date of birth removed]"),),
                 addresses=("Flat 3, 27 Ashby Road, Northbridge NB4 2CD",), pseudonyms=("Child Q",))


@pytest.mark.parametrize("text, detail", [
    ("Born on 14 Sept 2014.", "14 Sept 2014"),
    ("Born on 14 Sep. 2014.", "14 Sep. 2014"),
    ("Ryan O’Connell moved in.", "Ryan O’Connell"),
    ("Ryan O'Connell moved in.", "Ryan O'Connell"),
    ("At school he was called Jo.", "Jo"),
    ("The address, Flat 3, 27 Ashby Road, was known.", "Flat 3, 27 Ashby Road"),
    ("Officers visited 27 Ashby Road.", "27 Ashby Road"),
    ("The referral gave the postcode NB4 2CD only.", "NB4 2CD"),
    ("The referral gave the postcode nb42cd only.", "nb42cd"),
])
def test_recorded_details_in_every_form_they_are_written(text, detail):
    assert detail in [f.text for f in scan(text, RECORDED) if f.recorded]


def test_a_short_nickname_is_found_only_as_a_word_as_written():
    assert scan("Jones et al. (2019); a JOINT visit; jo-jo.", RECORDED) == []


@pytest.mark.parametrize("text", [
    "The health visitor, the school nurse and the GP each held part of the picture.",
    "The Royal College of Paediatrics and Child Health guidance on bruising was not followed.",
    "The Child Safeguarding Practice Review Panel's report applies here; so does Ofsted's.",
    "Research in Practice and the NSPCC have published learning on neglect.",
    "Child Q was seen at the hospital; the school did not know.",
    "Primary School staff and the Emergency Department did not share what they knew.",
    "By April there was hope; Grace and Summer are not names here, nor is Mark as a verb.",
])
def test_no_finding_on_role_words_cited_bodies_or_the_pseudonym(text):
    assert scan(text, RECORDED) == []


def test_the_invented_passages_are_found_with_no_false_positives():
    from tests.reports.anonymisation_passages import CLEAN, KNOWN, PASSAGES, measure

    recall, false_positives, missed = measure(PASSAGES, CLEAN, KNOWN)
    assert recall >= 0.95, missed
    assert false_positives == 0


def test_a_title_before_a_role_is_not_a_name():
    found = scan("The Nurse Practitioner and the Sister Ward team were told; Nurse Bennett was not.", NOTHING)
    assert [f.text for f in found] == ["Nurse Bennett"]
