"""Who may see a case's learning."""

from __future__ import annotations

from casereview.partnerships.access import has_capability


def sees_learning(user, case) -> bool:
    """Those who manage, assure or oversee the partnership's learning into practice."""
    return any(has_capability(user, case.partnership_id, c)
               for c in ("manage_learning", "assure_actions", "view_dashboard"))
