"""Asking agencies: those known to the family preselected, each recipient's due date shown before
anything is sent, and an agency with nobody in the service asked through an invitation."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from casereview.contributions.models import AgencyRequest
from casereview.partnerships.models import Invitation
from casereview.partnerships.services import invitation_accept, token_hash
from tests.factories import sign_in

TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_known_agencies_are_preselected_and_due_dates_shown_before_sending(client, world):
    world.case.agencies.set([world.agencies["police"]])
    sign_in(client, world.people["bu_officer"])
    url = reverse("contributions:request-new", args=[world.case.reference])
    page = client.get(url).content.decode()
    rep = world.people["agency_rep"]
    assert f'value="{rep.pk}" checked' in page and "Agency Rep, Testshire Police (known to the family)" in page
    form = {"kind": "chronology", "contributors": [rep.pk], "instructions": "Cover the last year."}
    checking = client.post(url, form).content.decode()
    assert "Check before sending" in checking and "Testshire Police" in checking
    assert "working days" in checking  # the due date's explanation, from the process pack
    assert not AgencyRequest.objects.exists()
    client.post(url, {**form, "confirmed": "yes"})
    assert AgencyRequest.objects.get().contributors.get() == rep


def test_an_agency_with_nobody_is_asked_through_an_invitation(client, world):
    sign_in(client, world.people["bu_officer"])
    url = reverse("contributions:request-new", args=[world.case.reference])
    form = {"kind": "chronology", "instructions": "x", "invite_agency": world.agencies["csc"].pk,
            "invite_name": "Casey Newcomer", "invite_email": "casey@csc.example", "confirmed": "yes"}
    half = client.post(url, {**form, "invite_email": ""}).content.decode()
    assert "Enter the email address of the person to invite" in half
    client.post(url, form)
    asked = AgencyRequest.objects.get(agency=world.agencies["csc"])
    assert not asked.contributors.exists()
    invitation = Invitation.objects.get(email="casey@csc.example")
    assert invitation.roles == ["agency_representative"] and invitation.agency == world.agencies["csc"]
    # Accepting the invitation: the request is theirs, and so is that one case, nothing more.
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash("the-link"))
    person, _ = invitation_accept(token="the-link", password="a long enough password 123")
    assert list(asked.contributors.all()) == [person]
    assert person.case_memberships.get().case == world.case
    from casereview.work.queries import work_for

    mine = {s.key: s for s in work_for(person, TODAY)}["my_requests"]
    assert [i.href for i in mine.items] == [reverse("contributions:request", args=[asked.pk])]
