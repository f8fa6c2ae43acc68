"""How the notification that an export is ready reads (notifications.wording)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.exports.models import Export
from casereview.govuk.wording import dates_in_words
from casereview.notifications.models import Notification


def _ready(params: Mapping[str, Any]) -> str:
    what = Export.Kind(params["export_kind"]).label.lower()
    where = f" for {params['ref']}" if params.get("ref") else ""
    return f"Your {Export.Format(params['fmt']).label} of the {what}{where} is ready"


WORDING = {Notification.Kind.EXPORT_READY: _ready}


# How each kind of export is named in the audit log, and what its size counts.
NOUNS = {Export.Kind.CHRONOLOGY: _("the merged chronology"),
         Export.Kind.YEARLY_REPORT: _("the yearly report figures ({start_on} to {end_on})")}
UNITS = {Export.Kind.CHRONOLOGY: (_("entry"), _("entries")), Export.Kind.YEARLY_REPORT: (_("case"), _("cases"))}


def _export(text):
    def wording(params: Mapping[str, Any]) -> str:
        noun = str(NOUNS[params["kind"]]).format_map(dates_in_words(params))
        one, many = UNITS[params["kind"]]
        size = f"{params['count']:,} {one if params['count'] == 1 else many}"
        return str(text).format(noun=noun, Noun=noun[:1].upper() + noun[1:], size=size,
                                fmt=Export.Format(params["fmt"]).label)
    return wording


AUDIT = {
    "exports.asked": _export(_("Asked for {noun} as {fmt} ({size})")),
    "exports.made": _export(_("{Noun} as {fmt} was made ({size})")),
    "exports.downloaded": _export(_("Downloaded {noun} as {fmt} ({size})")),
}
