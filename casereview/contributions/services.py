"""Writes for agency contributions. Each is one transaction and writes its audit event;
people are told through notifications that carry a link and never a name."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.cases.models import Case, CaseMembership, CaseRole
from casereview.contributions import rules, spreadsheets
from casereview.contributions.documents import missing_fields
from casereview.contributions.duplicates import flag_entries
from casereview.contributions.models import (
    MERGED,
    RULE_KEYS,
    AgencyRequest,
    ChronologyEntry,
    ChronologyRelease,
    EntryAnnotation,
    EntryFlag,
    RequestInvitation,
    RequestKind,
    RequestStatus,
    Submission,
    Upload,
    due_words,
)
from casereview.documents import scanning
from casereview.govuk.formatting import format_date
from casereview.govuk.wording import problem
from casereview.notifications.models import Notification
from casereview.notifications.services import business_unit, notify
from casereview.partnerships.access import CAPABILITIES
from casereview.partnerships.models import Agency, Role
from casereview.partnerships.services import invitation_create
from casereview.process.calendar import closed_days
from casereview.process.clocks import deadline
from casereview.process.models import ClockRule

ENTRY_FIELDS = ("on", "precision", "uncertain", "at", "source", "practitioner_role", "event", "child_seen",
                "child_voice", "action", "no_action_reason", "outcome", "significance")


def _stale(what: str) -> ValidationError:
    return problem("Someone else changed this %(what)s since you opened it. Nothing of yours has been overwritten.",
                   "stale", what=what)


def _said(agency_request: AgencyRequest) -> dict:
    """What the audit log keeps to name a request: its agency and its kind (contributions.wording)."""
    return {"agency": agency_request.agency.name, "kind": agency_request.kind}


def _request_path(agency_request: AgencyRequest) -> str:
    return reverse("contributions:request", args=[agency_request.pk])


def due_date_for(case: Case, kind: str, sent_on: date) -> tuple[date, ClockRule | None, str]:
    rule = ClockRule.objects.current().filter(partnership_id=case.partnership_id, key=RULE_KEYS[kind]).first()
    if rule is None:  # a partnership that deleted its rule still gets a sensible date
        return sent_on, None, due_words(None, sent_on, sent_on)
    result = deadline(rule=rule, anchor_on=sent_on, holds=[], closed=closed_days(case.partnership_id),
                      today=sent_on)
    return result.due_on, rule, due_words(rule, sent_on, result.due_on)


def eligible_contributors(case: Case, agency: Agency):
    """People in that agency who hold a role in the partnership and may contribute."""

    return User.objects.filter(is_active=True, agency=agency, role_assignments__partnership_id=case.partnership_id,
                               role_assignments__role__in=CAPABILITIES["refer_case"]).distinct().order_by("full_name")


@transaction.atomic
def requests_preview(*, case: Case, kind: str, contributors: dict[int, list[User]],
                     invited: dict[int, list[tuple[str, str]]] | None = None) -> list[dict]:
    """What will be sent, agency by agency, with the due date each recipient will be given: shown to
    the business unit before anything is sent."""
    due_on, _, explanation = due_date_for(case, kind, timezone.localdate())
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=set(contributors) | set(invited or {}),
                                                       partnership_id=case.partnership_id)}
    rows = []
    for agency_id in sorted(agencies, key=lambda pk: agencies[pk].name):
        people = [p.full_name for p in contributors.get(agency_id, [])]
        people += [f"{name} ({email}), invited to join" for name, email in (invited or {}).get(agency_id, [])]
        rows.append({"agency": agencies[agency_id], "people": people, "due_on": due_on, "explanation": explanation})
    return rows


@transaction.atomic
def requests_send(*, case: Case, by: User, kind: str, contributors: dict[int, list[User]], instructions: str,
                  lines_of_enquiry: str = "", scope_start: date | None = None, scope_end: date | None = None,
                  invited: dict[int, list[tuple[str, str]]] | None = None) -> list[AgencyRequest]:
    """Sends one request of a kind to each agency named in ``contributors`` (agency id -> people).
    An agency with nobody in the service is asked through ``invited`` (agency id -> [(name, email)]):
    each person is invited as that agency's representative, and the request waits for them."""
    if not rules.can_manage_requests(by, case):
        raise PermissionDenied
    if kind not in RequestKind.values:
        raise ValidationError({"kind": problem("Choose what you are asking for", "choose_what_you_are_asking")})
    invited = invited or {}
    if not contributors and not invited:
        raise ValidationError({"agencies": problem("Choose at least one agency", "choose_at_least_one_agency")})
    contributors = {**{agency_id: [] for agency_id in invited}, **contributors}
    if scope_start and scope_end and scope_end < scope_start:
        raise ValidationError({"scope_end": problem("The end of the scope period must be after its start",
                                                    "the_end_of_the_scope")})
    today = timezone.localdate()
    due_on, rule, _words = due_date_for(case, kind, today)
    made = []
    for agency_id, people in contributors.items():
        agency = Agency.objects.get(pk=agency_id, partnership_id=case.partnership_id)
        if not people and not invited.get(agency_id):
            raise ValidationError({"agencies": problem("Name at least one contributor at %(agency)s",
                                                       "name_at_least_one_contributor", agency=agency.name)})
        allowed = set(eligible_contributors(case, agency).values_list("pk", flat=True))
        if any(person.pk not in allowed for person in people):
            raise ValidationError({"agencies": problem("Contributors must work for "
                                                       "%(agency)s and hold a role in the "
                                                       "partnership",
                                                       "contributors_must_work_for_and", agency=agency.name)})
        if AgencyRequest.objects.filter(case=case, agency=agency, kind=kind).exists():
            raise ValidationError({"agencies": problem("%(agency)s has already been asked for this. "
                                                       "Return their submission for more instead.",
                                                       "has_already_been_asked_for", agency=agency.name)})
        agency_request = AgencyRequest.objects.create(
            case=case, agency=agency, kind=kind, instructions=instructions, lines_of_enquiry=lines_of_enquiry,
            scope_start=scope_start, scope_end=scope_end, sent_on=today, due_on=due_on, rule=rule,
            created_by=by)
        agency_request.contributors.set(people)
        Submission.objects.create(request=agency_request, version=1)
        audit_record(action=Action.CREATE, actor=by, target=agency_request, case=case,
                     partnership=case.partnership,
                     code="contributions.asked",
                     params={"agency": agency.name, "kind": kind, "due_on": due_on.isoformat()})
        notify(recipients=people, kind=Notification.Kind.NEW_REQUEST, case=case, path=_request_path(agency_request),
               partnership=case.partnership.short_name, request_kind=agency_request.kind, due_on=due_on)
        _invite_for(agency_request, invited.get(agency_id, []), by=by)
        made.append(agency_request)
    return made


def _invite_for(agency_request: AgencyRequest, people: list[tuple[str, str]], *, by: User) -> None:

    for full_name, email in people:
        if not full_name.strip() or not email.strip():
            raise ValidationError({"invite_email": problem("Give the name and email address of the person to invite",
                                                           "give_the_name_and_email")})
        invitation = invitation_create(partnership=agency_request.case.partnership, email=email,
                                       full_name=full_name, agency=agency_request.agency,
                                       roles=[Role.AGENCY_REPRESENTATIVE], by=by)
        RequestInvitation.objects.create(request=agency_request, invitation=invitation)


@transaction.atomic
def invited_contributor_join(*, invitation, person: User) -> list[AgencyRequest]:
    """The invited person becomes a contributor of the request that invited them, and a
    representative on that case only."""

    joined = []
    for link in RequestInvitation.objects.filter(invitation=invitation).select_related("request__case"):
        agency_request = link.request
        agency_request.contributors.add(person)
        CaseMembership.objects.get_or_create(case=agency_request.case, person=person,
                                             defaults={"role": CaseRole.AGENCY_REPRESENTATIVE,
                                                       "added_by": invitation.created_by})
        audit_record(action=Action.UPDATE, actor=person, target=agency_request, case=agency_request.case,
                     partnership_id=agency_request.case.partnership_id,
                     code="contributions.joined", params={"agency": agency_request.agency.name})
        joined.append(agency_request)
    return joined


@transaction.atomic
def request_chase(*, agency_request: AgencyRequest, by: User) -> AgencyRequest:
    """The business unit's reminder to an agency: sent to the named contributors, and recorded."""
    agency_request = AgencyRequest.objects.select_for_update().select_related("case", "agency").get(
        pk=agency_request.pk)
    case = agency_request.case
    if not rules.can_manage_requests(by, case):
        raise PermissionDenied
    if agency_request.status == RequestStatus.SUBMITTED:
        raise problem("This request has been answered: there is nothing to chase", "this_request_has_been_answered")
    people = list(agency_request.contributors.filter(is_active=True))
    if not people:
        raise problem("Nobody at %(agency)s is named on this request yet: add a contributor first",
                      "nobody", agency=agency_request.agency.name)
    today = timezone.localdate()
    notify(recipients=people, kind=Notification.Kind.REQUEST_CHASED, case=case, path=_request_path(agency_request),
           partnership=case.partnership.short_name, request_kind=agency_request.kind, ref=case.reference,
           late=agency_request.due_on < today, due_on=agency_request.due_on)
    agency_request.chased_on, agency_request.chase_count = today, agency_request.chase_count + 1
    agency_request.save(update_fields=["chased_on", "chase_count"])
    audit_record(action=Action.UPDATE, actor=by, target=agency_request, case=case,
                 partnership=case.partnership,
                 code="contributions.chased", params={**_said(agency_request), "count": agency_request.chase_count})
    return agency_request


@transaction.atomic
def request_due_change(*, agency_request: AgencyRequest, by: User, due_on: date, reason: str,
                       expected_version: int | None = None) -> AgencyRequest:
    """A new due date, agreed with the agency: the reason is kept on the request and in the audit log,
    and the contributors are told."""
    agency_request = AgencyRequest.objects.select_for_update().select_related("case", "agency").get(
        pk=agency_request.pk)
    case = agency_request.case
    if not rules.can_manage_requests(by, case):
        raise PermissionDenied
    if expected_version is not None and agency_request.lock_version != expected_version:
        raise _stale("request")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": problem("Say why the due date is changing", "say_why_the_due_date")})
    if due_on < agency_request.sent_on:
        raise ValidationError({"due_on": problem("The due date cannot be before the request was sent on %(sent_on)s",
                                                 "the_due_date_cannot_be",
                                                 sent_on=format_date(agency_request.sent_on))})
    if due_on == agency_request.due_on:
        raise ValidationError({"due_on": problem("That is the due date already: enter the new one",
                                                 "that_is_the_due_date")})
    before = agency_request.due_on
    agency_request.due_on = due_on
    agency_request.explanation_kept = ""
    agency_request.due_change = {"before_on": before.isoformat(), "after_on": due_on.isoformat(),
                                 "by": by.full_name, "reason": reason}
    # A new date earns the automatic reminders again.
    agency_request.reminded_on = agency_request.overdue_notified_on = agency_request.escalated_on = None
    agency_request.lock_version += 1
    agency_request.save()
    audit_record(action=Action.UPDATE, actor=by, target=agency_request, case=case,
                 partnership=case.partnership, changes={"due_on": [str(before), str(due_on)], "reason": reason},
                 code="contributions.due_changed",
                 params={**_said(agency_request), "before_on": before.isoformat(), "after_on": due_on.isoformat()})
    notify(recipients=agency_request.contributors.filter(is_active=True), kind=Notification.Kind.REQUEST_DUE_CHANGED,
           case=case, path=_request_path(agency_request), request_kind=agency_request.kind, ref=case.reference,
           due_on=due_on)
    return agency_request


def current_submission(agency_request: AgencyRequest) -> Submission:
    return agency_request.submissions.order_by("-version").first()


def _draft_for(by: User, submission: Submission, expected_version: int | None = None) -> Submission:
    submission = Submission.objects.select_for_update().select_related("request", "request__case").get(
        pk=submission.pk)
    if not rules.is_contributor(by, submission.request):
        raise PermissionDenied
    if not submission.editable:
        raise problem("This version has been submitted and can no longer be changed.", "submitted")
    if expected_version is not None and submission.lock_version != expected_version:
        raise _stale("return")
    return submission


def _touch(submission: Submission) -> None:
    submission.lock_version += 1
    submission.save()
    agency_request = submission.request
    if agency_request.status in (RequestStatus.NOT_STARTED, RequestStatus.RETURNED):
        AgencyRequest.objects.filter(pk=agency_request.pk).update(status=RequestStatus.IN_PROGRESS)


@transaction.atomic
def document_save(*, submission: Submission, by: User, data: dict, expected_version: int | None = None) -> Submission:
    submission = _draft_for(by, submission, expected_version)
    submission.data = {**submission.data, **{k: str(v or "") for k, v in data.items()}}
    _touch(submission)
    audit_record(action=Action.UPDATE, actor=by, target=submission, case=submission.request.case,
                 partnership=submission.request.case.partnership,
                 code="contributions.draft_saved", params=_said(submission.request))
    return submission


def _entry_values(data: dict) -> dict:
    values = {name: data.get(name) for name in ENTRY_FIELDS if name in data}
    for name in ("child_voice", "action", "no_action_reason", "outcome", "significance"):
        if name in values and values[name] is None:
            values[name] = ""
    today = timezone.localdate()
    if values.get("on") and values["on"] > today:
        raise ValidationError({"on": problem("The date must be today or in the past", "the_date_must_be_today")})
    if not (values.get("action") or "").strip() and not (values.get("no_action_reason") or "").strip():
        raise ValidationError({"no_action_reason": problem("Say what action was taken, or why none was",
                                                           "say_what_action_was_taken")})
    return values


@transaction.atomic
def entry_save(*, submission: Submission, by: User, data: dict, entry: ChronologyEntry | None = None,
               expected_version: int | None = None) -> ChronologyEntry:
    submission = _draft_for(by, submission)
    values = _entry_values(data)
    if entry is None:
        last = submission.entries.aggregate(m=Max("position"))["m"]
        entry = ChronologyEntry(submission=submission, case=submission.request.case,
                                agency=submission.request.agency, position=(last or 0) + 1)
    else:
        entry = ChronologyEntry.objects.select_for_update().get(pk=entry.pk, submission=submission)
        if expected_version is not None and entry.lock_version != expected_version:
            raise _stale("entry")
        entry.lock_version += 1
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    _touch(submission)
    audit_record(action=Action.UPDATE, actor=by, target=entry, case=submission.request.case,
                 partnership=submission.request.case.partnership,
                 code="contributions.entry_saved", params={"agency": submission.request.agency.name})
    return entry


@transaction.atomic
def entry_delete(*, entry: ChronologyEntry, by: User) -> None:
    submission = _draft_for(by, entry.submission)
    entry.delete()
    _touch(submission)
    audit_record(action=Action.DELETE, actor=by, case=submission.request.case,
                 partnership=submission.request.case.partnership,
                 code="contributions.entry_removed", params={"agency": submission.request.agency.name})


@transaction.atomic
def entry_move(*, entry: ChronologyEntry, by: User, direction: int) -> None:
    """Swaps an entry with its neighbour among entries on the same date: order matters within a day."""
    submission = _draft_for(by, entry.submission)
    same_day = list(submission.entries.filter(on=entry.on).order_by("at", "position", "pk"))
    index = next(i for i, e in enumerate(same_day) if e.pk == entry.pk)
    other = index + direction
    if not 0 <= other < len(same_day):
        return
    a, b = same_day[index], same_day[other]
    a.position, b.position = b.position, a.position
    if a.position == b.position:
        b.position += direction
    ChronologyEntry.objects.filter(pk=a.pk).update(position=a.position)
    ChronologyEntry.objects.filter(pk=b.pk).update(position=b.position)
    _touch(submission)


@transaction.atomic
def entries_import(*, submission: Submission, by: User, content: bytes, filename: str) -> tuple[Upload | None, list[spreadsheets.RowError]]:
    """All or nothing: any error in any row and no entry is saved. The file is kept either way.
    Entries outside the request's scope period are imported; import_warnings() names them."""
    submission = _draft_for(by, submission)
    scanning.refuse_malware(content)
    scope = (submission.request.scope_start, submission.request.scope_end)
    kind, parsed = spreadsheets.read(content, timezone.localdate(), scope)  # ImportRejected propagates
    upload = Upload(request=submission.request, original_name=filename[:200], detected_type=kind,
                    size=len(content), uploaded_by=by, accepted=not parsed.errors, error_count=len(parsed.errors))
    upload.file.save(f"upload.{kind}", ContentFile(content), save=False)
    upload.save()
    if parsed.errors:
        audit_record(action=Action.CREATE, actor=by, target=upload, case=submission.request.case,
                     partnership=submission.request.case.partnership,
                     code="contributions.import_refused", params={"count": len(parsed.errors)})
        return upload, parsed.errors
    last = submission.entries.aggregate(m=Max("position"))["m"] or 0
    ChronologyEntry.objects.bulk_create([
        ChronologyEntry(submission=submission, case=submission.request.case, agency=submission.request.agency,
                        position=last + index, **{k: v for k, v in row.items() if k in ENTRY_FIELDS})
        for index, row in enumerate(parsed.rows, start=1)
    ])
    _touch(submission)
    audit_record(action=Action.CREATE, actor=by, target=upload, case=submission.request.case,
                 partnership=submission.request.case.partnership,
                 code="contributions.imported",
                 params={"count": len(parsed.rows), "agency": submission.request.agency.name})
    upload.warnings = parsed.warnings
    return upload, []


@transaction.atomic
def submission_submit(*, submission: Submission, by: User, signed_off_by: str, expected_version: int | None = None) -> Submission:
    submission = _draft_for(by, submission, expected_version)
    agency_request = submission.request
    problems = [f"Complete “{label}”" for label in missing_fields(agency_request.kind, submission.data)]
    if agency_request.kind == RequestKind.CHRONOLOGY and not submission.entries.exists():
        problems.append("Add at least one chronology entry")
    if not signed_off_by.strip():
        problems.append("Enter the name of the manager who signed this off")
    if problems:
        raise ValidationError(problems)
    submission.status = Submission.Status.SUBMITTED
    submission.signed_off_by = signed_off_by.strip()
    submission.submitted_by, submission.submitted_at = by, timezone.now()
    submission.lock_version += 1
    submission.save()
    AgencyRequest.objects.filter(pk=agency_request.pk).update(status=RequestStatus.SUBMITTED)
    case = agency_request.case
    if agency_request.kind == RequestKind.CHRONOLOGY:
        flag_entries(case=case, entries=list(submission.entries.all()))
    audit_record(action=Action.STATE_CHANGE, actor=by, target=submission, case=case,
                 partnership=case.partnership, code="contributions.submitted",
                 params={**_said(agency_request), "version": submission.version})
    notify(recipients=business_unit(case.partnership_id), kind=Notification.Kind.CONTRIBUTION_SUBMITTED, case=case,
           path=reverse("contributions:case", args=[case.reference]), exclude=by, ref=case.reference,
           agency=agency_request.agency.name, request_kind=agency_request.kind)
    return submission


@transaction.atomic
def submission_return(*, agency_request: AgencyRequest, by: User, reason: str) -> Submission:
    """Asks the agency for more: the submitted version stays, read-only; a new draft copies it."""
    if not rules.can_manage_requests(by, agency_request.case):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": problem("Say what more you need", "say_what_more_you_need")})
    latest = Submission.objects.select_for_update().filter(request=agency_request).order_by("-version").first()
    if latest.status != Submission.Status.SUBMITTED:
        raise problem("Only a submitted return can be sent back for more", "only_a_submitted_return_can")
    latest.status = Submission.Status.SUPERSEDED
    latest.returned_reason = reason.strip()
    latest.save()
    draft = Submission.objects.create(request=agency_request, version=latest.version + 1, data=dict(latest.data))
    ChronologyEntry.objects.bulk_create([
        ChronologyEntry(submission=draft, **{f: getattr(e, f) for f in (*ENTRY_FIELDS, "case_id", "agency_id",
                                                                         "position")})
        for e in latest.entries.all()])
    AgencyRequest.objects.filter(pk=agency_request.pk).update(status=RequestStatus.RETURNED, reminded_on=None,
                                                              overdue_notified_on=None, escalated_on=None)
    case = agency_request.case
    audit_record(action=Action.STATE_CHANGE, actor=by, target=latest, case=case,
                 partnership=case.partnership, code="contributions.returned",
                 params={**_said(agency_request), "version": draft.version})
    notify(recipients=agency_request.contributors.filter(is_active=True), kind=Notification.Kind.CONTRIBUTION_RETURNED,
           case=case, path=_request_path(agency_request), request_kind=agency_request.kind)
    return draft


@transaction.atomic
def submission_mark_used(*, submission: Submission, by: User, used_for: str) -> None:
    """Tells the author their work was used: people stop contributing when they hear nothing back."""
    case = submission.request.case
    if not rules.can_manage_requests(by, case):
        raise PermissionDenied
    if submission.status == Submission.Status.DRAFT:
        raise problem("A draft has not been submitted yet", "a_draft_has_not_been")
    Submission.objects.filter(pk=submission.pk).update(used_at=timezone.now(), used_for=used_for[:200])
    _tell_authors([submission], used_for)
    audit_record(action=Action.UPDATE, actor=by, target=submission, case=case,
                 partnership=case.partnership, code="contributions.marked_used",
                 params={**_said(submission.request), "used_for": used_for})


def _tell_authors(submissions, used_for: str) -> None:
    for submission in submissions:
        if submission.submitted_by is None:
            continue
        notify(recipients=[submission.submitted_by], kind=Notification.Kind.CONTRIBUTION_USED,
               case=submission.request.case, path=_request_path(submission.request),
               request_kind=submission.request.kind, used_for=used_for)


@transaction.atomic
def chronology_release(*, case: Case, by: User) -> ChronologyRelease:
    if not rules.can_manage_requests(by, case):
        raise PermissionDenied
    release, created = ChronologyRelease.objects.get_or_create(case=case, defaults={"released_by": by})
    if not created:
        raise problem("The merged chronology has already been released", "the_merged_chronology_has_already")
    used = list(Submission.objects.filter(request__case=case, request__kind=RequestKind.CHRONOLOGY,
                                          status=Submission.Status.SUBMITTED).select_related("request",
                                                                                             "submitted_by"))
    Submission.objects.filter(pk__in=[s.pk for s in used]).update(used_at=timezone.now(), used_for=MERGED)
    _tell_authors(used, MERGED)
    audit_record(action=Action.STATE_CHANGE, actor=by, target=case, case=case,
                 partnership=case.partnership, code="contributions.chronology_released")
    return release


@transaction.atomic
def annotation_save(*, entry: ChronologyEntry, by: User, key_practice_episode: bool, analysis: str) -> EntryAnnotation:
    if not rules.can_annotate(by, entry.case):
        raise PermissionDenied
    annotation, _ = EntryAnnotation.objects.update_or_create(
        entry=entry, defaults={"key_practice_episode": key_practice_episode, "analysis": analysis, "by": by})
    audit_record(action=Action.UPDATE, actor=by, target=entry, case=entry.case,
                 partnership=entry.case.partnership, code="contributions.entry_annotated")
    return annotation


@transaction.atomic
def flag_decide(*, flag: EntryFlag, by: User, status: str) -> EntryFlag:
    if not rules.can_annotate(by, flag.case):
        raise PermissionDenied
    if status not in (EntryFlag.Status.LINKED, EntryFlag.Status.DISMISSED):
        raise problem("Choose link or dismiss", "choose_link_or_dismiss")
    flag.status, flag.decided_by, flag.decided_at = status, by, timezone.now()
    flag.save()
    audit_record(action=Action.UPDATE, actor=by, target=flag, case=flag.case,
                 partnership=flag.case.partnership, code="contributions.flag_decided",
                 params={"flag": flag.kind, "status": flag.status})
    return flag
