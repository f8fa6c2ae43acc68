"""Writes for review documents. Each is one transaction and writes its audit event."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases import frameworks, gates
from casereview.cases.lifecycle import case_transition, publication_record, sign_off_blockers
from casereview.cases.models import Case, CaseMembership, CaseRole, SubjectIdentity, SubjectKind
from casereview.contributions.models import Submission
from casereview.documents import render
from casereview.documents.render import Cover, Document, Heading, Html, Para, Table
from casereview.govuk.blockers import Blocker
from casereview.govuk.formatting import format_date
from casereview.govuk.wording import problem
from casereview.library.services import local_report_record
from casereview.notifications.models import Notification
from casereview.notifications.services import notify
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import Agency, AgencyType
from casereview.process import workdays
from casereview.process.models import CaseEvent, Milestone
from casereview.reports import anonymise, defaults, gate, richtext, word_import
from casereview.reports.models import (
    AccuracyComment,
    AccuracyRound,
    Approval,
    FamilyContact,
    LearningEvent,
    ParallelProcess,
    PublicationDecision,
    PublishedReport,
    QualityCheck,
    QualityMarker,
    RapidReviewRecord,
    RedactionDecision,
    ReportDraft,
    ReportTemplate,
    ReportVersion,
    SectionComment,
    TermsOfReference,
)
from casereview.reports.queries import latest_version, signers
from casereview.reports.rules import (
    can_comment_on_round,
    can_write,
    is_business_unit,
    partner_role_of,
    partner_roles_of,
)

# What a report section may hold (ADR 0023): paragraphs, sub-headings, lists, tables, footnotes
# (a superscript link to a numbered note), links and emphasis. Nothing else is stored or published.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "sup",
                "table", "caption", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "id"}, "li": {"id"}, "ol": {"start"}, "th": {"scope", "colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}}
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?-\d{1,3}")
_SPAN = re.compile(r"[1-9]\d?")
_START = re.compile(r"[1-9]\d{0,2}")
# Refused outright rather than silently removed: the author must know their text was not saved as written.
_FORBIDDEN = re.compile(r"<\s*/?\s*(script|style|iframe|object|embed|form|input|img|svg|math)\b|\son\w+\s*=|"
                        r"javascript\s*:", re.I)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _audit(by, case: Case, target, code: str, action=Action.UPDATE, params: dict | None = None, **changes) -> None:
    audit_record(action=action, actor=by, target=target, case=case, partnership=case.partnership,
                 code=code, params=params, changes=changes or None)


# --- Set-up ---------------------------------------------------------------------------------


@transaction.atomic
def report_defaults_seed(*, partnership) -> None:
    documents_seed(partnership=partnership, framework="children", templates=defaults.TEMPLATES,
                   markers=defaults.QUALITY_MARKERS)


@transaction.atomic
def documents_seed(*, partnership, framework: str, templates: dict, markers: list) -> None:
    """A framework's report sections for each of its routes and its quality checklist, where the
    partnership lacks them: what it has, perhaps edited, is left as it is."""
    for kind, sections in templates.items():
        ReportTemplate.objects.get_or_create(partnership=partnership, route_kind=kind, defaults={
            "sections": [{"key": k, "title": t, "guidance": g} for k, t, g in sections]})
    if not partnership.quality_markers.filter(framework=framework).exists():
        QualityMarker.objects.bulk_create([QualityMarker(partnership=partnership, framework=framework, text=text,
                                                         guidance=guidance, order=order)
                                           for order, (text, guidance) in enumerate(markers)])


def template_sections(case: Case) -> list[dict]:
    kind = case.route.kind if case.route_id else "lcspr"
    template = ReportTemplate.objects.filter(partnership_id=case.partnership_id, route_kind=kind).first() or (
        ReportTemplate.objects.filter(partnership_id=case.partnership_id, route_kind="lcspr").first())
    if template is not None:
        return template.sections
    return [{"key": k, "title": t, "guidance": g} for k, t, g in defaults.LCSPR_SECTIONS]


# --- Rapid review, terms of reference, involvement, parallel processes ------------------------------


def _save_fields(obj, data: dict, fields) -> dict:
    changed = {}
    for name in fields:
        if name in data and getattr(obj, name) != data[name]:
            changed[name] = True
            setattr(obj, name, data[name])
    return changed


def _stale(what: str) -> ValidationError:
    return problem("Someone else changed the %(what)s since you opened it. Nothing "
                   "has been saved: reload the page and make your changes again.", "stale", what=what)


RR_FIELDS = ("attendees", "circumstances", "agency_summaries", "key_practice_episodes", "lived_experience",
             "immediate_actions", "learning", "national_review_view", "parallel_processes", "family_involvement")


@transaction.atomic
def rapid_review_record_save(*, case: Case, by, data: dict, expected_version: int | None = None) -> RapidReviewRecord:
    _require(is_business_unit(by, case))
    record, _ = RapidReviewRecord.objects.select_for_update().get_or_create(case=case)
    if expected_version is not None and record.lock_version != expected_version:
        raise _stale("rapid review record")
    changed = _save_fields(record, data, RR_FIELDS)
    record.lock_version += 1
    record.updated_by = by
    record.save()
    _audit(by, case, record, "reports.rapid_review_saved", fields=sorted(changed))
    return record


def agency_summaries_digest(case: Case) -> str:
    """A starting digest from the submitted rapid review summaries, for the business unit to edit."""

    lines = []
    for submission in (Submission.objects.filter(request__case=case, request__kind="rapid_review_summary",
                                                 status=Submission.Status.SUBMITTED)
                       .select_related("request__agency").order_by("request__agency__name")):
        summary = submission.data.get("contact_summary", "").strip()
        lines.append(f"{submission.request.agency.name}: {summary or 'No summary of contact given.'}")
    return "\n\n".join(lines)


def rapid_review_record_initial(case: Case) -> dict:
    """The record as saved, with each empty heading started from what the service already knows:
    the referral's account and immediate actions, and the agencies' submitted summaries. Nothing
    the referrer or the agencies wrote is typed again."""
    record = getattr(case, "rapid_review_record", None)
    values = {name: getattr(record, name) if record else "" for name in RR_FIELDS}
    referral = getattr(case, "referral", None)
    known = {"agency_summaries": agency_summaries_digest(case)}
    if referral is not None:
        kind = referral.get_incident_kind_display() if referral.incident_kind else "Incident"
        opening = f"{kind} on {format_date(referral.incident_date)}." if referral.incident_date else ""
        known["circumstances"] = "\n\n".join(part for part in (opening, referral.description.strip()) if part)
        known["immediate_actions"] = referral.immediate_actions.strip()
    for name, value in known.items():
        if not (values.get(name) or "").strip() and value:
            values[name] = value
    return values


TOR_FIELDS = ("scope_start", "scope_end", "lines_of_enquiry", "methodology", "reviewer_declaration",
              "panel_members", "family_plan", "agreed_on")


@transaction.atomic
def terms_of_reference_save(*, case: Case, by, data: dict, expected_version: int | None = None) -> TermsOfReference:
    _require(is_business_unit(by, case))
    tor, _ = TermsOfReference.objects.select_for_update().get_or_create(case=case)
    if expected_version is not None and tor.lock_version != expected_version:
        raise _stale("terms of reference")
    if data.get("scope_start") and data.get("scope_end") and data["scope_end"] < data["scope_start"]:
        raise ValidationError({"scope_end": problem("The end of the scope period must be after its start",
                                                    "the_end_of_the_scope")})
    changed = _save_fields(tor, data, TOR_FIELDS)
    tor.lock_version += 1
    tor.save()
    if "agencies" in data:
        tor.agencies.set(data["agencies"])
    _audit(by, case, tor, "reports.terms_saved", fields=sorted(changed))
    return tor


@transaction.atomic
def family_contact_add(*, case: Case, by, data: dict) -> FamilyContact:
    _require(can_write(by, case))
    contact = FamilyContact.objects.create(case=case, recorded_by=by, **data)
    _audit(by, case, contact, "reports.family_contact", action=Action.CREATE, params={"kind": contact.kind})
    return contact


@transaction.atomic
def learning_event_add(*, case: Case, by, data: dict) -> LearningEvent:
    _require(can_write(by, case))
    if not data.get("planned_on") and not data.get("held_on"):
        raise ValidationError({"planned_on": problem("Enter the date it is planned for, or the date it was held",
                                                     "enter_the_date_it_is")})
    # A plan may be in the future; a record of what happened may not.
    if data.get("held_on") and data["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": problem("The date it was held must be today or in the past",
                                                  "the_date_it_was_held")})
    agencies = data.pop("agencies", [])
    event = LearningEvent.objects.create(case=case, recorded_by=by, **data)
    event.agencies.set(agencies)
    _audit(by, case, event, "reports.learning_event", action=Action.CREATE)
    return event


@transaction.atomic
def parallel_process_save(*, case: Case, by, data: dict, process: ParallelProcess | None = None) -> ParallelProcess:
    _require(is_business_unit(by, case))
    if process is None:
        process = ParallelProcess(case=case)
    elif process.case_id != case.pk:
        raise PermissionDenied
    _save_fields(process, data, ("kind", "open", "holds_publication", "key_dates", "notes"))
    process.save()
    _audit(by, case, process, "reports.parallel_open" if process.open else "reports.parallel_closed",
           params={"kind": process.kind})
    return process


# --- Drafting ---------------------------------------------------------------------------------


def sanitise(html: str, *, section_title: str) -> str:
    if _FORBIDDEN.search(html or ""):
        raise problem("“%(section_title)s” contains code or content that a report cannot hold (for example "
                      "a script or an embedded image). Remove it and save again; nothing has been saved.",
                      "unsafe", section_title=section_title)
    return _clean(html or "").strip()


def sanitise_sections(template: list[dict], sections: dict[str, str]) -> list[str]:
    """Each template section's text (plain writing or editor HTML) as stored HTML, footnotes numbered
    through the report. Raises ValidationError naming the first section holding forbidden content."""
    clean = [sanitise(richtext.to_html(sections.get(s["key"], "")), section_title=s["title"]) for s in template]
    return [_clean(html) for html in richtext.number_footnotes(clean)]


def _attribute_kept(tag: str, name: str, value: str) -> str | None:
    """Attribute values the allow-list accepts: footnote ids and links to them, small spans, scopes."""
    if name == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    if name == "href" and not value.lower().startswith(("https:", "mailto:")):
        return value if value.startswith("#") and _FOOTNOTE_ID.fullmatch(value[1:]) else None
    if name in ("colspan", "rowspan"):
        return value if _SPAN.fullmatch(value) else None
    if name == "start":  # footnotes are numbered through the report, so a section's notes may start at 140
        return value if _START.fullmatch(value) else None
    if name == "scope":
        return value if value in ("row", "col", "rowgroup", "colgroup") else None
    return value


def clean_html(html: str) -> str:
    """The allow-list without refusal: for showing text that has not been saved."""
    return _clean(html or "")


def _clean(html: str) -> str:
    """The one allow-list every stored or published report HTML passes through."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=_attribute_kept,
                     url_schemes={"https", "mailto"}, link_rel="noopener noreferrer")


def _withdraw_approvals(case: Case, why: dict) -> int:
    return Approval.objects.filter(case=case, withdrawn_at=None).update(withdrawn_at=timezone.now(), withdrawn_why=why)


@transaction.atomic
def version_save(*, case: Case, by, sections: dict[str, str], note: str = "", based_on: int | None = None) -> ReportVersion:
    """Saves the report as a new version. Any approval of an earlier version is withdrawn."""
    _require(can_write(by, case))
    Case.objects.select_for_update().get(pk=case.pk)
    latest = latest_version(case)
    if latest is not None and based_on is not None and latest.number != based_on:
        raise problem("Version %(number)s was saved by someone else since you opened version "
                      "%(based_on)s. Nothing has been saved: compare the two, then make your changes to "
                      "the latest.", "stale", number=latest.number, based_on=based_on)
    template = template_sections(case)
    clean = [{"key": s["key"], "title": s["title"], "html": html}
             for s, html in zip(template, sanitise_sections(template, sections), strict=True)]
    if latest is not None and [s["html"] for s in clean] == [s.get("html", "") for s in latest.sections]:
        raise problem("Nothing has changed since the last version", "unchanged")
    number = (case.report_versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = ReportVersion.objects.create(case=case, number=number, sections=clean, note=note[:300], author=by)
    ReportDraft.objects.filter(case=case, author=by).delete()  # saved deliberately: the draft has done its job
    withdrawn = _withdraw_approvals(case, {"code": "version_saved", "version": number, "by": by.full_name,
                                           "note": note})
    _audit(by, case, version, "reports.version_saved_withdrawn" if withdrawn else "reports.version_saved",
           action=Action.CREATE, params={"version": number, "withdrawn": withdrawn})
    if withdrawn:
        notify(recipients=_partners(case), kind=Notification.Kind.REPORT_CHANGED, case=case, exclude=by,
               path=reverse("reports:overview", args=[case.reference]), ref=case.reference, version=number)
    return version


def _partners(case: Case):

    return User.objects.filter(is_active=True, role_assignments__partnership_id=case.partnership_id,
                               role_assignments__role__in=signers(case)).distinct()


@transaction.atomic
def comment_add(*, version: ReportVersion, by, section_key: str, text: str) -> SectionComment:
    case = version.case
    _require(can_write(by, case) or has_capability(by, case.partnership_id, "record_decision"))
    if version.section(section_key) is None:
        raise ValidationError({"section_key": problem("Choose a section of this version", "choose_a_section_of_this")})
    if not text.strip():
        raise ValidationError({"text": problem("Enter your comment", "enter_your_comment")})
    comment = SectionComment.objects.create(version=version, section_key=section_key, text=text.strip(), by=by)
    _audit(by, case, comment, "reports.commented", action=Action.CREATE,
           params={"section": version.section(section_key)["title"], "version": version.number})
    return comment


# --- Factual accuracy ---------------------------------------------------------------------------------


@transaction.atomic
def accuracy_round_send(*, case: Case, by, version: ReportVersion, audience: str, agencies, due_on: date) -> AccuracyRound:
    _require(is_business_unit(by, case))
    if version.case_id != case.pk:
        raise PermissionDenied
    if audience == AccuracyRound.Audience.AGENCIES and not agencies:
        raise ValidationError({"agencies": problem("Choose the agencies to check the facts",
                                                   "choose_the_agencies_to_check")})
    if due_on <= timezone.localdate():
        raise ValidationError({"due_on": problem("The date for comments must be in the future",
                                                 "the_date_for_comments_must")})
    accuracy_round = AccuracyRound.objects.create(version=version, audience=audience, sent_on=timezone.localdate(),
                                                  due_on=due_on, sent_by=by)
    accuracy_round.agencies.set(agencies)
    reps = [m.person for m in CaseMembership.objects.filter(
        case=case, role=CaseRole.AGENCY_REPRESENTATIVE, person__agency__in=list(agencies),
        person__is_active=True).select_related("person")]
    notify(recipients=reps, kind=Notification.Kind.FACT_CHECK_REQUESTED, case=case,
           path=reverse("reports:round", args=[case.reference, accuracy_round.pk]), ref=case.reference,
           version=version.number)
    _audit(by, case, accuracy_round, "reports.accuracy_sent", action=Action.CREATE,
           params={"version": version.number, "audience": accuracy_round.audience})
    return accuracy_round


@transaction.atomic
def accuracy_comment_add(*, accuracy_round: AccuracyRound, by, section_key: str, comment: str) -> AccuracyComment:
    _require(can_comment_on_round(by, accuracy_round))
    version = accuracy_round.version
    if version.section(section_key) is None:
        raise ValidationError({"section_key": problem("Choose a section of the draft", "choose_a_section_of_the")})
    if not comment.strip():
        raise ValidationError({"comment": problem("Enter your correction", "enter_your_correction")})
    made = AccuracyComment.objects.create(
        round=accuracy_round, section_key=section_key, comment=comment.strip(), by=by,
        agency=by.agency if accuracy_round.audience == AccuracyRound.Audience.AGENCIES else None)
    _audit(by, version.case, made, "reports.accuracy_comment", action=Action.CREATE,
           params={"section": version.section(section_key)["title"]})
    return made


@transaction.atomic
def accuracy_respond(*, comment: AccuracyComment, by, response: str) -> None:
    case = comment.round.version.case
    _require(can_write(by, case))
    if not response.strip():
        raise ValidationError({"response": problem("Enter your response", "enter_your_response")})
    comment.response, comment.responded_by, comment.responded_at = response.strip(), by, timezone.now()
    comment.save()
    _audit(by, case, comment, "reports.accuracy_response")


@transaction.atomic
def accuracy_round_close(*, accuracy_round: AccuracyRound, by) -> None:
    case = accuracy_round.version.case
    _require(is_business_unit(by, case))
    unanswered = accuracy_round.comments.filter(response="").count()
    if unanswered:
        if unanswered == 1:
            raise problem("1 comment has no response from the lead reviewer yet", "no_response_from_the_lead")
        raise problem("%(unanswered)s comments have no response from the lead reviewer yet",
                      "no_response_from_the_lead", unanswered=unanswered)
    accuracy_round.closed_on = timezone.localdate()
    accuracy_round.save(update_fields=["closed_on"])
    _audit(by, case, accuracy_round, "reports.accuracy_closed", params={"version": accuracy_round.version.number})


# --- Quality assurance, sign-off and publication decision ------------------------------------------------


@transaction.atomic
def quality_check_save(*, case: Case, by, marker: QualityMarker, met: bool, evidence: str) -> QualityCheck:
    _require(is_business_unit(by, case) or has_capability(by, case.partnership_id, "record_decision"))
    if marker.partnership_id != case.partnership_id:
        raise PermissionDenied
    if met and not evidence.strip():
        raise ValidationError({f"evidence_{marker.pk}": problem("Give the evidence that “%(text)s” is met",
                                                                "give_the_evidence_that_is", text=marker.text)})
    check, _ = QualityCheck.objects.update_or_create(case=case, marker=marker,
                                                     defaults={"met": met, "evidence": evidence.strip(), "by": by})
    _audit(by, case, check, "reports.marker_met" if met else "reports.marker_not_met", params={"marker": marker.text})
    return check


@transaction.atomic
def approval_record(*, case: Case, by, version: ReportVersion, comment: str = "") -> Approval:
    """One partner's approval: given by a person who holds that partner role as they approve,
    and who has not approved this version in any other role."""
    Case.objects.select_for_update().get(pk=case.pk)
    held = partner_roles_of(by, case)
    if not held:
        raise problem("Only %(approvers)s can approve the report", "not_partner",
                      approvers=" and ".join(f.approvers_words for f in frameworks.all_of(case)))
    latest = latest_version(case)
    if latest is None or version.pk != latest.pk:
        raise problem("Only the latest version can be approved: that is version %(latest)s",
                      "not_latest", latest=latest.number if latest else '—')
    live = {a.partner: a for a in Approval.objects.filter(version=version, withdrawn_at=None)}
    mine = next((a for a in live.values() if a.person_id == by.pk), None)
    if mine is not None:
        raise problem("You have already approved version %(number)s for the "
                      "%(partner)s. Each partner's approval must come from a "
                      "different person",
                      "same_person", number=version.number, partner=mine.get_partner_display().lower())
    open_roles = sorted(held - set(live))
    if not open_roles:
        partner = sorted(held)[0]
        raise problem("The %(label)s partner has already approved version %(number)s",
                      "duplicate", label=Approval.Partner(partner).label.lower(), number=version.number)
    partner = open_roles[0]
    approval = Approval.objects.create(case=case, version=version, partner=partner, person=by,
                                       approved_on=timezone.localdate(), comment=comment.strip())
    _audit(by, case, approval, "reports.approved", action=Action.STATE_CHANGE,
           params={"version": version.number, "partner": approval.partner})
    return approval


def approvals_withdraw_for_roles(*, person, partnership, roles: set[str], reason: str, by=None) -> int:
    """A partner role taken away takes the person's live approvals in that role with it."""
    withdrawn = 0
    for approval in Approval.objects.filter(person=person, case__partnership=partnership, withdrawn_at=None,
                                            partner__in=roles).select_related("case", "version"):
        Approval.objects.filter(pk=approval.pk).update(
            withdrawn_at=timezone.now(),
            withdrawn_why={"code": "role_taken", "name": person.full_name, "why": reason,
                           "by": by.full_name if by is not None else "", "partnership": partnership.short_name})
        audit_record(action=Action.STATE_CHANGE, actor=None, target=approval, case=approval.case,
                     partnership=partnership,
                     code="reports.approval_withdrawn_role",
                     params={"version": approval.version.number, "partner": approval.partner})
        withdrawn += 1
    return withdrawn


@transaction.atomic
def publication_decision_save(*, case: Case, by, form: str, reason: str = "", foreword: str = "", response: str = "",
                              glossary: str = "") -> PublicationDecision:
    _require(is_business_unit(by, case) or partner_role_of(by, case) is not None)
    if form == PublicationDecision.Form.NOT_PUBLISHED and not reason.strip():
        raise ValidationError({"reason": problem("Give the reason the report will not be published",
                                                 "give_the_reason_the_report")})
    bad_terms = [line for line in glossary.splitlines() if line.strip() and ":" not in line]
    if bad_terms:
        raise ValidationError({"glossary": problem("Write each term as “Term: what it "
                                                   "means” (“%(bad_terms)s” has no "
                                                   "colon)", "write_each_term_as_term", bad_terms=bad_terms[0][:40])})
    decision, _ = PublicationDecision.objects.update_or_create(
        case=case, defaults={"form": form, "reason": reason.strip(), "foreword": foreword.strip(),
                             "response": response.strip(), "glossary": glossary.strip(), "decided_by": by})
    _audit(by, case, decision, "reports.publication_decision", params={"form": decision.form})
    return decision


# --- Anonymisation and publication --------------------------------------------------------------------


def known_details(case: Case) -> anonymise.Known:
    """What the case records about real people, for the anonymisation check."""

    return _known(case, SubjectIdentity.objects.filter(subject__case=case).select_related("subject"),
                  case.memberships.select_related("person"),
                  case.partnership.agencies.filter(type=AgencyType.EDUCATION).values_list("name", flat=True))


def _known(case: Case, identities, memberships, schools) -> anonymise.Known:

    names, dates = [], []
    addresses = []
    for identity in identities:
        subject = identity.subject
        suggestion = case.pseudonym if subject.kind == SubjectKind.CHILD and case.pseudonym else (
            f"the child's {subject.relationship.lower()}" if subject.relationship else subject.label)
        names.append((identity.full_name, suggestion))
        names += [(alias.strip(), suggestion) for alias in identity.other_names.split(",") if alias.strip()]
        if identity.date_of_birth:
            dates.append((identity.date_of_birth, "[date of birth removed]"))
        if identity.address:
            addresses.append(identity.address)
    # A pseudonym is never flagged, unless it holds a recorded name: then it protects nothing.
    family_terms = [term.lower() for name, _ in names for term in anonymise.name_terms(name)]
    # Professionals: everyone who worked on the case in the service is named by role in a report.
    professionals = [(m.person.full_name, m.get_role_display().lower()) for m in memberships]
    pseudonyms = tuple(p for p in (case.pseudonym, case.pseudonym.split(" (")[0] if case.pseudonym else "")
                       if p and not any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", p.lower())
                                        for t in family_terms))
    return anonymise.Known(names=tuple(names), whole_names=tuple(professionals), dates_of_birth=tuple(dates),
                           addresses=tuple(addresses), schools=tuple(schools), pseudonyms=pseudonyms)


def kept_details(case: Case) -> frozenset[str]:
    """The findings a person decided may stay in what is published, with their reason."""
    return frozenset(case.redactions.filter(action=RedactionDecision.Action.ACCEPT).values_list("key", flat=True))


def unresolved_counts(cases: list[Case]) -> dict[int, int]:
    """How many anonymisation findings wait for a decision on each case's latest version: the
    same check as unresolved(), for many cases in a fixed number of queries."""
    from collections import defaultdict


    latest: dict[int, ReportVersion] = {}
    for version in ReportVersion.objects.filter(case__in=cases).order_by("case_id", "number"):
        latest[version.case_id] = version
    identities, memberships, schools, decided = defaultdict(list), defaultdict(list), defaultdict(list), \
        defaultdict(set)
    for identity in SubjectIdentity.objects.filter(subject__case__in=cases).select_related("subject"):
        identities[identity.subject.case_id].append(identity)
    for membership in CaseMembership.objects.filter(case__in=cases).select_related("person"):
        memberships[membership.case_id].append(membership)
    for partnership_id, name in Agency.objects.filter(partnership_id__in={c.partnership_id for c in cases},
                                                      type=AgencyType.EDUCATION).values_list("partnership_id", "name"):
        schools[partnership_id].append(name)
    for case_id, key in RedactionDecision.objects.filter(case__in=cases).values_list("case_id", "key"):
        decided[case_id].add(key)
    counts = {}
    for case in cases:
        version = latest.get(case.pk)
        if version is None:
            continue
        known = _known(case, identities[case.pk], memberships[case.pk], schools[case.partnership_id])
        counts[case.pk] = sum(1 for findings in _scan_sections(version.sections, known) for finding in findings
                              if finding.key not in decided[case.pk])
    return counts


def _scan_sections(sections: list[dict], known: anonymise.Known) -> list[list[anonymise.Finding]]:
    """Each section's findings; a name found in one section is found alone in the others."""
    return anonymise.scan_all([anonymise.mask_tags(section["html"]) for section in sections], known)


def findings_for(case: Case, version: ReportVersion) -> list[tuple[dict, anonymise.Finding]]:
    return [(section, finding) for section, findings in zip(
                version.sections, _scan_sections(version.sections, known_details(case)), strict=True)
            for finding in findings]


def unresolved(case: Case, version: ReportVersion) -> list[anonymise.Finding]:
    decided = set(case.redactions.values_list("key", flat=True))
    return [f for _, f in findings_for(case, version) if f.key not in decided]


def _decision_check(action: str, replacement: str, reason: str, many: bool = False) -> None:
    it, this = ("them", "these") if many else ("it", "this")
    if action == RedactionDecision.Action.REPLACE and not replacement.strip():
        raise ValidationError({"replacement": problem("Enter what to put in its place", "enter_what_to_put_in")})
    if action == RedactionDecision.Action.ACCEPT and not reason.strip():
        raise ValidationError({"reason": problem("Say why %(this)s can stay in the published report",
                                                 "say_why_can_stay_in", this=this)})
    if action not in RedactionDecision.Action.values:
        raise ValidationError({"action": problem("Choose to replace %(it)s or keep %(it)s",
                                                 "choose_to_replace_or_keep", it=it)})


@transaction.atomic
def redaction_decide(*, case: Case, by, key: str, kind: str, example: str, action: str, replacement: str = "",
                     reason: str = "") -> RedactionDecision:
    _require(can_write(by, case))
    _decision_check(action, replacement, reason)
    version = latest_version(case)
    occurrences = sum(1 for _, f in findings_for(case, version) if f.key == key) if version else 0
    decision, _ = RedactionDecision.objects.update_or_create(case=case, key=key, defaults={
        "kind": kind, "example": example[:200], "action": action, "replacement": replacement.strip(),
        "reason": reason.strip(), "occurrences": occurrences, "by": by})
    # The log names the kind and the decision, never the detail itself.
    _audit(by, case, decision, "reports.redaction_decided",
           params={"kind": kind, "action": decision.action, "occurrences": occurrences})
    return decision


@transaction.atomic
def redaction_decide_kind(*, case: Case, by, kind: str, action: str, replacement: str = "", reason: str = "") -> list[RedactionDecision]:
    """One decision for every finding of a kind not yet decided: "replace every address with 'the
    family home'". Findings already decided one by one keep their own decision."""
    _require(can_write(by, case))
    _decision_check(action, replacement, reason, many=True)
    version = latest_version(case)
    decided = set(case.redactions.values_list("key", flat=True))
    waiting: dict[str, list[anonymise.Finding]] = {}
    for _, finding in findings_for(case, version) if version else []:
        if finding.kind == kind and finding.key not in decided:
            waiting.setdefault(finding.key, []).append(finding)
    if not waiting:
        raise problem("Every finding of this kind has already been decided", "every_finding_of_this_kind")
    made = RedactionDecision.objects.bulk_create([
        RedactionDecision(case=case, key=key, kind=kind, example=found[0].text[:200], action=action,
                          replacement=replacement.strip(), reason=reason.strip(), occurrences=len(found), by=by,
                          for_whole_kind=True)
        for key, found in waiting.items()])
    # The log names the kind and the decision, never the details themselves.
    _audit(by, case, case, "reports.redaction_decided_kind",
           params={"kind": kind, "action": action, "findings": len(made),
                   "occurrences": sum(d.occurrences for d in made)})
    return made


def redacted_sections(case: Case, version: ReportVersion, known: anonymise.Known | None = None) -> list[dict]:
    """The sections with each decided detail replaced. A replacement is text a person typed, so it
    is escaped before it joins the HTML, and the result is sanitised again: published HTML is only
    ever sanitised HTML with escaped text in it."""
    replacements = {d.key: html.escape(d.replacement, quote=True)
                    for d in case.redactions.filter(action=RedactionDecision.Action.REPLACE)}
    known = known if known is not None else known_details(case)
    out = []
    for section, findings in zip(version.sections, _scan_sections(version.sections, known), strict=True):
        out.append({**section, "html": _clean(anonymise.replace_all(section["html"], findings, replacements))})
    return out


def _route_has(case: Case, milestone: str) -> bool:
    return bool(case.route_id) and case.route.stages.filter(milestone=milestone, active=True).exists()


def publication_problems(case: Case) -> list[Blocker]:
    """Everything that stands between the report and publication, each linked to its fix."""

    def at(name: str, *args) -> str:
        return reverse(name, args=[case.reference, *args])

    version = latest_version(case)
    if version is None:
        return [Blocker("Write the report first", at("reports:draft"))]
    problems = sign_off_blockers(case) + gates.blockers(gates.PUBLICATION, case)
    decision = getattr(case, "publication_decision", None)
    if decision is None:
        problems.append(Blocker("Record the publication decision", at("reports:decision")))
    elif decision.form == PublicationDecision.Form.NOT_PUBLISHED:
        problems.append(Blocker(f"The partners decided not to publish: {decision.reason}", at("reports:decision")))
    else:
        if not decision.response.strip():
            title = frameworks.of(case).response_title
            problems.append(Blocker(f"Write {title[0].lower()}{title[1:]}, which is published with the report",
                                    at("reports:decision")))
        if not any(s["html"].strip() for s in published_sections(decision.form, version.sections)):
            problems.append(Blocker(f"Nothing to publish as {decision.get_form_display().lower()}: write those "
                                    "sections of the report, or choose another form", at("reports:decision")))
    left = unresolved(case, version)
    if left:
        problems.append(Blocker(f"Resolve the {len(left)} {'finding' if len(left) == 1 else 'findings'} of the "
                                "anonymisation check", at("reports:anonymisation")))
    if _route_has(case, Milestone.PRE_PUBLICATION_NOTICE) and not case.milestones.filter(
            event=CaseEvent.NOTICE_SENT).exists():
        problems.append(Blocker("Record the pre-publication notice to the Panel and the Secretary of State first",
                                at("cases:detail")))
    held = case.parallel_processes.filter(open=True, holds_publication=True)
    for process in held:
        problems.append(Blocker(f"The {process.get_kind_display().lower()} is still open and holds publication",
                                at("reports:process", process.pk)))
    return problems


def _publish_checks(case: Case, published_on: date, review_on: date | None) -> date:
    """Everything that must hold to publish; run before the PDF is made and again under the lock."""
    problems = publication_problems(case)
    if problems:
        raise ValidationError(problems, code="blocked")
    staged = _route_has(case, Milestone.PUBLISHED)
    if staged and (case.stage is None or case.stage.milestone != Milestone.PUBLISHED):
        raise problem("The case must be at its “Published” stage: record "
                      "the pre-publication notice on the case page first", "stage")
    if not staged and (case.stage is None or case.stage.milestone not in (Milestone.APPROVED,
                                                                           Milestone.EMBEDDING_LEARNING)):
        raise problem("The partners sign off the learning first: the case must be at its “Approved” stage or later",
                      "stage")
    review_on = review_on or workdays.add_months(published_on, 12)
    if review_on < workdays.add_months(published_on, 12):
        raise ValidationError({"review_on": problem("Keep the report online for at least 12 months before reviewing it",
                                                    "keep_the_report_online_for")})
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": problem("Publication cannot be in the future",
                                                       "publication_cannot_be_in_the")})
    return review_on


@dataclass
class _Edition:
    """A report made ready to publish, before any row is locked: its PDF takes seconds to render."""

    version: ReportVersion
    title: str
    html: str
    pdf: bytes | None
    known: anonymise.Known


def _prepare(case: Case, *, published_on: date, review_on: date, correction: str = "",
             pdf: bool = True) -> _Edition:
    version = latest_version(case)
    known = known_details(case)
    document = published_document(case, version, redacted_sections(case, version, known),
                                  published_on=published_on, review_on=review_on, correction=correction)
    return _Edition(version, document.title, render.to_fragment(document), render.to_pdf(document) if pdf else None,
                    known)


def _still_current(case: Case, edition: _Edition, *, published_on: date, review_on: date,
                   correction: str = "") -> None:
    """Under the lock: the report rendered is the report as it now stands. If someone saved a
    version, changed a redaction or the partners' wording meanwhile, nothing is published."""
    again = _prepare(case, published_on=published_on, review_on=review_on, correction=correction, pdf=False)
    if (again.version.pk, again.html) != (edition.version.pk, edition.html):
        raise problem("The report changed while it was being prepared for publication. "
                      "Nothing has been published: check the report and publish again.", "stale")


def publish(*, case: Case, by, published_on: date, review_on: date | None = None, site_url: str) -> PublishedReport:
    """Publishes the approved, anonymised report and moves the case past its "published" stage.
    The PDF is rendered and checked for identifying details first; the case is then locked, the
    checks run again and the report is confirmed unchanged, in one short transaction."""

    _require(is_business_unit(by, case))
    review_on = _publish_checks(case, published_on, review_on)
    edition = _prepare(case, published_on=published_on, review_on=review_on)
    slug = slugify(f"{case.partnership.short_name}-{case.pseudonym}")[:100] or f"report-{case.pk}"
    publication = PublishedReport(
        case=case, version=edition.version, edition=1, slug=slug, title=edition.title,
        partnership_name=case.partnership.name, form=case.publication_decision.form, html=edition.html,
        pdf=edition.pdf, published_on=published_on, review_on=review_on, published_by=by)
    gate.refuse_if_identifying(publication, edition.known, kept_details(case))
    url = f"{site_url}{reverse('site:library-report', args=[slug])}"
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("partnership", "route", "stage").get(
            pk=case.pk)
        _publish_checks(case, published_on, review_on)
        _still_current(case, edition, published_on=published_on, review_on=review_on)
        if _route_has(case, Milestone.PUBLISHED):
            case_transition(case=case, name="advance", by=by,
                            data={"published_on": published_on, "publication_url": url,
                                  "note": "Published in the library", "publishing": True})
        else:
            # A local learning review has no Panel notice and no Published stage: its learning summary is
            # published once the partners have signed it off, and the date is kept for the yearly figures.
            publication_record(case, published_on)
        publication.case = case
        publication.save()
        _audit(by, case, publication, "reports.published", action=Action.STATE_CHANGE,
               params={"version": edition.version.number})
        local_report_record(publication)
    return publication


def correction_publish(*, publication: PublishedReport, by, note: str) -> PublishedReport:
    """A new edition of a published report, rendered before the case is locked like the first."""

    case = publication.case
    _require(is_business_unit(by, case))
    if not note.strip():
        raise ValidationError({"note": problem("Say what the correction is", "say_what_the_correction_is")})

    def unresolved_check():
        version = latest_version(case)
        left = unresolved(case, version)
        if left:
            raise problem("Resolve the %(count)s findings of the anonymisation check in version %(number)s first",
                          "resolve_the_findings_of_the", count=len(left), number=version.number)

    unresolved_check()
    latest = PublishedReport.objects.filter(slug=publication.slug).order_by("-edition").first()
    today = timezone.localdate()
    edition = _prepare(case, published_on=today, review_on=latest.review_on, correction=note.strip())
    corrected = PublishedReport(
        case=case, version=edition.version, edition=latest.edition + 1, slug=publication.slug, title=edition.title,
        partnership_name=publication.partnership_name, form=publication.form, html=edition.html, pdf=edition.pdf,
        published_on=today, review_on=latest.review_on, correction_note=note.strip(), published_by=by)
    gate.refuse_if_identifying(corrected, edition.known, kept_details(case))
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        unresolved_check()
        newest = PublishedReport.objects.filter(slug=publication.slug).order_by("-edition").first()
        if newest.pk != latest.pk:
            raise problem("Someone else published a correction while this one was being "
                          "prepared. Nothing has been published: check the report and try "
                          "again.", "stale")
        _still_current(case, edition, published_on=today, review_on=latest.review_on, correction=note.strip())
        corrected.save()
        _audit(by, case, corrected, "reports.correction_published", action=Action.CREATE,
               params={"edition": corrected.edition, "note": note.strip()})
        local_report_record(corrected)
    return corrected


# The sections each publication form keeps, by their keys in the partnership's report template.
SUMMARY_SECTIONS = ("introduction", "summary", "analysis", "learning", "improvements", "recommendations", "actions")
IMPROVEMENT_SECTIONS = ("improvements", "recommendations", "learning", "actions")


def published_sections(form: str, sections: list[dict]) -> list[dict]:
    """What the partners decided to publish: the whole report, an executive summary or the
    improvements only. A template without such sections publishes whole rather than nothing."""
    keep = {PublicationDecision.Form.SUMMARY: SUMMARY_SECTIONS,
            PublicationDecision.Form.IMPROVEMENTS: IMPROVEMENT_SECTIONS}.get(form)
    chosen = [s for s in sections if keep is None or s["key"] in keep]
    return chosen or sections


def published_document(case: Case, version: ReportVersion, sections: list[dict], *, published_on: date,
                       review_on: date, correction: str = ""):
    """The report as the public reads it, on the web and in the tagged PDF: a cover with the
    partnership's logo, the title, pseudonym and dates; a contents list; the partners' foreword;
    the sections the partners chose, their paragraphs numbered; their response; a glossary."""

    decision = case.publication_decision
    kind = case.route.name if case.route_id else "Case review"
    form_words = {PublicationDecision.Form.SUMMARY: "Executive summary",
                  PublicationDecision.Form.IMPROVEMENTS: "Summary of improvements"}.get(
        decision.form, "" if _route_has(case, Milestone.PUBLISHED) else "Learning summary")
    facts = [(frameworks.of(case).person.capitalize(), case.pseudonym), ("Published", format_date(published_on)),
             ("Date for review", format_date(review_on))]
    if correction:
        facts.append(("Corrected", correction))
    document = Document(title=f"{kind}: {case.pseudonym}", partnership=case.partnership.name,
                        logo=case.partnership.logo, logo_type=case.partnership.logo_type, subtitle=form_words,
                        marking="", cover=Cover(facts=facts), contents=True)
    if decision.foreword.strip():
        document.add(Heading("Foreword"), Para(decision.foreword.strip()))
    # A section left empty is left out of what the public reads.
    written = [s for s in published_sections(decision.form, sections) if s["html"].strip()]
    for number, section in enumerate(written, start=1):
        document.add(Heading(section["title"]), Html(section["html"], number=number))
    document.add(Heading(frameworks.of(case).response_title), Para(decision.response.strip()))
    terms = [line.split(":", 1) for line in decision.glossary.splitlines() if ":" in line]
    if terms:
        document.add(Heading("Glossary"), Table(["Term", "Meaning"], [[t.strip(), m.strip()] for t, m in terms]))
    return document


def report_document(case: Case, version: ReportVersion, *, sections: list[dict] | None = None):
    """A draft or a version of the report, for the review team."""

    kind = case.route.name if case.route_id else "Case review"
    title = f"{kind}: {case.pseudonym}"
    document = Document(title=title, partnership=case.partnership.name, logo=case.partnership.logo,
                        logo_type=case.partnership.logo_type, subtitle=f"Draft, version {version.number}",
                        marking="OFFICIAL-SENSITIVE: DRAFT")
    # Comments on the version go into Word as comments on their section's heading.
    comments: dict[str, list[tuple[str, str]]] = {}
    for comment in version.comments.select_related("by").order_by("at"):
        comments.setdefault(comment.section_key, []).append((comment.by.full_name, comment.text))
    for number, section in enumerate(sections or version.sections, start=1):
        document.add(Heading(section["title"], comments=comments.get(section["key"], [])))
        if section["html"].strip():
            document.add(Html(section["html"], number=number))
        else:
            document.add(Para(word_import.NOT_WRITTEN))
    return document


# --- The partnership's own templates and quality markers -------------------------------------------------


def _lines(text: str) -> list[tuple[str, str]]:
    """“Title: guidance” per line, the guidance optional."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _, guidance = line.partition(":")
        out.append((title.strip()[:200], guidance.strip()[:500]))
    return out


@transaction.atomic
def template_save(*, partnership, route_kind: str, by, text: str) -> ReportTemplate:
    """Sets a route's report sections. A section keeps its key while its title is unchanged, so
    comments and versions stay attached to it."""
    if not has_capability(by, partnership.pk, "manage_process_pack"):
        raise PermissionDenied
    lines = _lines(text)
    if not lines:
        raise ValidationError({"text": problem("A report needs at least one section", "a_report_needs_at_least")})
    titles = [title.lower() for title, _ in lines]
    if len(set(titles)) != len(titles):
        raise ValidationError({"text": problem("Two sections have the same title", "two_sections_have_the_same")})
    template, _ = ReportTemplate.objects.select_for_update().get_or_create(partnership=partnership,
                                                                          route_kind=route_kind)
    keys = {s["title"].lower(): s["key"] for s in template.sections}
    used: set[str] = set()
    sections = []
    for title, guidance in lines:
        key = keys.get(title.lower()) or slugify(title)[:50] or "section"
        while key in used:
            key = f"{key}-2"
        used.add(key)
        sections.append({"key": key, "title": title, "guidance": guidance})
    template.sections = sections
    template.save()
    audit_record(action=Action.UPDATE, actor=by, target=template, partnership=partnership,
                 code="reports.sections_changed", params={"route_kind": template.route_kind})
    return template


@transaction.atomic
def quality_markers_save(*, partnership, by, text: str, framework: str = "children") -> None:
    """Replaces the checklist: markers no longer listed are retired, not deleted, so past checks stay."""
    if not has_capability(by, partnership.pk, "manage_process_pack"):
        raise PermissionDenied
    lines = _lines(text)
    if not lines:
        raise ValidationError({"text": problem("The checklist needs at least one marker",
                                               "the_checklist_needs_at_least")})
    markers = partnership.quality_markers.filter(framework=framework)
    existing = {m.text.lower(): m for m in markers}
    keep = set()
    for order, (marker_text, guidance) in enumerate(lines):
        marker = existing.get(marker_text.lower())
        if marker is None:
            marker = QualityMarker(partnership=partnership, text=marker_text, framework=framework)
        marker.guidance, marker.order, marker.active = guidance, order, True
        marker.save()
        keep.add(marker.pk)
    markers.exclude(pk__in=keep).update(active=False)
    audit_record(action=Action.UPDATE, actor=by, partnership=partnership,
                 code="reports.markers_changed", params={"count": len(lines)})
