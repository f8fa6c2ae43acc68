"""Changes to meetings. Each runs in one transaction with the meeting row locked, is audited, and
is refused with a clear message when the meeting's state does not allow it. A decision that moves a
case goes through the lifecycle service, which keeps its own guards, clocks and notices."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import User
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.casefiles.models import CaseDocument
from casereview.cases import lifecycle
from casereview.cases.models import Case, CaseTransition
from casereview.govuk.formatting import format_date
from casereview.govuk.wording import problem
from casereview.meetings import queries
from casereview.meetings.models import (
    AgendaItem,
    Attendance,
    Attendee,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingState,
)
from casereview.meetings.rules import does_action, runs_meetings
from casereview.meetings.tasks import send_invitation
from casereview.partnerships.models import Partnership

S = MeetingState


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _locked(meeting: Meeting, by, expected_version: int | None = None) -> Meeting:
    _require(runs_meetings(by, meeting.partnership_id))
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("partnership").get(pk=meeting.pk)
    if expected_version is not None and expected_version != meeting.lock_version:
        raise problem("Someone else changed this meeting while you were working on it. Nothing has been saved: "
                      "check the meeting and try again.", "stale")
    return meeting


def _in_state(meeting: Meeting, *states: str, doing: str) -> None:
    if meeting.state not in states:
        raise problem("You cannot %(doing)s: the meeting is “%(state)s”", "meeting_state",
                      doing=doing, state=meeting.get_state_display())


def _day(meeting: Meeting) -> str:
    return timezone.localdate(meeting.starts_at).isoformat()


def _audit(meeting: Meeting, by, action: str, code: str, *, params: dict, case: Case | None = None) -> None:
    audit_record(action=action, actor=by, target=meeting, case=case, partnership_id=meeting.partnership_id,
                 code=code, params={"kind": meeting.kind, **params})


def _check_when(starts_at: datetime | None, duration: int | None, location: str) -> None:
    errors = {}
    if starts_at is None:
        errors["starts_at"] = problem("Enter the date and time of the meeting", "enter_meeting_time")
    if not duration or not 15 <= duration <= 480:
        errors["duration_minutes"] = problem("Enter how long the meeting lasts, between 15 and 480 minutes",
                                             "meeting_duration")
    if not location.strip():
        errors["location"] = problem("Enter where the meeting is held, for example “Microsoft Teams”",
                                     "enter_meeting_location")
    if errors:
        raise ValidationError(errors)


def _check_chair(partnership_id: int, chair: User | None) -> None:
    if chair is not None and chair not in queries.people_of(partnership_id):
        raise ValidationError({"chair": problem("Choose someone who holds a role in this partnership",
                                                "choose_a_partnership_person")})


@transaction.atomic
def meeting_create(*, partnership: Partnership, by, kind: str, starts_at: datetime, duration_minutes: int,
                   location: str, chair: User | None = None) -> Meeting:
    _require(runs_meetings(by, partnership.pk))
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": problem("Select the kind of meeting", "select_meeting_kind")})
    _check_when(starts_at, duration_minutes, location)
    _check_chair(partnership.pk, chair)
    meeting = Meeting.objects.create(partnership=partnership, kind=kind, starts_at=starts_at,
                                     duration_minutes=duration_minutes, location=location.strip(), chair=chair,
                                     created_by=by)
    _audit(meeting, by, Action.CREATE, "meetings.planned", params={"meeting_on": _day(meeting)})
    if chair is not None:
        Attendee.objects.create(meeting=meeting, person=chair, added_by=by)
    return meeting


@transaction.atomic
def meeting_change(*, meeting: Meeting, by, starts_at: datetime, duration_minutes: int, location: str,
                   chair: User | None, expected_version: int | None) -> Meeting:
    """A new time or place makes a new version of the invitation for everyone already invited."""
    meeting = _locked(meeting, by, expected_version)
    _in_state(meeting, S.PLANNED, doing="change its time or place")
    _check_when(starts_at, duration_minutes, location)
    _check_chair(meeting.partnership_id, chair)
    moved = (starts_at != meeting.starts_at or duration_minutes != meeting.duration_minutes
             or location.strip() != meeting.location)
    if not moved and chair == meeting.chair:
        return meeting
    meeting.starts_at, meeting.duration_minutes, meeting.location = starts_at, duration_minutes, location.strip()
    meeting.chair = chair
    if chair is not None:
        Attendee.objects.get_or_create(meeting=meeting, person=chair, defaults={"added_by": by})
    if moved:
        meeting.sequence += 1
    meeting.lock_version += 1
    meeting.save()
    _audit(meeting, by, Action.UPDATE, "meetings.changed", params={"meeting_on": _day(meeting), "moved": moved})
    if moved:
        _queue_invitations(meeting, only_invited=True)
    return meeting


def _queue_invitations(meeting: Meeting, *, only_invited: bool = False) -> int:
    attendees = meeting.attendees.filter(invited_sequence__lt=meeting.sequence)
    if only_invited:
        attendees = attendees.filter(invited_sequence__gte=0)
    ids = list(attendees.values_list("pk", flat=True))
    for attendee_id in ids:
        transaction.on_commit(lambda pk=attendee_id, seq=meeting.sequence: send_invitation.enqueue(pk, seq))
    return len(ids)


@transaction.atomic
def attendee_add(*, meeting: Meeting, by, person: User) -> Attendee:
    meeting = _locked(meeting, by)
    _in_state(meeting, S.PLANNED, S.HELD, doing="add someone to it")
    if person not in queries.people_of(meeting.partnership_id):
        raise ValidationError({"person": problem("Choose someone who holds a role in this partnership",
                                                 "choose_a_partnership_person")})
    if meeting.attendees.filter(person=person).exists():
        raise ValidationError({"person": problem("%(name)s is already on the list", "already_attending",
                                                 name=person.full_name)})
    attendee = Attendee.objects.create(meeting=meeting, person=person, added_by=by)
    _audit(meeting, by, Action.UPDATE, "meetings.attendee_added",
           params={"meeting_on": _day(meeting), "name": person.full_name})
    return attendee


@transaction.atomic
def attendee_remove(*, meeting: Meeting, by, attendee_id: int) -> None:
    """The person stops seeing the meeting and its papers at once. One already invited is sent a
    cancellation, so the event leaves their calendar too."""
    meeting = _locked(meeting, by)
    _in_state(meeting, S.PLANNED, doing="take someone off the list")
    attendee = meeting.attendees.select_related("person").filter(pk=attendee_id).first()
    if attendee is None:
        return
    name = attendee.person.full_name
    attendee.delete()
    _audit(meeting, by, Action.UPDATE, "meetings.attendee_removed",
           params={"meeting_on": _day(meeting), "name": name})


@transaction.atomic
def invitations_send(*, meeting: Meeting, by) -> int:
    """Queues the current invitation for everyone who has not had it. Returns how many."""
    meeting = _locked(meeting, by)
    _in_state(meeting, S.PLANNED, doing="send invitations")
    count = _queue_invitations(meeting)
    if count:
        _audit(meeting, by, Action.UPDATE, "meetings.invited", params={"meeting_on": _day(meeting), "count": count})
    return count


# --- The agenda ---------------------------------------------------------------------------------


def _check_papers(case: Case | None, papers: list[CaseDocument]) -> None:
    if any(case is None or paper.case_id != case.pk for paper in papers):
        raise ValidationError({"papers": problem("Choose papers from this case's documents", "papers_of_the_case")})


@transaction.atomic
def item_add(*, meeting: Meeting, by, case: Case | None, title: str, papers: list[CaseDocument]) -> AgendaItem:
    meeting = _locked(meeting, by)
    _in_state(meeting, S.PLANNED, S.HELD, doing="add to its agenda")
    if case is not None and (case.partnership_id != meeting.partnership_id or not case.is_open):
        raise ValidationError({"case": problem("Choose one of this partnership's open cases", "choose_an_open_case")})
    if case is not None and meeting.items.filter(case=case).exists():
        raise ValidationError({"case": problem("%(reference)s is already on the agenda", "case_on_agenda",
                                               reference=case.reference)})
    title = title.strip() or (f"{case.reference} {case.pseudonym}" if case else "")
    if not title:
        raise ValidationError({"title": problem("Enter what the item is about", "enter_item_title")})
    _check_papers(case, papers)
    position = (meeting.items.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, position=position, case=case, title=title[:200])
    item.papers.set(papers)
    _audit(meeting, by, Action.UPDATE, "meetings.item_added",
           params={"meeting_on": _day(meeting), "title": item.title, "papers": len(papers)}, case=case)
    return item


@transaction.atomic
def item_papers_set(*, item: AgendaItem, by, title: str, papers: list[CaseDocument],
                    expected_version: int | None) -> AgendaItem:
    meeting = _locked(item.meeting, by)
    _in_state(meeting, S.PLANNED, S.HELD, doing="change its agenda")
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("case").get(pk=item.pk, meeting=meeting)
    if expected_version is not None and expected_version != item.lock_version:
        raise problem("Someone else changed this agenda item while you were working on it. Nothing has been "
                      "saved: check it and try again.", "stale")
    if not title.strip():
        raise ValidationError({"title": problem("Enter what the item is about", "enter_item_title")})
    _check_papers(item.case, papers)
    item.title = title.strip()[:200]
    item.lock_version += 1
    item.save()
    item.papers.set(papers)
    _audit(meeting, by, Action.UPDATE, "meetings.item_changed",
           params={"meeting_on": _day(meeting), "title": item.title, "papers": len(papers)}, case=item.case)
    return item


@transaction.atomic
def item_remove(*, item: AgendaItem, by) -> None:
    """Taking a case off the agenda ends the attendees' reading of its papers there and then."""
    meeting = _locked(item.meeting, by)
    _in_state(meeting, S.PLANNED, doing="take an item off its agenda")
    item = AgendaItem.objects.select_related("case").get(pk=item.pk, meeting=meeting)
    if item.steps.exists():
        raise problem("This item's decision moved the case: it stays on the record", "item_moved_case")
    title, case = item.title, item.case
    item.delete()
    _audit(meeting, by, Action.UPDATE, "meetings.item_removed",
           params={"meeting_on": _day(meeting), "title": title}, case=case)


# --- The meeting held -----------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, by, attendance: dict[int, str]) -> Meeting:
    """Who attended and who sent apologies; the meeting is then held and its minutes can be written."""
    meeting = _locked(meeting, by)
    _in_state(meeting, S.PLANNED, S.HELD, doing="record attendance")
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise problem("You cannot record attendance before the day of the meeting, %(on)s", "meeting_not_yet",
                      on=format_date(timezone.localdate(meeting.starts_at)))
    attendees = {a.pk: a for a in meeting.attendees.all()}
    if not attendees:
        raise problem("Add the people who were invited before recording who attended", "no_attendees")
    missing = [a for pk, a in attendees.items() if attendance.get(pk) not in
               (Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT)]
    if missing:
        raise ValidationError({f"attendee_{a.pk}": problem("Select whether %(name)s attended", "select_attendance",
                                                           name=a.person.full_name) for a in missing})
    for pk, attendee in attendees.items():
        attendee.attendance = attendance[pk]
        attendee.save(update_fields=["attendance"])
    meeting.state = S.HELD
    meeting.lock_version += 1
    meeting.save()
    present = sum(1 for a in attendees.values() if a.attendance == Attendance.PRESENT)
    apologies = sum(1 for a in attendees.values() if a.attendance == Attendance.APOLOGIES)
    _audit(meeting, by, Action.STATE_CHANGE, "meetings.held",
           params={"meeting_on": _day(meeting), "present": present, "apologies": apologies})
    return meeting


@transaction.atomic
def item_minutes_record(*, item: AgendaItem, by, minutes: str, decision: str,
                        expected_version: int | None) -> AgendaItem:
    meeting = _locked(item.meeting, by)
    _in_state(meeting, S.HELD, doing="write its minutes")
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("case").get(pk=item.pk, meeting=meeting)
    if expected_version is not None and expected_version != item.lock_version:
        raise problem("Someone else changed these minutes while you were writing. Nothing has been saved: "
                      "copy your text, check theirs and try again.", "stale")
    if not minutes.strip() and not decision.strip():
        raise ValidationError({"minutes": problem("Enter the minutes of this item, or its decision",
                                                  "enter_minutes")})
    item.minutes, item.decision = minutes.strip(), decision.strip()
    item.lock_version += 1
    item.save()
    _audit(meeting, by, Action.UPDATE, "meetings.minuted",
           params={"meeting_on": _day(meeting), "title": item.title, "decided": bool(item.decision)}, case=item.case)
    return item


def item_case_move(*, item: AgendaItem, by, name: str, data: dict, expected_version: int | None) -> Case:
    """Takes a lifecycle step the item's decision calls for, and ties the step to the item. The
    lifecycle service checks who may take it and refuses what the case cannot do; a decision may
    take several steps in turn (the meeting and agreement recorded, then the review sent)."""
    with transaction.atomic():
        meeting = _locked(item.meeting, by)
        _in_state(meeting, S.HELD, doing="move a case from its minutes")
        item = AgendaItem.objects.select_for_update(of=("self",)).select_related("case").get(pk=item.pk, meeting=meeting)
        if item.case is None or not item.decision:
            raise problem("Record the decision before moving the case", "record_decision_first")
        case = lifecycle.case_transition(case=item.case, name=name, by=by, data=data,
                                         expected_version=expected_version)
        item.steps.add(CaseTransition.objects.filter(case=case).order_by("-at", "-pk").first())
        item.lock_version += 1
        item.save()
        _audit(meeting, by, Action.UPDATE, "meetings.case_moved",
               params={"meeting_on": _day(meeting), "title": item.title, "transition": name,
                       "framework": case.framework}, case=case)
    return case


@transaction.atomic
def meeting_notes_record(*, meeting: Meeting, by, notes: str, expected_version: int | None) -> Meeting:
    meeting = _locked(meeting, by, expected_version)
    _in_state(meeting, S.HELD, doing="write its minutes")
    meeting.notes = notes.strip()
    meeting.lock_version += 1
    meeting.save()
    _audit(meeting, by, Action.UPDATE, "meetings.notes", params={"meeting_on": _day(meeting)})
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, by) -> Meeting:
    """The minutes are agreed: they are final, and the attendees stop reading the papers."""
    meeting = _locked(meeting, by)
    _in_state(meeting, S.HELD, doing="agree its minutes")
    unminuted = [i.title for i in meeting.items.all() if not (i.minutes or i.decision)]
    if unminuted:
        raise problem("Write the minutes of every item first. Still to do: %(items)s", "items_unminuted",
                      items="; ".join(unminuted))
    meeting.state, meeting.closed_at = S.CLOSED, timezone.now()
    meeting.lock_version += 1
    meeting.save()
    _audit(meeting, by, Action.STATE_CHANGE, "meetings.closed", params={"meeting_on": _day(meeting)})
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by) -> Meeting:
    """Everyone already invited is sent the cancellation, which removes the event from their calendar."""
    meeting = _locked(meeting, by)
    _in_state(meeting, S.PLANNED, doing="cancel it")
    meeting.state = S.CANCELLED
    meeting.sequence += 1
    meeting.lock_version += 1
    meeting.save()
    _audit(meeting, by, Action.STATE_CHANGE, "meetings.cancelled", params={"meeting_on": _day(meeting)})
    _queue_invitations(meeting, only_invited=True)
    return meeting


# --- Actions --------------------------------------------------------------------------------------


@transaction.atomic
def action_add(*, meeting: Meeting, by, description: str, owner: User, due_on: date,
               item: AgendaItem | None = None) -> MeetingAction:
    meeting = _locked(meeting, by)
    _in_state(meeting, S.HELD, S.CLOSED, doing="record an action")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": problem("Choose one of this meeting's agenda items", "choose_agenda_item")})
    if owner not in queries.people_of(meeting.partnership_id):
        raise ValidationError({"owner": problem("Choose someone who holds a role in this partnership",
                                                "choose_a_partnership_person")})
    if not description.strip():
        raise ValidationError({"description": problem("Describe the action", "describe_action")})
    action = MeetingAction.objects.create(meeting=meeting, item=item, description=description.strip()[:300],
                                          owner=owner, due_on=due_on, created_by=by)
    _audit(meeting, by, Action.UPDATE, "meetings.action_added",
           params={"meeting_on": _day(meeting), "owner": owner.full_name, "due_on": due_on.isoformat()},
           case=item.case if item else None)
    return action


@transaction.atomic
def action_done(*, action: MeetingAction, by) -> MeetingAction:
    """Done by its owner, or by the business unit on their behalf."""
    action = MeetingAction.objects.select_for_update(of=("self",)).select_related("meeting", "item__case").get(pk=action.pk)
    _require(does_action(by, action))
    if action.done_on:
        return action
    action.done_on = timezone.localdate()
    action.save(update_fields=["done_on"])
    _audit(action.meeting, by, Action.UPDATE, "meetings.action_done",
           params={"meeting_on": _day(action.meeting), "description": action.description},
           case=action.item.case if action.item else None)
    return action
