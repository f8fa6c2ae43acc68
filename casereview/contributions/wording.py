"""How notifications about requests to agencies read (notifications.wording)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.contributions.models import EntryFlag, RequestKind, used_words
from casereview.govuk.wording import choice
from casereview.notifications.models import Notification
from casereview.notifications.wording import template
from casereview.process.reminders import days_words

K = Notification.Kind


def _what(params: Mapping[str, Any]) -> str:
    return RequestKind(params["request_kind"]).label.lower()


def _late(params: Mapping[str, Any]) -> str:
    return str(_("was due") if params["late"] else _("is due"))


WORDING = {
    K.NEW_REQUEST: template(_("{partnership} has asked your agency for: {what}, due {due_on}"), what=_what),
    K.REQUEST_CHASED: template(_("{partnership} asks about your agency's {what} for {ref}: it {late} on {due_on}"),
                               what=_what, late=_late),
    K.REQUEST_DUE_CHANGED: template(_("The {what} for {ref} is now due on {due_on}"), what=_what),
    K.CONTRIBUTION_SUBMITTED: template(_("{ref}: {agency} submitted their {what}"), what=_what),
    K.CONTRIBUTION_RETURNED: template(_("Your agency's {what} has been returned for more information"), what=_what),
    K.CONTRIBUTION_USED: template(_("Thank you: your agency's {what} was {used_for}"), what=_what,
                                  used_for=lambda p: used_words(p["used_for"])),
    K.REQUEST_REMINDER: template(_("Reminder: your agency's {what} is due on {due_on}"), what=_what),
    K.REQUEST_OVERDUE: template(_("Your agency's {what} was due on {due_on}. Please submit it or tell the business "
                                  "unit when it will come"), what=_what),
    K.REQUEST_ESCALATED: template(_("{ref}: {agency}'s {what} is {days} overdue"), what=_what, days=days_words),
}


_kind = choice(RequestKind, "kind", lower=True)


def _request(p: Mapping[str, Any]) -> str:
    return _("{kind} from {agency}").format(kind=RequestKind(p["kind"]).label, agency=p["agency"])


# What the audit log says of each thing done with requests and returns (govuk.wording.AUDIT).
AUDIT = {
    "contributions.identities_viewed": template(_("Viewed identifying details of {count} people for {agency}'s {what}"),
                                                what=_kind),
    "contributions.asked": template(_("Asked {agency} for: {what}, due {due_on}"),
                                    what=choice(RequestKind, "kind")),
    "contributions.joined": _("Joined as the contributor for {agency} through an invitation"),
    "contributions.chased": template(_("Chased {agency} for the {what} (reminder {count})"), what=_kind),
    "contributions.due_changed": template(_("Changed the due date of {agency}'s {what} from {before_on} to {after_on}"),
                                          what=_kind),
    "contributions.draft_saved": template(_("Saved the draft of {request}"), request=_request),
    "contributions.entry_saved": _("Saved a chronology entry for {agency}"),
    "contributions.entry_removed": _("Removed a chronology entry for {agency}"),
    "contributions.import_refused": _("Chronology import refused: {count} errors"),
    "contributions.imported": _("Imported {count} chronology entries for {agency}"),
    "contributions.submitted": template(_("Submitted {request} (version {version})"), request=_request),
    "contributions.returned": template(_("Returned {request} for more: version {version} opened"), request=_request),
    "contributions.marked_used": template(_("Marked {request} as used: {used_for}"), request=_request),
    "contributions.chronology_released": _("Released the merged chronology to the review team"),
    "contributions.entry_annotated": _("Annotated a chronology entry"),
    "contributions.flag_decided": template(_("{flag}: {status}"), flag=choice(EntryFlag.Kind, "flag"),
                                           status=choice(EntryFlag.Status, "status")),
    "contributions.upload_downloaded": _("Downloaded an uploaded chronology file"),
    "contributions.chronology_viewed": _("Viewed the merged chronology"),
    "contributions.chronology_exported": template(_("Exported the merged chronology as {fmt} ({count} entries)"),
                                                  fmt=lambda p: p["format"].upper()),
    "contributions.chronology_printed": _("Opened the print layout of the merged chronology ({count} entries)"),
}
