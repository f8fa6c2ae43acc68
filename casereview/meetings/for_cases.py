"""What meetings give the case engine, from MeetingsConfig.ready(): the link from a case's page to
the meetings where it was discussed."""

from __future__ import annotations

from casereview.cases import page_links
from casereview.meetings.rules import runs_meetings


def _shown(user, case) -> bool:
    return runs_meetings(user, case.partnership_id) and user.has_perm("cases.view_case", case)


def register() -> None:
    page_links.register(page_links.CaseLink(
        16, "Meetings: where this case was discussed, the decisions and the papers", "meetings:case", _shown))
