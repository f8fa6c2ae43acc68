"""What the audit log says of each change to a meeting (govuk.wording.AUDIT)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.govuk.wording import choice, one_of, template
from casereview.meetings.models import MeetingKind

_kind = choice(MeetingKind, "kind", lower=True)

AUDIT = {
    "meetings.planned": template(_("Planned a {kind} for {meeting_on}"), kind=_kind),
    "meetings.changed": template(_("Changed the {kind} of {meeting_on}{moved}"),
                                 kind=_kind,
                                 moved=one_of("moved", **{"True": _(": its time or place"),
                                                          "False": _(": its chair")})),
    "meetings.attendee_added": template(_("Added {name} to the {kind} of {meeting_on}"),
                                        kind=_kind),
    "meetings.attendee_removed": template(_("Took {name} off the {kind} of {meeting_on}"),
                                          kind=_kind),
    "meetings.invited": template(_("Sent {count} invitations to the {kind} of {meeting_on}"),
                                 kind=_kind),
    "meetings.item_added": template(_("Put “{title}” on the agenda of the {kind} of {meeting_on}, with {papers} "
                                      "papers"), kind=_kind),
    "meetings.item_changed": template(_("Changed the agenda item “{title}” of the {kind} of {meeting_on}, now with "
                                        "{papers} papers"), kind=_kind),
    "meetings.item_removed": template(_("Took “{title}” off the agenda of the {kind} of {meeting_on}"),
                                      kind=_kind),
    "meetings.held": template(_("Recorded the {kind} of {meeting_on} as held: {present} attended, {apologies} sent "
                                "apologies"), kind=_kind),
    "meetings.minuted": template(_("Wrote the minutes of “{title}” at the {kind} of {meeting_on}"),
                                 kind=_kind),
    "meetings.case_moved": template(_("Moved the case on from the decision on “{title}” at the {kind} of "
                                      "{meeting_on}"), kind=_kind),
    "meetings.notes": template(_("Wrote the general minutes of the {kind} of {meeting_on}"),
                               kind=_kind),
    "meetings.closed": template(_("Agreed the minutes of the {kind} of {meeting_on}"),
                                kind=_kind),
    "meetings.cancelled": template(_("Cancelled the {kind} of {meeting_on}"),
                                   kind=_kind),
    "meetings.action_added": template(_("Recorded an action for {owner} at the {kind} of {meeting_on}, due "
                                        "{due_on}"), kind=_kind),
    "meetings.action_done": template(_("Marked done the action “{description}” from the {kind} of {meeting_on}"),
                                     kind=_kind),
    "meetings.paper_read": template(_("Downloaded the paper “{title}” for the {kind} of {meeting_on}"),
                                    kind=_kind),
}
