"""Who may change the process pack. Deny by default."""

from __future__ import annotations

from casereview.partnerships.access import has_capability, has_site_capability


def manages_pack(user, partnership) -> bool:
    """A partnership's business unit manager changes its routes, stages, rules, reminders and closure days."""
    return has_capability(user, partnership.pk, "manage_process_pack")


def manages_day(user, partnership, *, national: bool) -> bool:
    """National bank holidays move every partnership's deadlines: only the installation's
    administrator changes them. A closure day belongs to its partnership's pack manager."""
    if national:
        return has_site_capability(user, "manage_national_calendar")
    return manages_pack(user, partnership)
