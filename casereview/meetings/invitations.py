"""A meeting's invitation: an email per attendee with the meeting as a calendar file (.ics) that
Outlook and Google Calendar add as an event, and a cancellation when it is called off (ADR 0038).
Neither names a case, a child or a family: the agenda is read in the service, behind sign-in."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from casereview.govuk.formatting import format_date
from casereview.meetings.models import Attendee, Meeting, MeetingState
from casereview.once.mail import Email, deliver_once


def summary(meeting: Meeting) -> str:
    return f"{meeting.get_kind_display()}: {meeting.partnership.name}"


def when(meeting: Meeting) -> str:
    local = timezone.localtime(meeting.starts_at)
    return f"{format_date(local.date())} at {local:%H:%M}, for {meeting.duration_minutes} minutes"


def calendar_file(meeting: Meeting, attendee_email: str | None = None) -> bytes:
    """The meeting as an iCalendar request, or a cancellation once it is called off. The same UID
    and a higher SEQUENCE make a calendar update the event it already holds."""
    cancelled = meeting.state == MeetingState.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//casereview//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"{meeting.uid}@casereview")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", summary(meeting))
    event.add("location", meeting.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    address = f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"
    event.add("url", address)
    event.add("description", f"The agenda and papers are in {settings.SERVICE_NAME}, behind sign-in: {address}")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.rpartition('<')[2].rstrip('>')}")
    organizer.params["cn"] = vText(settings.SERVICE_NAME)
    event.add("organizer", organizer)
    if attendee_email:
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def invitation_send(*, attendee_id: int, sequence: int) -> bool:
    """Emails the invitation for this version of the meeting once, however often the task runs."""

    def build() -> Email | None:
        attendee = (Attendee.objects.select_related("person", "meeting__partnership")
                    .filter(pk=attendee_id).first())
        if attendee is None or not attendee.person.is_active or attendee.meeting.sequence != sequence:
            return None  # removed, closed, or the meeting changed again: a newer invitation goes
        meeting = attendee.meeting
        address = f"{settings.SITE_URL}{reverse('meetings:detail', args=[meeting.pk])}"
        if meeting.state == MeetingState.CANCELLED:
            subject = f"Cancelled: {summary(meeting)}"
            body = f"The {meeting.get_kind_display().lower()} on {when(meeting)} has been cancelled.\n"
        else:
            subject = f"Invitation: {summary(meeting)}"
            changed = "The time or place has changed. " if sequence else ""
            body = (f"{changed}You are invited to the {meeting.get_kind_display().lower()} on {when(meeting)}.\n"
                    f"Where: {meeting.location}\n\n"
                    f"Sign in to see the agenda and read the papers:\n{address}\n\n"
                    f"Add it to your calendar from the attached file, or from:\n"
                    f"{settings.SITE_URL}{reverse('meetings:calendar', args=[meeting.pk])}\n")
        body += ("\nThis email never contains details about a child or family. You get it because you were "
                 "invited by the safeguarding partnership's business unit.\n")
        return Email(to=attendee.person.email, subject=f"{settings.SERVICE_NAME}: {subject}", body=body,
                     kind="meeting_invitation",
                     attachments=(("invitation.ics", calendar_file(meeting, attendee.person.email),
                                   "text/calendar"),))

    sent = deliver_once(f"meeting-invitation:{attendee_id}:{sequence}", build)
    if sent:
        Attendee.objects.filter(pk=attendee_id, invited_sequence__lt=sequence).update(invited_sequence=sequence)
    return sent
