"""Invented passages in the style of a case review, with identifying details planted in them.

Written for the project; no passage describes a real child or family. Each passage lists the
exact strings that identify someone (the planted details). The recorded details in KNOWN are
what the case would hold. Measured by bench/anonymisation.py; checked by test_anonymise.py."""

from datetime import date

from casereview.reports.anonymise import Known, scan_all

KNOWN = Known(
    names=(("Kayden Miles Hartley", "Child Q"), ("Kay", "Child Q"), ("Donna Hartley", "Child Q's mother"),
           ("Dee", "Child Q's mother"), ("Ryan O'Connell", "the mother's partner")),
    dates_of_birth=((date(2014, 9, 14), "[date of birth removed]"),),
    addresses=("Flat 3, 27 Ashby Road, Northbridge NB4 2CD",),
    schools=("Ashby Vale Primary",),
    pseudonyms=("Child Q",),
)

PASSAGES: list[tuple[str, list[str]]] = [
    ("Child Q lived with his mother and her partner. John Smith, a neighbour, called the police twice.",
     ["John Smith"]),
    ("The health visitor saw Child Q at home. Jane Doe from the housing association was not told.", ["Jane Doe"]),
    ("Mr Okafor, the mother's landlord, reported the flat was cold and damp.", ["Mr Okafor"]),
    ("PC Harris attended and spoke to the mother; no one spoke to Child Q alone.", ["PC Harris"]),
    ("Dr Patel at the surgery prescribed antidepressants and did not ask about the children.", ["Dr Patel"]),
    ("Ms Adebayo, the school's family support worker, had known the family for three years.", ["Ms Adebayo"]),
    ("The family moved to 14 Acacia Avenue in the spring of the review period.", ["14 Acacia Avenue"]),
    ("Child Q attended St Mary's Nursery, where staff noticed bruising on two occasions.", ["St Mary's Nursery"]),
    ("Later, St Mary's shared its records with the review.", ["St Mary's"]),
    ("He was registered with Riverside Medical Centre but was not brought to appointments.",
     ["Riverside Medical Centre"]),
    ("The injury was seen at Northbridge General Hospital emergency department.", ["Northbridge General Hospital"]),
    ("Child Q was born on 14 Sept 2014 and was ten at the time of the incident.", ["14 Sept 2014"]),
    ("His date of birth, 14/09/2014, appears in the police record.", ["14/09/2014"]),
    ("Ryan O’Connell moved into the household in January.", ["Ryan O’Connell"]),
    ("Professionals did not know that Ryan O'Connell had a history of violence.", ["Ryan O'Connell"]),
    ("At school he was called Kay by his friends.", ["Kay"]),
    ("Dee told the social worker she was coping.", ["Dee"]),
    ("The home address, Flat 3, 27 Ashby Road, was known to the police.", ["Flat 3, 27 Ashby Road"]),
    ("Officers visited 27 Ashby Road after a call from a neighbour.", ["27 Ashby Road"]),
    ("The referral gave the postcode NB4 2CD and no house number.", ["NB4 2CD"]),
    ("Kayden was described by teachers as quiet and hungry.", ["Kayden"]),
    ("Donna Hartley said she had asked for help with housing.", ["Donna Hartley"]),
    ("Child Q moved from Ashby Vale Primary to Oakfield Academy in Year 5.",
     ["Ashby Vale Primary", "Oakfield Academy"]),
    ("Oakfield made a referral that was closed without a visit.", ["Oakfield"]),
    ("Sarah Thompson, the maternal grandmother, raised concerns with children's social care.",
     ["Sarah Thompson"]),
    ("The lead reviewer met Mrs Thompson and her husband at their home in Elm Grove.", ["Mrs Thompson"]),
    ("Mohammed Rahman, an uncle, looked after the children at weekends.", ["Mohammed Rahman"]),
    ("A strategy discussion was held; DS Carter chaired it and invited the school.", ["DS Carter"]),
    ("The children's centre at 5 Mill Lane offered a parenting course.", ["5 Mill Lane"]),
    ("Staff at Little Acorns Day Nursery saw a burn on his arm.", ["Little Acorns Day Nursery"]),
    ("The GP practice, Hillside Surgery, had three missed appointments on record.", ["Hillside Surgery"]),
    ("The mother's phone number, 07700 900456, was on the referral form.", ["07700 900456"]),
    ("The family's email, donna.h@example.com, was used to arrange meetings.", ["donna.h@example.com"]),
    ("Emily and Jack, the younger siblings, were staying with Lisa Brown at the time.",
     ["Emily", "Jack", "Lisa Brown"]),
    ("The mother's friend Chloe Davies said the partner controlled the money.", ["Chloe Davies"]),
    ("Child Q told his teacher at Brookfield Primary School that he was scared at home.",
     ["Brookfield Primary School"]),
    ("Reports from Kingsway Children's Centre describe a warm mother under strain.",
     ["Kingsway Children's Centre"]),
    ("Mr and Mrs Kowalski, the neighbours downstairs, heard shouting most nights.", ["Mrs Kowalski"]),
    ("The family lived at 112 Station Road before moving to the flat.", ["112 Station Road"]),
    ("Nurse Bennett saw him in the walk-in centre and did not make a referral.", ["Nurse Bennett"]),
    ("James Wilson, a youth worker, was the only adult Child Q trusted.", ["James Wilson"]),
    ("Child Q's half-brother, Tyler, visited at weekends.", ["Tyler"]),
]

# Passages with nothing identifying in them: every finding here is a false positive.
CLEAN: list[str] = [
    "The health visitor, the school nurse and the GP each held part of the picture.",
    "The Royal College of Paediatrics and Child Health guidance on bruising was not followed.",
    "The Child Safeguarding Practice Review Panel's report on bruising in non-mobile babies applies here.",
    "Ofsted, the Care Quality Commission and HM Inspectorate of Probation inspected the area in 2023.",
    "Research in Practice and the NSPCC have published learning on neglect that practitioners found useful.",
    "The school did not know that the police had been called; the police did not tell children's social care.",
    "Child Q was seen at the hospital and the injury was accepted as accidental.",
    "The Department for Education's statutory guidance, Working Together to Safeguard Children, sets this out.",
    "Practitioners in Primary Care and the Emergency Department did not share what they knew.",
    "In March, the Local Authority Designated Officer was consulted about the nursery worker.",
    "The multi-agency safeguarding hub received four contacts in six months; none led to an assessment.",
    "Professional curiosity was lacking: nobody asked who else lived in the household.",
]


def measure(passages, clean, known) -> tuple[float, int, list[str]]:
    """(recall, false positives, what was missed), with the passages read as the sections of one
    report: a name found in one is looked for in the others, as the check does."""
    texts = [text for text, _ in passages] + list(clean)
    planted = [[(text.index(detail), text.index(detail) + len(detail)) for detail in details]
               for text, details in passages] + [[] for _ in clean]
    hits, total, false_positives, missed = 0, 0, 0, []
    for text, spans, findings in zip(texts, planted, scan_all(texts, known), strict=True):
        for start, end in spans:
            total += 1
            if any(f.start < end and start < f.end for f in findings):
                hits += 1
            else:
                missed.append(text[start:end])
        false_positives += sum(1 for f in findings if not any(f.start < e and s < f.end for s, e in spans))
    return hits / total, false_positives, missed
