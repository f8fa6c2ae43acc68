"""What every partnership starts with: report sections per route and quality markers.

The markers paraphrase the published quality markers for case reviews (SCIE and the
National Panel's guidance): they are prompts to evidence, not a score."""

LCSPR_SECTIONS = [
    ("introduction", "Introduction and why this review was held",
     "The criteria met, the decision and its date. Name the child only by the pseudonym."),
    ("methodology", "How the review was carried out", "Scope, methodology, who took part and how the family was involved."),
    ("child", "The child and their family", "Who the child was, in a way the family recognises, without identifying them."),
    ("chronology", "Summary of agency involvement", "The key practice episodes, in order."),
    ("analysis", "Analysis and findings", "Why things happened as they did: systems and context, not blame."),
    ("good_practice", "Good practice", ""),
    ("improvements", "Summary of recommended improvements", "What needs to change, and who should change it."),
    ("recommendations", "Recommendations", "Specific, measurable, owned and time-bound."),
]

LOCAL_SECTIONS = [
    ("summary", "Summary of the case", "Without identifying details."),
    ("learning", "What we learnt", ""),
    ("good_practice", "Good practice", ""),
    ("actions", "Actions agreed", "Specific, measurable, owned and time-bound."),
]

TEMPLATES = {"lcspr": LCSPR_SECTIONS, "local_learning": LOCAL_SECTIONS, "rapid_review_learning": LOCAL_SECTIONS}

QUALITY_MARKERS = [
    ("The scope and terms of reference are clear and were agreed at the start",
     "Scope period, key lines of enquiry and agencies in scope are stated."),
    ("The methodology is proportionate to the case", "Say why this approach suits the case."),
    ("The child's lived experience and voice are present", "How the child's daily life and views shaped the findings."),
    ("The family were involved, or the reasons they were not are recorded", ""),
    ("Practitioners contributed and were supported", "Learning events, conversations, support offered."),
    ("Findings explain practice in its system context rather than blaming individuals", ""),
    ("Recommendations are specific, measurable, owned and time-bound", ""),
    ("The report is anonymised and written for a public reader", "The anonymisation check is complete."),
]
