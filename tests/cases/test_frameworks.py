"""The case engine follows the tables of the case's framework (ADR 0033): today only the children's
framework is registered, and a test framework shows that nothing in the engine names its tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from casereview.cases import frameworks, lifecycle
from casereview.cases.models import Case, CaseStatus
from casereview.process.models import Milestone
from tests.cases.journey import draft_referral, lcspr_at_stage, referred_case
from tests.factories import sign_in


def test_a_case_runs_under_the_childrens_framework_unless_told_otherwise(world):
    with time_machine.travel(date(2026, 5, 5), tick=False):
        case = referred_case(world, aware=date(2026, 5, 1))
    assert case.framework == "children" and frameworks.of(case) is lifecycle.CHILDREN
    assert case.pseudonym.startswith("Child ") and case.pseudonym.endswith("(2026)")
    assert [f.key for f in frameworks.registered()] == ["children", "adults", "domestic_abuse"]


@pytest.fixture
def trial(monkeypatch):
    """A framework with the children's transitions but its own naming, and screening taken away."""
    transitions = {name: t for name, t in lifecycle.TRANSITIONS.items() if name != "screen"}
    framework = replace(lifecycle.CHILDREN, key="trial", label="Trial reviews", transitions=transitions,
                        next_step={**lifecycle.NEXT_STEP, CaseStatus.REFERRED: "withdraw"},
                        pseudonym=lambda letters, year: f"Adult {letters}")
    monkeypatch.setitem(frameworks._frameworks, "trial", framework)
    return framework


def test_the_engine_names_steps_and_cases_from_the_cases_framework(world, trial, client):
    with time_machine.travel(date(2026, 5, 5), tick=False):
        case = draft_referral(world, aware=date(2026, 5, 1))
        Case.objects.filter(pk=case.pk).update(framework="trial")
        case.refresh_from_db()
        case = lifecycle.case_transition(case=case, name="submit", by=world.people["agency_rep"])
    assert case.pseudonym.startswith("Adult ") and "Child" not in case.pseudonym
    manager = world.people["bu_manager"]
    offered = [t.name for t in lifecycle.available_transitions(case, manager)]
    assert "screen" not in offered and "withdraw" in offered
    assert lifecycle.next_step(case).name == "withdraw"
    with pytest.raises(ValueError, match="no transition called 'screen' in the trial framework"):
        lifecycle.case_transition(case=case, name="screen", by=manager, data={})
    # The page for a step the framework does not have is not found, not refused.
    sign_in(client, manager)
    assert client.get(reverse("cases:step", args=[case.reference, "screen"])).status_code == 404


def test_leaving_a_stage_checks_what_the_cases_framework_says(world, trial, monkeypatch):
    def refuse(step):
        raise ValidationError("The trial framework refuses")

    monkeypatch.setitem(frameworks._frameworks, "trial", replace(
        trial, transitions=lifecycle.TRANSITIONS, next_step=lifecycle.NEXT_STEP,
        stage_exit={m: lifecycle.StageExit(check=refuse) for m in Milestone.values}))
    case = lcspr_at_stage(world, 1)
    Case.objects.filter(pk=case.pk).update(framework="trial")
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="The trial framework refuses"):
        lifecycle.case_transition(case=case, name="advance", by=world.people["bu_manager"],
                                  data={"terms_of_reference_on": date(2026, 2, 1)})
