"""Writes for learning into practice. One transaction each, audited; notifications carry no names."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date
from difflib import SequenceMatcher

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from casereview.accounts.models import User
from casereview.audit.models import Action as AuditAction
from casereview.audit.services import audit_record
from casereview.cases.models import Case
from casereview.documents import file_checks, render, scanning
from casereview.documents.render import Document, Heading, Html
from casereview.govuk.wording import problem
from casereview.learning.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Briefing,
    CalendarFeed,
    Dissemination,
    Finding,
    Recommendation,
    Source,
)
from casereview.learning.themes import labels as theme_labels
from casereview.library.queries import panel_recommendations, panel_reports
from casereview.library.services import case_themes_refresh, local_briefing_record, themes_retrain_later
from casereview.notifications.models import Notification
from casereview.notifications.services import notify
from casereview.partnerships.access import has_capability
from casereview.partnerships.models import RoleAssignment
from casereview.reports import anonymise, gate
from casereview.reports.richtext import to_html
from casereview.reports.services import kept_details, known_details, sanitise


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _manages(user, case: Case) -> bool:
    return has_capability(user, case.partnership_id, "manage_learning")


def _audit(by, case, target, code: str, action=AuditAction.UPDATE, partnership=None, params=None):
    audit_record(action=action, actor=by, target=target, case=case,
                 partnership=case.partnership if case is not None else partnership, code=code, params=params)


def _briefing_audit(by, briefing: Briefing, code: str, action=AuditAction.UPDATE) -> None:
    _audit(by, briefing.case, briefing, code, action, partnership=briefing.partnership,
           params={"kind": briefing.kind})


@transaction.atomic
def finding_add(*, case: Case, by, text: str, themes: list[str]) -> Finding:
    _require(_manages(by, case))
    if not text.strip():
        raise ValidationError({"text": problem("Enter the finding", "enter_the_finding")})
    known = theme_labels()
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise ValidationError({"themes": problem("Choose themes from the list", "choose_themes_from_the_list")})
    number = (case.findings.aggregate(m=Max("number"))["m"] or 0) + 1
    finding = Finding.objects.create(case=case, number=number, text=text.strip(), themes=themes, created_by=by)
    _audit(by, case, finding, "learning.finding_recorded", AuditAction.CREATE, params={"number": number})

    case_themes_refresh(case, list(case.briefings.filter(status=Briefing.Status.PUBLISHED)
                                   .values_list("slug", flat=True)))
    if themes:
        themes_retrain_later()  # a reviewer's coding teaches the suggester how practice is described
    return finding


_WORD = re.compile(r"[a-z]+")
_COMMON = {"the", "and", "of", "to", "a", "in", "for", "that", "is", "be", "should", "with", "on", "all", "are",
           "by", "their", "this", "as", "will", "when", "from", "partnership", "agencies", "ensure"}


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _COMMON]


def similarity(a: str, b: str) -> float:
    """Word overlap and word order together: high for a reworded version of the same recommendation."""
    wa, wb = set(_words(a)), set(_words(b))
    if not wa or not wb:
        return 0.0
    overlap = len(wa & wb) / len(wa | wb)
    order = SequenceMatcher(None, " ".join(_words(a)), " ".join(_words(b))).ratio()
    return round((overlap + order) / 2, 3)


REPEAT_THRESHOLD = 0.45


def similar_recommendations(*, partnership_id: int, text: str, exclude_case_id: int | None = None):
    """Earlier recommendations in the partnership that resemble this text, most similar first."""
    earlier = (Recommendation.objects.filter(case__partnership_id=partnership_id)
               .exclude(case_id=exclude_case_id).select_related("case").prefetch_related("actions"))
    scored = [(similarity(text, r.text), r) for r in earlier]
    return [(score, r) for score, r in sorted(scored, key=lambda pair: -pair[0]) if score >= REPEAT_THRESHOLD]


def similar_national_recommendations(text: str, exclude_document_id: int | None = None) -> list:
    """The National Panel's recommendations (as recorded on its reports in the library) that resemble
    this text, most similar first, as (score, report, the Panel's words). A local recommendation taken
    from a report is not a repeat of that report's own."""

    scored = [(similarity(text, said), document) + (said,) for document, said in panel_recommendations()
              if document.pk != exclude_document_id]
    return sorted((s for s in scored if s[0] >= REPEAT_THRESHOLD), key=lambda s: (-s[0], s[1].pk))


@transaction.atomic
def recommendation_add(*, case: Case, by, text: str, finding: Finding | None = None, source: str = "review",
                       source_detail: str = "", library_document=None) -> Recommendation:

    _require(_manages(by, case))
    if not text.strip():
        raise ValidationError({"text": problem("Enter the recommendation", "enter_the_recommendation")})
    if finding is not None and finding.case_id != case.pk:
        raise ValidationError({"finding": problem("Choose a finding of this case", "choose_a_finding_of_this")})
    if source == Source.LIBRARY and library_document is None:
        raise ValidationError({"library_document": problem("Choose the National Panel report it comes from",
                                                           "choose_the_national_panel_report")})
    if library_document is not None:
        if source != Source.LIBRARY:
            raise ValidationError({"library_document": problem("Choose a National Panel report only "
                                                               "when the recommendation comes from "
                                                               "one", "choose_a_national_panel_report")})
        if not panel_reports().filter(pk=library_document.pk).exists():
            raise ValidationError({"library_document": problem("Choose one of the National "
                                                               "Panel's reports in the "
                                                               "library", "choose_one_of_the_national")})
    made = Recommendation.objects.create(case=case, finding=finding, text=text.strip(), source=source,
                                         source_detail=source_detail.strip(), library_document=library_document,
                                         created_by=by)
    _audit(by, case, made, "learning.recommendation_recorded", AuditAction.CREATE)
    return made


def eligible_leads(case: Case, agency):

    return User.objects.filter(is_active=True, agency=agency, role_assignments__partnership_id=case.partnership_id
                               ).distinct().order_by("full_name")


@transaction.atomic
def action_add(*, recommendation: Recommendation, by, description: str, agency, lead, start_on: date, due_on: date,
               success_measure: str) -> Action:
    case = recommendation.case
    _require(_manages(by, case))
    if agency.partnership_id != case.partnership_id:
        raise ValidationError({"agency": problem("Choose one of the partnership's agencies",
                                                 "choose_one_of_the_partnership")})
    if not eligible_leads(case, agency).filter(pk=lead.pk).exists():
        raise ValidationError({"lead": problem("The lead must work for %(agency)s and hold a role in the partnership",
                                               "the_lead_must_work_for", agency=agency.name)})
    if due_on < start_on:
        raise ValidationError({"due_on": problem("The due date must be after the start date", "the_due_date_must_be")})
    if not success_measure.strip():
        raise ValidationError({"success_measure": problem("Say how success will be measured",
                                                          "say_how_success_will_be")})
    action = Action.objects.create(recommendation=recommendation, description=description.strip(), agency=agency,
                                   lead=lead, start_on=start_on, due_on=due_on,
                                   success_measure=success_measure.strip(), created_by=by)
    notify(recipients=[lead], kind=Notification.Kind.ACTION_ASSIGNED, case=case, exclude=by,
           path=reverse("learning:action", args=[action.pk]), ref=case.reference, agency=agency.name, due_on=due_on)
    _audit(by, case, action, "learning.action_assigned", AuditAction.CREATE, params={"agency": agency.name})
    return action


def can_update(user, action: Action) -> bool:
    case = action.recommendation.case
    lead = action.lead_id == user.pk and has_capability(user, case.partnership_id, "refer_case")
    return lead or _manages(user, case)


@transaction.atomic
def action_update_add(*, action: Action, by, text: str, impact: bool = False, upload=None, mark_done: bool = False) -> ActionUpdate:
    _require(can_update(by, action))
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status == ActionStatus.ASSURED:
        raise problem("This action has been assured and is closed", "this_action_has_been_assured")
    if not text.strip():
        raise ValidationError({"text": problem("Describe the progress", "describe_the_progress")})
    update = ActionUpdate(action=action, text=text.strip(), impact=impact, by=by)
    if upload is not None:
        content = upload.read(5 * 1024 * 1024 + 1)
        if len(content) > 5 * 1024 * 1024:
            raise ValidationError({"file": problem("The file must be smaller than 5 MB", "the_file_must_be_smaller")})
        scanning.refuse_malware(content)
        detected = file_checks.detected_type(content)
        if detected is None:
            raise ValidationError({"file": problem("Upload a PDF, Word, Excel, PNG or JPEG file",
                                                   "upload_a_pdf_word_excel")})
        kind, extension = detected
        # The name shown keeps the uploader's words but takes the extension of what the file is.
        stem = re.sub(r"[^\w\- ]", "", upload.name.rsplit(".", 1)[0])[:190] or "evidence"
        update.file_name = f"{stem}.{extension}"
        update.file_type = kind
        update.file.save("evidence", ContentFile(content), save=False)
    update.save()
    if action.status == ActionStatus.NOT_STARTED:
        action.status = ActionStatus.IN_PROGRESS
    if mark_done:
        action.status, action.done_on = ActionStatus.DONE, timezone.localdate()
    action.lock_version += 1
    action.save()
    _audit(by, action.recommendation.case, update, "learning.action_done" if mark_done else "learning.action_progress",
           AuditAction.CREATE, params={"agency": action.agency.name})
    return update


@transaction.atomic
def action_assure(*, action: Action, by) -> Action:
    case = action.recommendation.case
    _require(has_capability(by, case.partnership_id, "assure_actions"))
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != ActionStatus.DONE:
        raise problem("Only an action marked done can be assured", "only_an_action_marked_done")
    if not action.updates.filter(impact=True).exists():
        raise problem("Assure an action only when there is evidence of its impact on practice",
                      "assure_an_action_only_when")
    action.status, action.assured_on, action.assured_by = ActionStatus.ASSURED, timezone.localdate(), by
    action.save()
    _audit(by, case, action, "learning.action_assured", AuditAction.STATE_CHANGE,
           params={"agency": action.agency.name})
    return action


# --- Briefings ------------------------------------------------------------------------------


def briefing_draft_sections(case: Case, kind: str) -> dict:
    """A starting draft from the review's own data, for the author to edit."""
    findings = list(case.findings.all())
    recommendations = list(case.recommendations.all())
    decision = case.decisions.select_related("route").first()
    sections = {
        "background": f"{case.pseudonym}: {decision.route.name.lower() if decision else 'a case review'} by "
                      f"{case.partnership.name}.",
        "key_learning": "\n".join(f"- {f.text}" for f in findings),
        "what_to_do": "\n".join(f"- {r.text}" for r in recommendations),
        "findings": "\n".join(f"- {f.text}" for f in findings),
        "practice": "\n".join(f"- {r.text}" for r in recommendations),
    }
    from casereview.learning.models import PRACTITIONER_HEADINGS, SEVEN_MINUTE_HEADINGS

    keys = [k for k, _ in (SEVEN_MINUTE_HEADINGS if kind == Briefing.Kind.SEVEN_MINUTE else PRACTITIONER_HEADINGS)]
    return {key: sections.get(key, "") for key in keys}


def briefing_draft_from_report(document, kind: str) -> dict:
    """A starting draft from a library report's summary, key messages and recommendations."""
    from casereview.learning.models import PRACTITIONER_HEADINGS, SEVEN_MINUTE_HEADINGS

    messages = "\n".join(f"- {m}" for m in document.key_messages)
    asks = "\n".join(f"- {r}" for r in document.recommendations)
    about = f"{document.title}, published by {document.publisher} in {document.published_year}."
    sections = {
        "background": about, "summary": about, "what_happened": document.summary, "the_case": document.summary,
        "key_learning": messages, "findings": messages, "what_to_do": asks, "practice": asks,
        "further_reading": document.source_url or "", "resources": document.source_url or "",
    }
    keys = [k for k, _ in (SEVEN_MINUTE_HEADINGS if kind == Briefing.Kind.SEVEN_MINUTE else PRACTITIONER_HEADINGS)]
    return {key: sections.get(key, "") for key in keys}


@transaction.atomic
def briefing_save(*, case: Case | None = None, partnership=None, source=None, by, kind: str, title: str,
                  sections: dict, briefing: Briefing | None = None, expected_version: int | None = None) -> Briefing:
    """Saves a briefing on a local case, or (with `partnership` and `source`) on a report in the
    library, such as a National Panel report, with no local case."""
    partnership = case.partnership if case is not None else partnership
    if partnership is None:
        raise ValueError("A briefing belongs to a case or to a partnership")
    _require(has_capability(by, partnership.pk, "manage_learning"))
    if not title.strip():
        raise ValidationError({"title": problem("Enter a title", "enter_a_title")})
    if briefing is None:
        briefing = Briefing(case=case, partnership=partnership, source=source, kind=kind, created_by=by)
    else:
        briefing = Briefing.objects.select_for_update().get(pk=briefing.pk, partnership=partnership)
        if briefing.status == Briefing.Status.PUBLISHED:
            raise problem("A published briefing cannot be changed", "a_published_briefing_cannot_be")
        if expected_version is not None and briefing.lock_version != expected_version:
            raise problem("Someone else changed this briefing since you opened it. Nothing has been saved.", "stale")
        briefing.lock_version += 1
        briefing.status, briefing.approved_by, briefing.approved_on = Briefing.Status.DRAFT, None, None
    briefing.title = title.strip()
    briefing.sections = {k: str(v or "") for k, v in sections.items() if k in dict(briefing.headings)}
    briefing.save()
    _briefing_audit(by, briefing, "learning.briefing_saved")
    return briefing


def briefing_document(briefing: Briefing):

    partnership = briefing.partnership
    subtitle = briefing.get_kind_display() + (f" on {briefing.source.title}" if briefing.source_id else "")
    document = Document(title=briefing.title, partnership=partnership.name, marking="", subtitle=subtitle,
                        logo=partnership.logo, logo_type=partnership.logo_type)
    for key, heading in briefing.headings:
        text = briefing.sections.get(key, "").strip()
        if text:
            document.add(Heading(heading), Html(sanitise(to_html(text), section_title=heading)))
    return document


@transaction.atomic
def briefing_approve(*, briefing: Briefing, by) -> Briefing:
    _require(has_capability(by, briefing.partnership_id, "assure_actions"))
    if briefing.status != Briefing.Status.DRAFT:
        raise problem("Only a draft can be approved", "only_a_draft_can_be")
    missing = [h for k, h in briefing.headings if not briefing.sections.get(k, "").strip() and k != "further_reading"]
    if missing:
        raise ValidationError([f"Write “{h}” before approving" for h in missing])
    briefing.status, briefing.approved_by, briefing.approved_on = Briefing.Status.APPROVED, by, timezone.localdate()
    briefing.save()
    _briefing_audit(by, briefing, "learning.briefing_approved",
                    AuditAction.STATE_CHANGE)
    return briefing


def _public_in_source(source) -> frozenset[str]:
    """What a cited report names in its own title, summary and messages: "baby Victoria Marten" in
    the title of the National Panel's review is public, and a briefing on it may repeat it."""

    if source is None:
        return frozenset()
    text = "\n".join([source.title, source.summary, *source.key_messages, *source.recommendations])
    public = set()
    for finding in anonymise.scan(text, anonymise.Known()):
        if not finding.recorded:
            # The whole name, and each of its parts, which the check also looks for alone.
            public |= {finding.key, *(f"{finding.kind}:{anonymise.normalise(part)}" for part in finding.text.split())}
    return frozenset(public)


@transaction.atomic
def briefing_publish(*, briefing: Briefing, by) -> Briefing:
    """Puts an approved briefing in the public library. Every field that goes public (title,
    sections, address, page and PDF with its metadata) passes the anonymisation gate first; the
    address is made only from the title once the title has passed."""

    case, partnership = briefing.case, briefing.partnership
    _require(has_capability(by, partnership.pk, "manage_learning"))
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if briefing.status != Briefing.Status.APPROVED:
        raise problem("Approve the briefing before publishing it", "approve_the_briefing_before_publishing")
    # Without a local case nothing is recorded about a family: the check still finds names,
    # addresses and settings nobody recorded, except those the cited report itself made public.
    known, kept = ((known_details(case), kept_details(case)) if case is not None
                   else (anonymise.Known(), _public_in_source(briefing.source)))
    in_title = [f for f in anonymise.scan(briefing.title, known) if f.recorded or f.key not in kept]
    if in_title:
        raise ValidationError([f"The title contains a {f.kind_label.lower()} (“{f.text}”): change the title, "
                               "then publish again" for f in in_title[:5]], code="identifying")
    document = briefing_document(briefing)
    briefing.slug = slugify(f"{partnership.short_name}-{briefing.title}")[:110]
    briefing.published_on = timezone.localdate()
    briefing.published_html, briefing.published_pdf = render.to_fragment(document), render.to_pdf(document)
    briefing.partnership_name = partnership.name
    briefing.status = Briefing.Status.PUBLISHED
    gate.refuse_if_identifying(briefing, known, kept)
    briefing.save()
    _briefing_audit(by, briefing, "learning.briefing_published",
                    AuditAction.STATE_CHANGE)

    local_briefing_record(briefing)
    return briefing


@transaction.atomic
def dissemination_add(*, briefing: Briefing, by, kind: str, on: date, agency=None, team: str = "",
                      attendance: int = 0, responses: int = 0, changed: str = "") -> Dissemination:
    _require(has_capability(by, briefing.partnership_id, "manage_learning"))
    if agency is not None and agency.partnership_id != briefing.partnership_id:
        raise ValidationError({"agency": problem("Choose one of the partnership's agencies",
                                                 "choose_one_of_the_partnership")})
    if briefing.status == Briefing.Status.DRAFT:
        raise problem("Approve the briefing before sending it out", "approve_the_briefing_before_sending")
    if kind in (Dissemination.Kind.SENT, Dissemination.Kind.ACKNOWLEDGED) and agency is None:
        raise ValidationError({"agency": problem("Choose the agency", "choose_the_agency")})
    if kind == Dissemination.Kind.SURVEY and not changed.strip():
        raise ValidationError({"changed": problem("Say what the survey found had changed",
                                                  "say_what_the_survey_found")})
    if on > timezone.localdate():
        raise ValidationError({"on": problem("The date must be today or in the past", "the_date_must_be_today")})
    made = Dissemination.objects.create(briefing=briefing, kind=kind, on=on, agency=agency, team=team.strip(),
                                        attendance=attendance, responses=responses, changed=changed.strip(),
                                        recorded_by=by)
    _audit(by, briefing.case, made, "learning.disseminated", AuditAction.CREATE, partnership=briefing.partnership,
           params={"kind": made.kind})
    return made


# --- Calendar feeds ---------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, person) -> str:
    """A new secret link; any earlier one stops working. Returns the token, shown once."""
    CalendarFeed.objects.filter(person=person, revoked_at=None).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(person=person, token_hash=_hash(token))
    audit_record(action=AuditAction.CREATE, actor=person, code="learning.calendar_created")
    return token


@transaction.atomic
def calendar_feed_revoke(*, person) -> int:
    count = CalendarFeed.objects.filter(person=person, revoked_at=None).update(revoked_at=timezone.now())
    audit_record(action=AuditAction.DELETE, actor=person, code="learning.calendar_revoked")
    return count


def calendar_feed_person(token: str):
    feed = CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at=None).select_related("person").first()
    if feed is None or not feed.person.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.person


def partner_roles(user, partnership_id: int) -> set[str]:
    return set(RoleAssignment.objects.filter(person=user, partnership_id=partnership_id).values_list("role", flat=True))
