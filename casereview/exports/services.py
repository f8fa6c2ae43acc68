"""Asking for a large export, making it in the worker, handing it over, and letting it expire.

Each step is audited separately: the request, the completion and every download (an export the
person never fetched is not recorded as exported)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.exports.kinds import allowed, describe, kind_of
from casereview.exports.models import Export
from casereview.notifications.models import Notification
from casereview.notifications.services import notify

logger = logging.getLogger(__name__)


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def _said(export: Export, about) -> dict:
    said = {"kind": export.kind, "fmt": export.fmt, "count": about.count}
    if about.period:
        said.update(start_on=about.period[0].isoformat(), end_on=about.period[1].isoformat())
    return said


def export_request(export: Export) -> Export:
    """Saves the export asked for (its kind's app fills it in) and has the worker make it."""
    from casereview.exports.tasks import build_export

    if not allowed(export, export.requested_by):
        raise PermissionDenied
    about = describe(export)
    with transaction.atomic():
        export.save()
        audit_record(action=Action.EXPORT, actor=export.requested_by, target=export.case, case=export.case,
                     partnership_id=export.partnership_id,
                     code="exports.asked", params=_said(export, about))
        transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def progress_record(export_id: int, done: int) -> None:
    Export.objects.filter(pk=export_id).update(done=done)


def export_build(export_id: int) -> bool:
    """Makes the file. Idempotent: a finished export is left alone; a half-made one starts again."""
    export = Export.objects.select_related("case", "requested_by", "partnership").filter(pk=export_id).first()
    if export is None or export.status in (Export.Status.READY, Export.Status.EXPIRED, Export.Status.FAILED):
        return False
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING, done=0)
    export_dir().mkdir(parents=True, exist_ok=True)
    name = f"{export.token.hex}.{export.fmt}"
    target = export_dir() / name
    partial = target.with_suffix(target.suffix + ".part")
    try:
        count = kind_of(export).build(export, partial)
    except PermissionDenied:
        partial.unlink(missing_ok=True)
        _fail(export, "no_access")
        return False
    partial.replace(target)  # a reader never sees a half-written file
    now = timezone.now()
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.READY, done=count, total=count, file_name=name, size=target.stat().st_size,
        finished_at=now, expires_at=now + timedelta(hours=settings.EXPORT_KEEP_HOURS))
    export.total = count
    about = describe(export)
    audit_record(action=Action.EXPORT, actor=export.requested_by, target=export.case, case=export.case,
                 partnership_id=export.partnership_id,
                 code="exports.made", params=_said(export, about))

    notify(recipients=[export.requested_by], kind=Notification.Kind.EXPORT_READY, case=export.case,
           path=reverse("exports:status", args=[export.token]), fmt=export.fmt, export_kind=export.kind,
           ref=export.case.reference if export.case_id else "")
    return True


def _fail(export: Export, reason: str) -> None:
    Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED, failure=reason[:200],
                                               finished_at=timezone.now())


def export_failed(export_id: int, reason: str) -> None:
    export = Export.objects.filter(pk=export_id).first()
    if export is not None and export.status != Export.Status.READY:
        _fail(export, reason)


def export_download(*, export: Export, by) -> Path:
    """The file to send, after checking it is theirs, ready, unexpired and still within their access."""
    if export.requested_by_id != by.pk:
        raise PermissionDenied
    if export.status != Export.Status.READY or (export.expires_at and export.expires_at <= timezone.now()):
        raise FileNotFoundError
    if not allowed(export, by):
        raise PermissionDenied
    path = export_dir() / export.file_name
    if not path.exists():
        raise FileNotFoundError
    Export.objects.filter(pk=export.pk).update(downloads=F("downloads") + 1)  # two downloads at once both count
    about = describe(export)
    audit_record(action=Action.EXPORT, actor=by, target=export.case, case=export.case,
                 partnership_id=export.partnership_id,
                 code="exports.downloaded", params=_said(export, about))
    return path


def exports_expire(now=None) -> int:
    """Deletes the files of exports past their time. Run by the daily sweep and by the worker."""
    now = now or timezone.now()
    expired = 0
    for export in Export.objects.filter(status=Export.Status.READY, expires_at__lte=now):
        (export_dir() / export.file_name).unlink(missing_ok=True)
        Export.objects.filter(pk=export.pk).update(status=Export.Status.EXPIRED, file_name="")
        expired += 1
    return expired
