"""Reads about meetings: a person's meetings and actions, the choices the forms offer, and the
papers an agenda item carries."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from casereview.accounts.models import User
from casereview.casefiles.models import CaseDocument, DocumentVersion, Scan
from casereview.cases.models import OPEN_STATUSES, Case
from casereview.meetings.models import AgendaItem, Attendee, Meeting, MeetingAction, MeetingState
from casereview.partnerships.access import partnership_ids_where


def people_of(partnership_id: int) -> QuerySet[User]:
    """Who may be invited, chair or own an action: the active people with a role in the partnership."""
    return (User.objects.filter(is_active=True, role_assignments__partnership_id=partnership_id)
            .distinct().order_by("full_name"))


def meetings_for(user) -> QuerySet[Meeting]:
    """Every meeting the person runs (as the business unit) or is invited to."""
    runs = partnership_ids_where(user, "manage_case_lifecycle")
    return (Meeting.objects.filter(Q(partnership_id__in=runs) | Q(attendees__person=user)).distinct()
            .select_related("partnership", "chair"))


def has_meetings(user) -> bool:
    """Whether the navigation offers Meetings: to the business unit, and to anyone invited to one
    that is not over or who has an action from one."""
    if partnership_ids_where(user, "manage_case_lifecycle"):
        return True
    open_states = [MeetingState.PLANNED, MeetingState.HELD]
    return (Attendee.objects.filter(person=user, meeting__state__in=open_states).exists()
            or MeetingAction.objects.filter(owner=user, done_on=None).exists())


def upcoming(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    # A meeting stays "coming up" on its day, and until its attendance is recorded.
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return meetings.filter(state=MeetingState.PLANNED, starts_at__gte=start_of_today).order_by("starts_at", "pk")


def invited_upcoming(user) -> QuerySet[Meeting]:
    return upcoming(Meeting.objects.filter(attendees__person=user)).select_related("partnership").distinct()


def to_write_up(partnership_ids: list[int]) -> QuerySet[Meeting]:
    """For the business unit: meetings that have happened and wait for attendance or minutes."""
    return (Meeting.objects.filter(partnership_id__in=partnership_ids)
            .filter(Q(state=MeetingState.HELD) | Q(state=MeetingState.PLANNED, starts_at__lt=timezone.now()))
            .distinct().order_by("starts_at", "pk"))


def open_actions_of(user) -> QuerySet[MeetingAction]:
    return (MeetingAction.objects.filter(owner=user, done_on=None).exclude(meeting__state=MeetingState.CANCELLED)
            .select_related("meeting", "item__case").order_by("due_on", "pk"))


def agenda_cases(meeting: Meeting) -> QuerySet[Case]:
    """The open cases that may go on this meeting's agenda, not already on it."""
    return (Case.objects.filter(partnership_id=meeting.partnership_id, status__in=OPEN_STATUSES)
            .exclude(agenda_items__meeting=meeting).order_by("reference"))


def paper_choices(case: Case | None) -> QuerySet[CaseDocument]:
    """The case's documents with a version that passed its scan: only those can be read as papers."""
    if case is None:
        return CaseDocument.objects.none()
    ready = DocumentVersion.objects.filter(scan__in=[Scan.CLEAN, Scan.NOT_SCANNED]).values("document_id")
    return CaseDocument.objects.filter(case=case, pk__in=ready).order_by("title", "pk")


def items_of(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.select_related("case").prefetch_related("papers", "steps"))


def attendee_of(meeting: Meeting, user) -> Attendee | None:
    return meeting.attendees.filter(person=user).first()


def case_items(case: Case) -> QuerySet[AgendaItem]:
    """Where a case was discussed: its agenda items at meetings that were not cancelled."""
    return (case.agenda_items.exclude(meeting__state=MeetingState.CANCELLED)
            .select_related("meeting").prefetch_related("steps").order_by("-meeting__starts_at", "-pk"))
