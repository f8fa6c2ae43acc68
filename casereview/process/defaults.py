"""The default process pack every new partnership starts with. Its timescales come from
Working Together 2023 and the National Panel's guidance (domain brief §1.3, §2.2, §3.8, §3.9, §4)."""

from casereview.process.models import CaseEvent, ClockUnit, Milestone, ReminderSubject, RouteKind

M = Milestone

_LCSPR_STAGES = [
    ("Commissioned", M.COMMISSIONED, "Lead reviewer appointed, terms of reference agreed, review panel set up.",
     ["Terms of reference", "Reviewer conflict of interest declaration", "Family engagement plan",
      "Parallel processes protocol"]),
    ("Information gathering", M.INFORMATION_GATHERING, "Agencies send chronologies and reports; the family is contacted.",
     ["Agency information requests", "Agency chronologies", "Agency reports"]),
    ("Analysis and learning events", M.ANALYSIS, "Practitioner events, family meetings and the reviewer's analysis.",
     ["Merged chronology", "Practitioner learning event notes", "Family meeting notes"]),
    ("Drafting", M.DRAFTING, "The lead reviewer drafts the report.", ["Draft report"]),
    ("Quality assurance", M.QUALITY_ASSURANCE,
     "Review panel quality assurance, factual accuracy checks, the family sees the draft, redaction check.",
     ["Factual accuracy responses", "Redaction log", "Draft partnership response and action plan"]),
    ("Approved", M.APPROVED, "The three safeguarding partners sign off the final report and the publication plan.",
     ["Final report", "Partnership response", "Sign-off by the three safeguarding partners"]),
    ("Pre-publication notice", M.PRE_PUBLICATION_NOTICE,
     "The final report goes to the National Panel and the Secretary of State before publication.",
     ["Pre-publication notice"]),
    ("Published", M.PUBLISHED, "The report is on the partnership's website.", ["Publication record"]),
    ("Embedding learning", M.EMBEDDING_LEARNING, "The action plan is live; briefings and training spread the learning.",
     ["Action plan", "Seven-minute briefing", "Evidence of impact"]),
]

_LOCAL_STAGES = [
    ("Commissioned", M.COMMISSIONED, "Facilitator appointed and scope agreed.", ["Scope and terms of reference"]),
    ("Information gathering", M.INFORMATION_GATHERING, "Agencies pool what they know.",
     ["Agency summaries", "Agency chronologies"]),
    ("Reflective learning event", M.ANALYSIS, "Practitioners and managers reflect together on the case.",
     ["Learning event notes"]),
    ("Drafting", M.DRAFTING, "The learning report is written.", ["Learning report"]),
    ("Quality assurance", M.QUALITY_ASSURANCE, "The review subgroup checks the report.", ["Factual accuracy responses"]),
    ("Approved", M.APPROVED, "The safeguarding partners sign off the learning.", ["Sign-off by the partners"]),
    ("Embedding learning", M.EMBEDDING_LEARNING, "Actions and briefings are tracked until they change practice.",
     ["Action plan", "Seven-minute briefing"]),
]

ROUTES = [
    (RouteKind.LCSPR, "Local child safeguarding practice review", True,
     "A statutory review commissioned by the three safeguarding partners.", _LCSPR_STAGES),
    (RouteKind.LOCAL_LEARNING, "Multi-agency reflective learning review (MARL)", False,
     "A lighter local review when a full review is not needed but there is multi-agency learning.", _LOCAL_STAGES),
    (RouteKind.NATIONAL_REVIEW, "Support for a national review", True,
     "The National Panel reviews the case; the partnership provides information and takes its learning.",
     [("Supporting the national review", "", "Information goes to the Panel's reviewers.",
       ["Information provided to the Panel"]),
      ("Embedding learning", M.EMBEDDING_LEARNING, "The national findings are taken into local practice.",
       ["Local response to the national report", "Action plan"])]),
    (RouteKind.RAPID_REVIEW_LEARNING, "Learning from the rapid review only", False,
     "No further review: the rapid review's learning is taken forward through actions.",
     [("Embedding learning", M.EMBEDDING_LEARNING, "Actions from the rapid review are tracked to completion.",
       ["Action plan", "Seven-minute briefing"])]),
    (RouteKind.NO_FURTHER_ACTION, "No further action", False, "The case is closed with the reasons recorded.", []),
]

# key, name, anchor, offset, unit, met by, route kind, statutory, paused by holds, reminder days
CLOCK_RULES = [
    ("notification", "Notify the National Panel", CaseEvent.AWARE, 5, ClockUnit.WORKING_DAYS, CaseEvent.NOTIFIED,
     "", True, False, 2),
    ("rapid_review", "Complete the rapid review", CaseEvent.NOTIFIED, 15, ClockUnit.WORKING_DAYS,
     CaseEvent.RAPID_REVIEW_SENT, "", False, False, 5),
    ("lcspr_publication", "Publish the review", CaseEvent.DECIDED, 6, ClockUnit.CALENDAR_MONTHS,
     CaseEvent.PUBLISHED, RouteKind.LCSPR, False, True, 20),
    ("pre_publication_notice", "Send the pre-publication notice", CaseEvent.PUBLICATION_PLANNED, -7,
     ClockUnit.WORKING_DAYS, CaseEvent.NOTICE_SENT, RouteKind.LCSPR, True, False, 3),
    ("local_learning_review", "Complete the local learning review", CaseEvent.DECIDED, 3, ClockUnit.CALENDAR_MONTHS,
     CaseEvent.REVIEW_COMPLETED, RouteKind.LOCAL_LEARNING, False, True, 10),
    # Requests to agencies (domain brief §2.3, §3.4): due dates for each kind of return.
    ("request_rapid_review_summary", "Agency summary for the rapid review", CaseEvent.REQUEST_SENT, 5,
     ClockUnit.WORKING_DAYS, CaseEvent.REQUEST_SUBMITTED, "", False, False, 2),
    ("request_chronology", "Agency chronology", CaseEvent.REQUEST_SENT, 20, ClockUnit.WORKING_DAYS,
     CaseEvent.REQUEST_SUBMITTED, "", False, False, 5),
    ("request_agency_report", "Agency report", CaseEvent.REQUEST_SENT, 30, ClockUnit.WORKING_DAYS,
     CaseEvent.REQUEST_SUBMITTED, "", False, False, 5),
    ("request_factual_accuracy", "Factual accuracy check", CaseEvent.REQUEST_SENT, 10, ClockUnit.WORKING_DAYS,
     CaseEvent.REQUEST_SUBMITTED, "", False, False, 3),
]

# subject, unit, remind before the due date, escalate to the business unit after it (None: never).
# Case deadlines remind by their own rule's days and go to the case team; requests and actions go to
# the business unit once they are three working days, or ten calendar days, late.
REMINDER_RULES = [
    (ReminderSubject.CLOCK, ClockUnit.WORKING_DAYS, 3, None),
    (ReminderSubject.AGENCY_REQUEST, ClockUnit.WORKING_DAYS, 3, 3),
    (ReminderSubject.ACTION, ClockUnit.CALENDAR_DAYS, 7, 10),
]
