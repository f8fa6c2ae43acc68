"""Who may see and run meetings. The business unit runs them. An attendee sees the meeting, its
agenda and, while the meeting is ahead or its minutes are being written, the papers of the cases on
its agenda: taking a case off the agenda, taking a person off the list or agreeing the minutes
ends that reading."""

from __future__ import annotations

from casereview.meetings.models import AgendaItem, Meeting
from casereview.partnerships.access import has_capability, roles_in


def runs_meetings(user, partnership_id: int) -> bool:
    return has_capability(user, partnership_id, "manage_case_lifecycle")


def attends(user, meeting: Meeting) -> bool:
    """Invited, and still holding a role in the meeting's partnership: leaving it ends the reading."""
    return bool(roles_in(user, meeting.partnership_id) and meeting.attendees.filter(person=user).exists())


def does_action(user, action) -> bool:
    """Marks an action done: its owner while they hold a role in the partnership, or the business unit."""
    partnership_id = action.meeting.partnership_id
    return bool((action.owner_id == user.pk and roles_in(user, partnership_id))
                or runs_meetings(user, partnership_id))


def sees_meeting(user, meeting: Meeting) -> bool:
    return runs_meetings(user, meeting.partnership_id) or attends(user, meeting)


def reads_meeting_papers(user, meeting: Meeting) -> bool:
    """Whether the person may read this meeting's papers now, whichever item they belong to."""
    return runs_meetings(user, meeting.partnership_id) or (meeting.papers_open and attends(user, meeting))


def _has_papers(item: AgendaItem, meeting: Meeting) -> bool:
    return item.case_id is not None and item.case.partnership_id == meeting.partnership_id


def reads_papers(user, item: AgendaItem) -> bool:
    return _has_papers(item, item.meeting) and reads_meeting_papers(user, item.meeting)


def readable_items(user, meeting: Meeting, items: list[AgendaItem]) -> set[int]:
    """The items whose papers the person may read: the meeting's rule is asked once, not per item."""
    if not reads_meeting_papers(user, meeting):
        return set()
    return {item.pk for item in items if _has_papers(item, meeting)}
