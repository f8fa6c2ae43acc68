"""How notifications about the report read (notifications.wording)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from casereview.notifications.models import Notification

K = Notification.Kind

WORDING = {
    K.REPORT_CHANGED: _("{ref}: the report changed after your approval; please look again at version {version}"),
    K.FACT_CHECK_REQUESTED: _("{ref}: please check the facts in version {version} of the draft report"),
}
