"""Writes that stay right under pressure: concurrent referrals get distinct references, and a
refused step says the real reason."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from casereview.cases import lifecycle
from casereview.cases.models import Case
from tests.cases.journey import draft_referral, referred_case, step
from tests.factories import build_world, sign_in


@pytest.mark.django_db(transaction=True)
def test_twenty_referrals_submitted_at_once_get_twenty_references():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time; the race needs PostgreSQL's concurrent transactions")
    world = build_world()
    author = world.people["agency_rep"]
    drafts = [draft_referral(world, aware=date(2026, 5, 4), by=author) for _ in range(20)]
    start, errors, references = threading.Barrier(20), [], []

    def submit(case):
        try:
            start.wait()
            references.append(lifecycle.case_transition(case=case, name="submit", by=author).reference)
        except Exception as error:  # noqa: BLE001 — every failure is the finding
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(case,)) for case in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(references)) == 20
    # TST-2026-001 is the test world's own case: the counter starts after it.
    assert sorted(references) == [f"TST-2026-{n:03d}" for n in range(2, 22)]
    assert Case.objects.filter(reference__startswith="TST-2026-").count() == 21


def test_references_continue_after_ones_given_before_the_counter(world):
    Case.objects.filter(pk=world.case.pk).update(reference="TST-2026-007")
    assert referred_case(world, aware=date(2026, 5, 4)).reference == "TST-2026-008"
    assert referred_case(world, aware=date(2026, 5, 4)).reference == "TST-2026-009"
    assert referred_case(world, aware=date(2025, 5, 4)).reference == "TST-2025-001"


def test_a_refused_step_says_the_real_reason(client, world):
    case = referred_case(world, aware=date(2026, 5, 4))
    case = step(case, "hold_place", world.people["bu_officer"], reason="inquest", started_on=date(2026, 5, 5),
                review_on=date(2026, 9, 1))
    sign_in(client, world.people["bu_officer"])
    response = client.get(reverse("cases:step", args=[case.reference, "hold_place"]), follow=True)
    assert "The case is already on hold" in response.content.decode()
