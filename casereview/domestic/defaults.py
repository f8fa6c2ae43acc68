"""What a community safety partnership gets when it enables domestic abuse related death reviews
(brief §2.2). The 2016 guidance's one month to decide and six months to complete are the brief's
figures, marked there as not yet confirmed against the guidance's text: both are local rules a
partnership can change on the process pack page, versioned like every other."""

from casereview.process.models import CaseEvent, ClockUnit, Milestone, RouteKind

M = Milestone

_DARDR_STAGES = [
    ("Panel established", M.COMMISSIONED,
     "The partnership appoints an independent chair and a panel; the terms of reference are agreed.",
     ["Terms of reference", "Chair's independence statement", "Letters asking agencies for IMRs"]),
    ("Agency input", M.INFORMATION_GATHERING, "Agencies write individual management reviews and chronologies.",
     ["Individual management reviews", "Agency chronologies"]),
    ("Family and friends", M.ANALYSIS,
     "The chair meets the family and friends, with a specialist advocate, and hears who the person was.",
     ["First letter to the family", "Interview notes", "Tribute agreed with the family"]),
    ("Overview report", M.DRAFTING, "The chair, or a writer, drafts the overview report, summary and action plan.",
     ["Overview report", "Executive summary", "Action plan"]),
    ("Partnership approval", M.APPROVED, "The community safety partnership's chair signs off the report.",
     ["Final report", "Action plan"]),
    ("Home Office quality assurance", M.HOME_OFFICE_QA,
     "The Home Office's quality assurance panel reads the report; publication waits for its letter.",
     ["Feedback letter"]),
    ("Published", M.PUBLISHED, "The anonymised report and summary are published, often with the Home Office letter.",
     ["Publication record"]),
    ("Embedding learning", M.EMBEDDING_LEARNING,
     "The report goes to the Domestic Abuse Commissioner; the partnership tracks the actions.",
     ["Copy to the Domestic Abuse Commissioner", "Action tracker"]),
]

ROUTES = [
    (RouteKind.DARDR, "Domestic abuse related death review", True,
     "A review of a death that resulted, or appears to have resulted, from domestic abuse (DVCVA 2004 s9).",
     _DARDR_STAGES),
    (RouteKind.DARDR_NOT_HELD, "No domestic abuse related death review", False,
     "The partnership decided not to hold a review and the Home Office accepted it.", []),
]

# key, name, anchor, offset, unit, met by, route kind, statutory, paused by holds, reminder days
CLOCK_RULES = [
    ("dar_decision", "Decide whether to hold a review", CaseEvent.POLICE_NOTIFIED, 1, ClockUnit.CALENDAR_MONTHS,
     CaseEvent.DECIDED, "", False, False, 5),
    ("dar_completion", "Send the overview report to the Home Office", CaseEvent.DECIDED, 6,
     ClockUnit.CALENDAR_MONTHS, CaseEvent.HO_QA_SUBMITTED, RouteKind.DARDR, False, True, 20),
]

# What the Home Office's panel comments on (brief §2.4), checked before the partnership signs off.
QUALITY_MARKERS = [
    ("The family was offered specialist advocacy", "Who offered it, when, and what the family chose."),
    ("The family and friends shaped the review", "How their account appears in the report."),
    ("The report tells the story through the eyes of the person who died", "And includes a tribute if the family wish."),
    ("Every agency answered the terms of reference", "Each IMR takes each line of enquiry in turn."),
    ("The action plan follows from the findings", "Owned, dated and measurable, including any national recommendation."),
]

SECTIONS = [
    ("introduction", "Introduction", "Why the review was held, the decision and the Home Office's part."),
    ("person", "The person who died", "In the family's words, under the name the family chose."),
    ("tribute", "Tribute", "As the family wish."),
    ("chronology", "What happened", "The key events, in order."),
    ("analysis", "Analysis", "What agencies knew and did, and why."),
    ("findings", "Findings", ""),
    ("recommendations", "Recommendations", "Local and national, each with an owner."),
]
