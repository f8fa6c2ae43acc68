"""Unsaved work on the report (ADR 0024): what someone types is kept as their private draft every few
seconds, so a closed tab, a lost connection or a colleague's save never costs them their text. A
version is still made only when they save deliberately (services.version_save), which removes it.

Each draft is one row per person per case, overwritten in place. Starting and discarding one are
audited; the saves in between are not, because they are a copy of work in progress, seen by nobody
else until it becomes a version (which is audited)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casereview.audit.models import Action
from casereview.cases.models import Case
from casereview.reports import rules, services
from casereview.reports.models import ReportDraft


def _require_writer(by, case: Case) -> None:
    if not rules.can_write(by, case):
        raise PermissionDenied


@transaction.atomic
def draft_autosave(*, case: Case, by, sections: dict[str, str], note: str = "", based_on: int | None = None,
                   imported_from: str = "", import_notes: list | None = None) -> ReportDraft:
    """Keeps the person's text as their draft. Raises ValidationError (nothing kept) if a section
    holds what a report cannot: the same rule as a deliberate save, so a draft can always be saved."""
    _require_writer(by, case)
    template = services.template_sections(case)
    clean = dict(zip((s["key"] for s in template), services.sanitise_sections(template, sections), strict=True))
    draft = ReportDraft.objects.select_for_update().filter(case=case, author=by).first() or \
        ReportDraft(case=case, author=by)
    started = draft.pk is None
    draft.sections, draft.note, draft.based_on = clean, note[:300], based_on
    if import_notes is not None:
        draft.imported_from, draft.import_notes = imported_from[:200], import_notes
    draft.save()
    if import_notes is not None:
        services._audit(by, case, draft, "reports.draft_imported",
                        action=Action.CREATE if started else Action.UPDATE)
    elif started:
        services._audit(by, case, draft, "reports.draft_started", action=Action.CREATE)
    return draft


@transaction.atomic
def draft_discard(*, case: Case, by) -> bool:
    _require_writer(by, case)
    draft = ReportDraft.objects.select_for_update().filter(case=case, author=by).first()
    if draft is None:
        return False
    services._audit(by, case, draft, "reports.draft_discarded", action=Action.DELETE)
    draft.delete()
    return True


def own_draft(case: Case, by) -> ReportDraft | None:
    return ReportDraft.objects.filter(case=case, author=by).first()


def others_drafts(case: Case, by) -> list[ReportDraft]:
    """Co-editors' unsaved drafts, newest first: who is editing, from which version, when last saved."""
    return list(ReportDraft.objects.filter(case=case).exclude(author=by).select_related("author")
                .order_by("-saved_at"))
