"""A form that creates something is processed once per submission key (ADR 0018)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from casereview.cases.models import Case, CaseStatus
from casereview.learning.models import Finding
from casereview.once.models import SubmissionKey
from tests.cases.test_pages import sign_in

pytestmark = pytest.mark.django_db


def _key_from(response) -> str:
    field = BeautifulSoup(response.content, "html.parser").select_one("input[name=submission_key]")
    assert field is not None, "the form carries no submission key"
    assert re.fullmatch(r"[0-9a-f]{32}", field["value"])
    return field["value"]


def test_the_same_referral_start_sent_twice_makes_one_draft(client, world):
    rep = world.people["agency_rep"]
    sign_in(client, rep)
    key = _key_from(client.get(reverse("referrals:list")))
    first = client.post(reverse("referrals:start"), {"submission_key": key})
    second = client.post(reverse("referrals:start"), {"submission_key": key})
    drafts = Case.objects.filter(created_by=rep, status=CaseStatus.DRAFT)
    assert drafts.count() == 1
    assert second.status_code == 302 and second.url == first.url == reverse("referrals:incident", args=[drafts[0].pk])
    page = client.get(second.url)
    assert "already been sent, so nothing was added twice" in page.content.decode()
    # A new showing of the form is a new key: starting another referral on purpose still works.
    again = _key_from(client.get(reverse("referrals:list")))
    assert again != key
    client.post(reverse("referrals:start"), {"submission_key": again})
    assert drafts.count() == 2


def test_a_finding_posted_twice_with_one_key_is_recorded_once(client, world):
    sign_in(client, world.people["bu_officer"])
    url = reverse("learning:finding-new", args=[world.case.reference])
    key = _key_from(client.get(url))
    data = {"text": "Agencies did not share what they knew about the new partner.", "submission_key": key}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Finding.objects.filter(case=world.case).count() == 1


def test_a_form_with_errors_does_not_spend_its_key(client, world):
    sign_in(client, world.people["bu_officer"])
    url = reverse("learning:finding-new", args=[world.case.reference])
    key = _key_from(client.get(url))
    assert client.post(url, {"text": "", "submission_key": key}).status_code == 200
    assert not SubmissionKey.objects.filter(key=key).exists()
    assert client.post(url, {"text": "A finding, corrected.", "submission_key": key}).status_code == 302
    assert Finding.objects.filter(case=world.case).count() == 1


def test_keys_belong_to_one_person(client, world):
    key = "0" * 32
    for person in ("bu_officer", "bu_manager"):
        client.logout()
        sign_in(client, world.people[person])
        client.post(reverse("learning:finding-new", args=[world.case.reference]),
                    {"text": f"A finding by {person}.", "submission_key": key})
    assert Finding.objects.filter(case=world.case).count() == 2


def test_a_server_error_saves_nothing_so_the_retry_starts_clean(client, world, monkeypatch):
    from casereview.learning import services

    original = services.finding_add

    def fails_after_writing(**kwargs):
        original(**kwargs)
        raise RuntimeError("the worker died here")

    monkeypatch.setattr(services, "finding_add", fails_after_writing)
    client.raise_request_exception = False
    sign_in(client, world.people["bu_officer"])
    url = reverse("learning:finding-new", args=[world.case.reference])
    data = {"text": "A finding.", "submission_key": "1" * 32}
    assert client.post(url, data).status_code == 500
    assert Finding.objects.filter(case=world.case).count() == 0
    monkeypatch.setattr(services, "finding_add", original)
    assert client.post(url, data).status_code == 302
    assert Finding.objects.filter(case=world.case).count() == 1
