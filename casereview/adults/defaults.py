"""What a partnership gets when it enables safeguarding adults reviews: routes, stages, clock rules
and SCIE's quality markers. Every clock is local (there is no national SAR timescale): each comes
from a named board's published procedure in the brief (§1.2, §1.3) and every one can be changed on
the process pack page, versioned like the children's rules."""

from casereview.process.models import CaseEvent, ClockUnit, Milestone, RouteKind

M = Milestone

_SAR_STAGES = [
    ("Commissioned", M.COMMISSIONED,
     "The chair writes to heads of agencies; the panel agrees the terms of reference; the reviewer is appointed.",
     ["Commissioning letters", "Terms of reference", "Reviewer independence declaration"]),
    ("Information gathering", M.INFORMATION_GATHERING,
     "Agencies answer the board's requests under section 45: chronologies and agency reports.",
     ["Requests under section 45", "Agency chronologies", "Agency reports"]),
    ("Analysis and involvement", M.ANALYSIS,
     "The reviewer and panel analyse with practitioners; the adult (with an advocate) and the family take part.",
     ["Practitioner event notes", "Record of the adult's and family's involvement"]),
    ("Drafting", M.DRAFTING, "The reviewer drafts the overview report and executive summary.", ["Draft report"]),
    ("Quality assurance", M.QUALITY_ASSURANCE,
     "The SAR subgroup checks the report against SCIE's quality markers; agencies check facts.",
     ["Factual accuracy responses", "Quality markers checklist"]),
    ("Board approval", M.APPROVED, "The board's independent chair signs off the final report and action plan.",
     ["Final report", "Action plan"]),
    ("Published", M.PUBLISHED, "The report or its summary is on the board's website.", ["Publication record"]),
    ("Embedding learning", M.EMBEDDING_LEARNING,
     "The subgroup tracks the actions; the findings go into the board's annual report.",
     ["Action tracker", "Annual report entry", "Learning briefing"]),
]

_ALTERNATIVE_STAGES = [
    ("Commissioned", M.COMMISSIONED, "Facilitator appointed and scope agreed.", ["Scope"]),
    ("Information gathering", M.INFORMATION_GATHERING, "Agencies share what they know.", ["Agency summaries"]),
    ("Learning event", M.ANALYSIS, "Practitioners reflect together; the adult and family are invited to contribute.",
     ["Learning event notes", "Record of the adult's and family's involvement"]),
    ("Drafting", M.DRAFTING, "The learning summary is written.", ["Learning summary"]),
    ("Board approval", M.APPROVED, "The independent chair signs off the learning.", ["Sign-off"]),
    ("Embedding learning", M.EMBEDDING_LEARNING, "Actions are tracked until they change practice.",
     ["Action tracker"]),
]

ROUTES = [
    (RouteKind.SAR, "Safeguarding adults review", True,
     "A review the board must (section 44(1) to (3)) or may (section 44(4)) arrange.", _SAR_STAGES),
    (RouteKind.SAR_ALTERNATIVE, "Proportionate alternative learning (adults)", False,
     "Learning without a full SAR, when the criteria are not met but agencies can learn together.",
     _ALTERNATIVE_STAGES),
    (RouteKind.SAR_NONE, "No safeguarding adults review", False,
     "The referral is closed, with the reasons given to the referrer.", []),
]

# key, name, anchor, offset, unit, met by, route kind, statutory, paused by holds, reminder days
CLOCK_RULES = [
    # Trafford: the board acknowledges a referral within 5 working days.
    ("sar_acknowledge", "Acknowledge the SAR referral", CaseEvent.REFERRAL_RECEIVED, 5, ClockUnit.WORKING_DAYS,
     CaseEvent.ACKNOWLEDGED, "", False, False, 2),
    # North Yorkshire: the subgroup recommends within 10 working days of the last chronology.
    ("sar_recommendation", "SAR subgroup recommendation", CaseEvent.INFORMATION_COMPLETE, 10,
     ClockUnit.WORKING_DAYS, CaseEvent.SUBGROUP_RECOMMENDED, "", False, False, 3),
    # Devon: the decision by month 3 from the referral.
    ("sar_decision", "The independent chair's decision", CaseEvent.REFERRAL_RECEIVED, 3, ClockUnit.CALENDAR_MONTHS,
     CaseEvent.DECIDED, "", False, True, 10),
    # "Up to six months" (SCIE); the guidance's own figure is unconfirmed (brief §1.2).
    ("sar_completion", "Complete the safeguarding adults review", CaseEvent.DECIDED, 6, ClockUnit.CALENDAR_MONTHS,
     CaseEvent.REVIEW_COMPLETED, RouteKind.SAR, False, True, 20),
    # SCIE's SAR in Rapid Time: a final report within 3 months of commissioning.
    ("sar_rapid_time", "Complete the SAR in rapid time", CaseEvent.RAPID_TIME_COMMISSIONED, 3,
     ClockUnit.CALENDAR_MONTHS, CaseEvent.REVIEW_COMPLETED, RouteKind.SAR, False, True, 10),
    # Devon: agencies answer within 3 weeks.
    ("request_s45_information", "Information under section 45", CaseEvent.REQUEST_SENT, 15, ClockUnit.WORKING_DAYS,
     CaseEvent.REQUEST_SUBMITTED, "", False, False, 5),
]

# SCIE's quality markers for SARs (2022): setting up, running the review, and its outputs.
QUALITY_MARKERS = [
    ("Referral", "The referral was made, received and acknowledged promptly, with the right information."),
    ("Decision making", "The decision was timely, recorded, and explains how section 44 applies."),
    ("Informing the person and family", "The adult and family were told about the review and how to take part."),
    ("Clarity of purpose", "The review's purpose and scope are clear and agreed."),
    ("Commissioning", "The reviewer is independent, skilled and clearly briefed."),
    ("Governance", "Lines of accountability to the board are clear throughout."),
    ("Process management", "The review kept to its timetable and explained any delay."),
    ("Parallel processes", "Inquests, criminal proceedings and other enquiries were managed alongside."),
    ("Assembling information", "Agencies' information is proportionate, accurate and analysed."),
    ("Practitioner involvement", "Practitioners took part safely and their views shaped the findings."),
    ("Involvement of the person and family", "The adult, an advocate and the family were involved meaningfully."),
    ("Analysis", "The analysis explains why things happened, not only what happened."),
    ("Report", "The report is proportionate, written for publication and checked for factual accuracy."),
    ("Publication and dissemination", "The findings are published and shared so practice can change."),
    ("Action and impact", "Actions follow from the findings and their impact is checked."),
]

# The report's sections: SCIE's marker 13 asks for a proportionate report written for publication.
SAR_SECTIONS = [
    ("introduction", "Introduction and why this review was held",
     "Whether the review was mandatory or discretionary under section 44, the decision and its date."),
    ("methodology", "How the review was carried out",
     "The methodology, who took part, and how the adult, an advocate and the family were involved."),
    ("adult", "The adult", "Who the adult was, as they or their family would recognise, without identifying them."),
    ("chronology", "Summary of agency involvement", "The key episodes, in order."),
    ("analysis", "Analysis and findings", "Why things happened as they did: systems and context, not blame."),
    ("good_practice", "Good practice", ""),
    ("recommendations", "Recommendations to the board", "Specific, owned and measurable."),
]

ALTERNATIVE_SECTIONS = [
    ("summary", "Summary of the case", "Without identifying details."),
    ("learning", "What we learnt", ""),
    ("good_practice", "Good practice", ""),
    ("actions", "Actions agreed", "Specific, owned and measurable."),
]

REPORT_TEMPLATES = {RouteKind.SAR: SAR_SECTIONS, RouteKind.SAR_ALTERNATIVE: ALTERNATIVE_SECTIONS}
