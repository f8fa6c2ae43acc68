"""Deleting a record's content: every row that hangs from it, in every table, and every file those
rows point to in the file store. What stays is the case's reference and pseudonym (which name
nobody and which the audit trail and any published report point to), the published report itself,
and the disposal certificate."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import FileField, Model, QuerySet
from django.db.models.deletion import Collector

from casereview.audit.models import AuditEvent
from casereview.casefiles.models import CaseDocument
from casereview.cases.models import Case, SubjectIdentity
from casereview.contributions.models import AgencyRequest, ChronologyEntry, ChronologyRelease, EntryFlag
from casereview.exports.models import Export
from casereview.exports.services import export_dir
from casereview.learning.models import Briefing
from casereview.reports.models import PublishedReport
from casereview.retention.models import DisposalItem, LegalHold, RecordKind

# Kept when a whole case goes: the audit trail (its own rule), the published report (never
# disposed of), and the retention records themselves.
_KEPT = {AuditEvent, PublishedReport, LegalHold, DisposalItem}


def _files_of(model: type[Model], rows: Iterable[Model]) -> list[tuple[object, str]]:
    fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
    found = []
    for row in rows:
        for field in fields:
            name = getattr(getattr(row, field.attname), "name", None)
            if name:
                found.append((field.storage, name))
    return found


def delete_with_files(querysets: Iterable[QuerySet]) -> dict:
    """Deletes the rows and everything that cascades from them; the files they held go once the
    deletion has committed, so a failure leaves both in place. Returns what was removed."""
    collector = Collector(using="default")
    for queryset in querysets:
        collector.collect(queryset)
    files = [pair for model, rows in collector.data.items() for pair in _files_of(model, rows)]
    for queryset in collector.fast_deletes:
        # Rows deleted without loading them still name their files.
        if any(isinstance(f, FileField) for f in queryset.model._meta.concrete_fields):
            files += _files_of(queryset.model, queryset)
    count, _ = collector.delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return {"rows": count, "files": len(files)}


def _export_files(case: Case) -> list[str]:
    return [name for name in Export.objects.filter(case=case).values_list("file_name", flat=True) if name]


def _whole_case(case: Case) -> dict:
    """Every row hanging from the case except what is kept; then the case itself is emptied."""
    exports = _export_files(case)
    Briefing.objects.filter(case=case).update(case=None)  # published learning outlives the case
    querysets = []
    for relation in Case._meta.related_objects:
        model = relation.related_model
        if model in _KEPT or model is Briefing:
            continue
        if relation.many_to_many:
            getattr(case, relation.get_accessor_name()).clear()
            continue
        querysets.append(model._default_manager.filter(**{relation.field.name: case}))
    case.agencies.clear()
    removed = delete_with_files(querysets)
    transaction.on_commit(lambda: [(export_dir() / name).unlink(missing_ok=True) for name in exports])
    Case.objects.filter(pk=case.pk).update(summary="", owner=None, next_due_date=None, next_due_soon_from=None,
                                           next_clock_name="", created_by=None)
    return {**removed, "files": removed["files"] + len(exports)}


def dispose(kind: str, case: Case) -> dict:
    if kind in (RecordKind.CASE, RecordKind.NOT_TAKEN_FORWARD):
        return _whole_case(case)
    if kind == RecordKind.IDENTITY:
        return delete_with_files([SubjectIdentity.objects.filter(subject__case=case)])
    if kind == RecordKind.RETURNS:
        return delete_with_files([AgencyRequest.objects.filter(case=case), ChronologyEntry.objects.filter(case=case),
                                  EntryFlag.objects.filter(case=case), ChronologyRelease.objects.filter(case=case)])
    if kind == RecordKind.DOCUMENTS:
        return delete_with_files([CaseDocument.objects.filter(case=case)])
    raise ValueError(f"no disposal for {kind!r}")
