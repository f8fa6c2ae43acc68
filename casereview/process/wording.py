"""What the audit log says of each change to the process pack (govuk.wording.AUDIT)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from casereview.process.models import ReminderRule


def _reminders(p: Mapping[str, Any]) -> str:
    rule = ReminderRule(subject=p["subject"], unit=p["unit"], remind_before=p["remind_before"],
                        escalate_after=p["escalate_after"])
    return _("Changed the reminders for {subject}: remind {remind}, escalate {escalate}").format(
        subject=rule.get_subject_display().lower(), remind=rule.describe_reminder,
        escalate=rule.describe_escalation.lower())


AUDIT = {
    "process.route_changed": _("Changed the route “{route}”"),
    "process.stage_added": _("Added the stage “{stage}” of “{route}”"),
    "process.stage_changed": _("Changed the stage “{stage}” of “{route}”"),
    "process.stage_moved_up": _("Moved the stage “{stage}” up in “{route}”"),
    "process.stage_moved_down": _("Moved the stage “{stage}” down in “{route}”"),
    "process.clock_rule_changed": _("Changed the clock rule “{rule}” to version {version}: {reason}"),
    "process.reminders_changed": _reminders,
    "process.bank_holiday_added": _("Added the bank holiday {name} ({day_on})"),
    "process.bank_holiday_removed": _("Removed the bank holiday {name} ({day_on})"),
    "process.closure_day_added": _("Added the closure day {name} ({day_on})"),
    "process.closure_day_removed": _("Removed the closure day {name} ({day_on})"),
    "process.logo_removed": _("Removed the logo"),
    "process.logo_changed": _("Changed the logo on documents"),
}
