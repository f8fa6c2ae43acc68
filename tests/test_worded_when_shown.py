"""The audit log holds codes and parameters, worded when shown (ADR 0035): every code the service
records is registered, a template's fields are all given, and no sentence is stored."""

import ast
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from casereview.audit.models import Action, AuditEvent
from casereview.audit.services import audit_record
from casereview.cases.models import CaseTransition
from casereview.contributions.models import AgencyRequest
from casereview.govuk.wording import AUDIT, audit_words, fields_of, problem
from casereview.reports.models import Approval
from tests.cases.journey import decided_with_lead_reviewer, lcspr_to_publication

ROOT = Path(__file__).resolve().parent.parent / "casereview"
# Calls that record an audit event, and the position of the code among their arguments.
RECORDERS = {"audit_record": None, "_audit": 3, "_briefing_audit": 2, "_audit_identity_view": 2}


def _codes(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _codes(node.body), _codes(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


@cache
def _calls() -> list[tuple[Path, ast.Call, str | None]]:
    """Every call in the service's source, with the name it calls: the source is read once."""
    calls = []
    for path in ROOT.rglob("*.py"):
        if "migrations" not in path.parts:
            calls += [(path, node, getattr(node.func, "id", getattr(node.func, "attr", None)))
                      for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)]
    return calls


def _recorded() -> list[tuple[str, int, str, set[str] | None]]:
    """(file, line, code, parameter names given, or None where they are worked out at run time)."""
    found = []
    for path, node, name in _calls():
        if name not in RECORDERS:
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        position = RECORDERS[name]
        code_node = keywords.get("code") if position is None else (
            node.args[position] if len(node.args) > position else keywords.get("code"))
        if code_node is None:
            continue  # a wrapper passing its own argument on
        params_node = keywords.get("params") or (node.args[position + 1] if position is not None
                                                 and name == "_audit_identity_view" and len(node.args) > 3
                                                 else None)
        if isinstance(params_node, ast.Dict) and all(k is not None for k in params_node.keys):
            given = {k.value for k in params_node.keys}
        elif params_node is None and name not in ("_briefing_audit",):
            given = set()
        else:
            given = None
        codes = _codes(code_node)
        if codes is None:
            if isinstance(code_node, ast.Name):
                continue  # a wrapper's own parameter, or a code chosen above it (checked at run time)
            raise AssertionError(f"{path}:{node.lineno}: the audit code is not a literal")
        for code in codes:
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", code, given))
    return found


def test_the_service_records_audit_events_only_by_code():
    recorded = _recorded()
    assert len(recorded) > 140  # every recorder in the service, so a broken walk cannot pass quietly
    missing = [(where, code) for where, code, _ in recorded if code not in AUDIT.registered()]
    assert not missing


def test_every_template_is_given_its_parameters():
    gaps = []
    for where, code, given in _recorded():
        needs = fields_of(AUDIT.wording(code))
        if needs is not None and given is not None and not needs <= given:
            gaps.append((where, code, sorted(needs - given)))
    assert not gaps


def test_no_recorder_passes_a_sentence():
    assert not [f"{path}:{node.lineno}" for path, node, name in _calls()
                if name == "audit_record" and "summary" in {k.arg for k in node.keywords}]


@pytest.mark.django_db
def test_an_event_is_stored_as_a_code_and_worded_when_shown(monkeypatch):
    event = audit_record(action=Action.UPDATE, code="process.bank_holiday_added",
                         params={"name": "Coronation", "day_on": "2023-05-08"})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.summary == "" and stored.params == {"name": "Coronation", "day_on": "2023-05-08"}
    assert audit_words(stored) == "Added the bank holiday Coronation (8 May 2023)"
    # A better wording reaches every event already recorded.
    monkeypatch.setitem(AUDIT._wordings, "process.bank_holiday_added", "New bank holiday: {name}")
    assert audit_words(stored) == "New bank holiday: Coronation"


@pytest.mark.django_db
def test_older_events_keep_their_words_and_a_misfit_shows_its_code(settings):
    older = AuditEvent.objects.create(action=Action.UPDATE, summary="Changed the logo on documents")
    assert audit_words(older) == "Changed the logo on documents"
    settings.WORDING_STRICT = False
    AUDIT.register({"test.misfit": "Needs {missing}"})
    misfit = AuditEvent.objects.create(action=Action.UPDATE, code="test.misfit", params={})
    assert audit_words(misfit) == "test.misfit"


@pytest.mark.django_db
def test_an_unregistered_code_fails_the_action_that_records_it():
    with pytest.raises(KeyError):
        audit_record(action=Action.UPDATE, code="nobody.registered.this")


@pytest.mark.django_db
def test_a_review_taken_to_its_notice_stores_no_sentence(world):
    """The case engine's records hold codes, names people gave and dates: the step's title, the
    notice's recipients, a request's due-date explanation and why approvals were withdrawn are all
    worded when shown."""
    case = decided_with_lead_reviewer(world)
    case = lcspr_to_publication(world, case, planned_on=date(2026, 6, 30), notice_sent_on=date(2026, 6, 1))
    assert not AuditEvent.objects.exclude(summary="").exists()
    assert not CaseTransition.objects.exclude(label="").exists()
    notice = case.transitions.first()
    assert notice.title == "Complete this stage"
    assert notice.params == {"sent_to": ["panel", "secretary_of_state"]}
    assert notice.full_note.startswith("Sent to: The Child Safeguarding Practice Review Panel, The Secretary of State")
    assert not AgencyRequest.objects.exclude(explanation_kept="").exists()
    assert not Approval.objects.exclude(withdrawn_reason_kept="").exists()
    assert all(clock.explanation for clock in case.clocks.select_related("rule"))


def _sentences_raised() -> list[str]:
    """Validation errors raised with a bare sentence rather than `problem(text, code, **params)`."""
    bare = lambda node: isinstance(node, ast.JoinedStr) or (  # noqa: E731
        isinstance(node, ast.Constant) and isinstance(node.value, str))
    found = []
    for path, node, name in _calls():
        messages = []
        if name == "ValidationError" and node.args:
            first = node.args[0]
            messages = list(first.values) if isinstance(first, ast.Dict) else [first]
        elif name == "add_error" and len(node.args) == 2:
            messages = [node.args[1]]
        elif name in ("refuse", "_refuse"):
            messages = [v for k in node.keywords for v in (k.value.values if k.arg is None
                                                           and isinstance(k.value, ast.Dict) else [k.value])]
        found += [f"{path.relative_to(ROOT)}:{node.lineno}" for m in messages if bare(m)]
    return found


def test_validation_errors_carry_a_code_and_parameters():
    assert not _sentences_raised()


def test_a_problem_is_worded_with_its_parameters_when_shown():
    error = problem("The due date cannot be before %(sent_on)s (%(share)s%% done)", "due_before_sent",
                    sent_on="1 June 2026", share=50)
    assert isinstance(error, ValidationError)
    assert (error.code, error.params) == ("due_before_sent", {"sent_on": "1 June 2026", "share": 50})
    assert error.messages == ["The due date cannot be before 1 June 2026 (50% done)"]
    assert problem("Nothing has changed", "unchanged").messages == ["Nothing has changed"]
    keyed = ValidationError({"reason": problem("Say why %(what)s", "say_why", what="the date moved")})
    assert keyed.message_dict == {"reason": ["Say why the date moved"]}
