"""How the notification that an export is ready reads (notifications.wording)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casereview.exports.models import Export
from casereview.notifications.models import Notification


def _ready(params: Mapping[str, Any]) -> str:
    what = Export.Kind(params["export_kind"]).label.lower()
    where = f" for {params['ref']}" if params.get("ref") else ""
    return f"Your {Export.Format(params['fmt']).label} of the {what}{where} is ready"


WORDING = {Notification.Kind.EXPORT_READY: _ready}
