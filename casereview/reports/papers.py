"""The review's documents as data for casereview.documents: the rapid review report under the
Panel's headings (domain brief §2.4), the terms of reference and the redaction log."""

from __future__ import annotations

from casereview.cases.models import Case, Regulation11, SubjectKind
from casereview.documents.render import Document, Heading, Para, Table
from casereview.govuk.formatting import format_date
from casereview.process.models import CaseEvent, RouteKind
from casereview.reports.anonymise import KIND_LABELS
from casereview.reports.models import RapidReviewRecord, TermsOfReference


def _day(value) -> str:
    return format_date(value) if value else "Not recorded"


def _text(value: str, empty: str = "None recorded.") -> Para:
    return Para(value.strip() or empty)


def rapid_review_report(case: Case) -> Document:
    record = getattr(case, "rapid_review_record", None) or RapidReviewRecord(case=case)
    rr = getattr(case, "rapid_review", None)
    notification = getattr(case, "panel_notification", None)
    referral = getattr(case, "referral", None)
    decision = case.decisions.select_related("route", "partner_la", "partner_police", "partner_icb").first()
    milestones = dict(case.milestones.values_list("event", "on"))
    doc = Document(title=f"Rapid review: {case.pseudonym}", partnership=case.partnership.name,
                   logo=case.partnership.logo, logo_type=case.partnership.logo_type,
                   subtitle=f"Case reference {case.reference}")
    doc.add(Heading("1. Identifiers"), Table(["Item", "Detail"], [
        ["Partnership", case.partnership.name],
        ["Local authority", case.local_authority.name if case.local_authority_id else "Not recorded"],
        ["Notification reference", notification.reference if notification else "Not notified"],
        ["Date of incident", _day(referral.incident_date if referral else None)],
        ["Local authority aware", _day(milestones.get(CaseEvent.AWARE))],
        ["Notification sent", _day(milestones.get(CaseEvent.NOTIFIED))],
        ["Rapid review meeting", _day(rr.meeting_on if rr else None)],
        ["Rapid review sent to the Panel", _day(rr.sent_on if rr else None)],
    ]))
    children = [s for s in case.subjects.all() if s.kind == SubjectKind.CHILD]
    family = [s for s in case.subjects.all() if s.kind == SubjectKind.FAMILY_MEMBER]
    doc.add(Heading("2. The child and household"), Table(
        ["Child", "About them"], [[c.label, c.description or "Not recorded"] for c in children] or [["—", "—"]]))
    if family:
        doc.add(Para("Household and family: " + "; ".join(f.relationship or f.label for f in family) + "."))
    doc.add(Heading("3. Circumstances of the incident"),
            _text(record.circumstances or (referral.description if referral else "")))
    doc.add(Heading("4. Agency involvement"), _text(record.agency_summaries))
    doc.add(Heading("5. Key practice episodes"), _text(record.key_practice_episodes))
    doc.add(Heading("6. The child's lived experience and context"), _text(record.lived_experience))
    doc.add(Heading("7. Immediate safeguarding actions"),
            _text(record.immediate_actions or (referral.immediate_actions if referral else "")))
    doc.add(Heading("8. Learning identified"), _text(record.learning))
    doc.add(Heading("9. Actions taken or planned"), _text(record.learning and "See the learning above." or ""))
    doc.add(Heading("10. Decision"))
    if decision is not None:

        considerations = "; ".join(Regulation11(code).label for code in decision.regulation_11) or "None selected"
        doc.add(Table(["Item", "Detail"], [
            ["Decision", decision.route.name], ["Date", _day(decision.decided_on)],
            ["Regulation 11 considerations", considerations], ["Rationale", decision.rationale],
        ]))
    elif rr and rr.recommendation:

        doc.add(Para(f"The partners propose: {RouteKind(rr.recommendation).label}."))
    else:
        doc.add(Para("Not decided yet."))
    doc.add(Heading("11. National review"), _text(record.national_review_view))
    doc.add(Heading("12. Parallel processes"), _text(record.parallel_processes))
    doc.add(Heading("13. Involving the family"), _text(record.family_involvement))
    doc.add(Heading("14. Sign-off by the three safeguarding partners"))
    if decision is not None:
        doc.add(Table(["Partner", "Name"], [["Local authority", decision.partner_la.full_name],
                                            ["Police", decision.partner_police.full_name],
                                            ["Integrated Care Board", decision.partner_icb.full_name]]))
    else:
        doc.add(Para(f"Agreed by the partners on {_day(rr.partners_agreed_on if rr else None)}."))
    if record.attendees.strip():
        doc.add(Heading("Attendees"), Para(record.attendees))
    return doc


def terms_of_reference(case: Case) -> Document:
    tor = getattr(case, "terms_of_reference", None) or TermsOfReference(case=case)
    doc = Document(title=f"Terms of reference: {case.pseudonym}", partnership=case.partnership.name,
                   logo=case.partnership.logo, logo_type=case.partnership.logo_type,
                   subtitle=f"{case.route.name if case.route_id else 'Review'}, case reference {case.reference}")
    doc.add(Heading("Scope"), Para(f"From {_day(tor.scope_start)} to {_day(tor.scope_end)}."))
    doc.add(Heading("Key lines of enquiry"),
            Table(["", "Line of enquiry"], [[str(i), line] for i, line in enumerate(tor.lines, 1)] or [["—", "—"]]))
    doc.add(Heading("Methodology"), Para(tor.get_methodology_display() or "Not chosen yet."))
    agencies = ", ".join(a.name for a in tor.agencies.all()) if tor.pk else ""
    doc.add(Heading("Agencies in scope"), Para(agencies or "Not chosen yet."))
    lead = case.memberships.filter(role="lead_reviewer").select_related("person").first()
    doc.add(Heading("Lead reviewer"), Para(lead.person.full_name if lead else "Not appointed yet."),
            Para("Declaration of interests: " + (tor.reviewer_declaration or "not made yet.")))
    doc.add(Heading("Review panel"), _text(tor.panel_members))
    doc.add(Heading("Family involvement"), _text(tor.family_plan))
    rows = [[clock.rule.name, format_date(clock.due_on), clock.explanation]
            for clock in case.clocks.select_related("rule").order_by("due_on")]
    doc.add(Heading("Milestones"), Table(["Milestone", "Due", "How it was worked out"], rows or [["—", "—", "—"]]))
    doc.add(Heading("Agreed"), Para(f"Agreed on {_day(tor.agreed_on)}." if tor.agreed_on else "Not agreed yet."))
    return doc


def redaction_log(case: Case) -> Document:
    doc = Document(title=f"Redaction log: {case.pseudonym}", partnership=case.partnership.name,
                   logo=case.partnership.logo, logo_type=case.partnership.logo_type,
                   subtitle=f"Case reference {case.reference}. For the review team only: it shows what was removed.")
    rows = [[KIND_LABELS.get(d.kind, d.kind.replace("_", " ")), d.get_action_display(), d.replacement or "—",
             d.reason or "—", str(d.occurrences), "Every finding of its kind" if d.for_whole_kind else "This finding",
             d.by.full_name]
            for d in case.redactions.select_related("by")]
    doc.add(Table(["Kind", "Decision", "Replaced with", "Reason kept", "Occurrences", "Decided for", "Decided by"],
                  rows or [["—"] * 7]))
    return doc
