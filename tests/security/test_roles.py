"""Separation of duties: findings 1 and 6 of the security review.

Before the fix a system administrator gave themselves "business unit manager", and a business
unit officer gave themselves each partner role in turn and approved a report three times."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from casereview.accounts.models import User
from casereview.notifications.models import Notification
from casereview.partnerships import services
from casereview.partnerships.access import CAPABILITIES, DIRECT, GRANTS, SENSITIVE_ROLES, TWO_PERSON, grant_kind
from casereview.partnerships.models import Role, RoleAssignment, RoleProposal
from casereview.reports import queries as report_queries
from casereview.reports import services as reports
from casereview.reports.models import Approval
from tests.factories import make_person, sign_in


def _roles(person, partnership) -> set[str]:
    return set(RoleAssignment.objects.filter(person=person, partnership=partnership).values_list("role", flat=True))


def test_a_system_administrator_cannot_give_themselves_business_unit_manager(world):
    admin = world.people["sysadmin"]
    with pytest.raises(ValidationError, match="cannot change your own roles"):
        services.person_set_roles(person=admin, partnership=world.partnership, by=admin,
                                  roles=[Role.SYSTEM_ADMINISTRATOR, Role.BUSINESS_UNIT_MANAGER])
    assert _roles(admin, world.partnership) == {Role.SYSTEM_ADMINISTRATOR}


def test_an_officer_cannot_give_themselves_a_partner_role_through_the_page(client, world):
    officer = world.people["bu_officer"]
    sign_in(client, officer)
    for role in (Role.PARTNER_LA, Role.PARTNER_POLICE, Role.PARTNER_ICB):
        response = client.post(reverse("partnerships:person", args=[world.partnership.slug, officer.pk]),
                               {"roles": [Role.BUSINESS_UNIT_OFFICER, role]})
        assert response.status_code == 200
        assert "You cannot change your own roles" in response.content.decode()
    assert _roles(officer, world.partnership) == {Role.BUSINESS_UNIT_OFFICER}
    assert not RoleProposal.objects.exists()


def test_a_partner_role_takes_a_second_person_and_its_holders_are_told(world, django_capture_on_commit_callbacks):
    officer, manager, subject = world.people["bu_officer"], world.people["bu_manager"], world.people["agency_rep"]
    with django_capture_on_commit_callbacks(execute=True):
        done = services.person_set_roles(person=subject, partnership=world.partnership, by=officer,
                                         roles=[Role.AGENCY_REPRESENTATIVE, Role.PARTNER_POLICE], reason="New DSP")
    assert done["proposed"] == {Role.PARTNER_POLICE} and not done["granted"]
    assert Role.PARTNER_POLICE not in _roles(subject, world.partnership)
    proposal = RoleProposal.objects.get(person=subject, role=Role.PARTNER_POLICE)
    told = set(Notification.objects.filter(kind="role_proposed").values_list("recipient__email", flat=True))
    # The current holder of the role and the people who could confirm it; never the proposer or the subject.
    assert world.people["partner_police"].email in told and manager.email in told
    assert officer.email not in told and subject.email not in told
    for wrong in (officer, subject):
        with pytest.raises(ValidationError):
            services.role_proposal_decide(proposal=proposal, by=wrong, confirm=True)
    with pytest.raises(PermissionDenied):  # may not grant partner roles at all
        services.role_proposal_decide(proposal=proposal, by=world.people["sysadmin"], confirm=True)
    services.role_proposal_decide(proposal=proposal, by=manager, confirm=True)
    assert Role.PARTNER_POLICE in _roles(subject, world.partnership)
    with pytest.raises(ValidationError, match="already been decided"):
        services.role_proposal_decide(proposal=proposal, by=manager, confirm=True)


def test_an_invitation_brings_sensitive_roles_only_as_proposals(world):
    invitation = services.invitation_create(
        partnership=world.partnership, email="new.partner@test.example", full_name="New Partner",
        agency=world.agencies["police"], roles=[Role.AGENCY_REPRESENTATIVE, Role.PARTNER_POLICE],
        by=world.people["bu_officer"])
    assert invitation.roles == [Role.AGENCY_REPRESENTATIVE]
    assert invitation.proposals.get().role == Role.PARTNER_POLICE
    with pytest.raises(ValidationError, match="cannot invite yourself"):
        services.invitation_create(partnership=world.partnership, email="bu_officer@test.example",
                                   full_name="Me", agency=world.agencies["police"],
                                   roles=[Role.AGENCY_REPRESENTATIVE], by=world.people["bu_officer"])


@pytest.mark.parametrize("granter_role", Role.values)
@pytest.mark.parametrize("granted_role", Role.values)
def test_every_granter_and_granted_role_pair_follows_the_table(world, granter_role, granted_role):
    granter = make_person("granter@test.example", "Granter", world.agencies["police"])
    RoleAssignment.objects.create(person=granter, partnership=world.partnership, role=granter_role)
    subject = make_person("subject@test.example", "Subject", world.agencies["police"])
    RoleAssignment.objects.create(person=subject, partnership=world.partnership, role=Role.AGENCY_REPRESENTATIVE)
    wanted = sorted({Role.AGENCY_REPRESENTATIVE, granted_role})
    expected = GRANTS.get(granter_role, {}).get(granted_role)
    if granter_role not in CAPABILITIES["manage_people"]:
        with pytest.raises(PermissionDenied):
            services.person_set_roles(person=subject, partnership=world.partnership, by=granter, roles=wanted)
        return
    if granted_role == Role.AGENCY_REPRESENTATIVE:
        with pytest.raises(ValidationError, match="Nothing has changed"):
            services.person_set_roles(person=subject, partnership=world.partnership, by=granter, roles=wanted)
        return
    if expected is None:
        with pytest.raises(ValidationError, match="cannot give or take away"):
            services.person_set_roles(person=subject, partnership=world.partnership, by=granter, roles=wanted)
        assert granted_role not in _roles(subject, world.partnership)
        return
    done = services.person_set_roles(person=subject, partnership=world.partnership, by=granter, roles=wanted)
    if expected == DIRECT:
        assert done["granted"] == {granted_role} and granted_role in _roles(subject, world.partnership)
    else:
        assert done["proposed"] == {granted_role} and granted_role not in _roles(subject, world.partnership)


def test_no_sensitive_role_is_in_one_persons_gift():
    for granter in GRANTS:
        for role in SENSITIVE_ROLES:
            assert grant_kind({granter}, role) in (TWO_PERSON, None), (granter, role)


def _published_version(world, lcspr_case):
    return reports.version_save(case=lcspr_case, by=world.people["bu_officer"],
                                sections={"introduction": "<p>About Child A.</p>"})


def test_one_person_holding_three_partner_roles_approves_once(world):
    officer = world.people["bu_officer"]
    for role in (Role.PARTNER_LA, Role.PARTNER_POLICE, Role.PARTNER_ICB):
        RoleAssignment.objects.create(person=officer, partnership=world.partnership, role=role)
    version = _published_version(world, world.case)
    reports.approval_record(case=world.case, by=officer, version=version)
    for _ in range(2):
        with pytest.raises(ValidationError, match="different person"):
            reports.approval_record(case=world.case, by=officer, version=version)
    assert Approval.objects.filter(version=version, withdrawn_at=None).count() == 1
    assert not report_queries.approvals_complete(world.case)
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database refuses it underneath
        Approval.objects.create(case=world.case, version=version, partner="partner_icb", person=officer,
                                approved_on=date(2026, 1, 1))


def test_taking_a_partner_role_away_withdraws_the_approval_given_in_it(world):
    version = _published_version(world, world.case)
    for persona in ("partner_la", "partner_police", "partner_icb"):
        reports.approval_record(case=world.case, by=world.people[persona], version=version)
    assert report_queries.approvals_complete(world.case)
    police = world.people["partner_police"]
    services.person_set_roles(person=police, partnership=world.partnership, by=world.people["bu_manager"],
                              roles=[])
    approval = Approval.objects.get(person=police)
    assert approval.withdrawn_at is not None and "taken away" in approval.withdrawn_reason
    assert not report_queries.approvals_complete(world.case)
    assert any("approve" in p for p in reports.publication_problems(world.case))


def test_an_approval_stops_counting_when_its_holder_loses_the_role_by_any_route(world):
    version = _published_version(world, world.case)
    for persona in ("partner_la", "partner_police", "partner_icb"):
        reports.approval_record(case=world.case, by=world.people[persona], version=version)
    RoleAssignment.objects.filter(person=world.people["partner_icb"]).delete()  # behind the services' back
    assert not report_queries.approvals_complete(world.case)


def test_removing_someone_from_a_partnership_leaves_their_account_and_other_roles(world):
    person = world.people["agency_rep"]
    RoleAssignment.objects.create(person=person, partnership=world.other_partnership,
                                  role=Role.AGENCY_REPRESENTATIVE)
    services.person_remove_from_partnership(person=person, partnership=world.other_partnership,
                                            by=world.people["other_partnership_manager"])
    person.refresh_from_db()
    assert person.is_active
    assert _roles(person, world.partnership) == {Role.AGENCY_REPRESENTATIVE}
    assert not _roles(person, world.other_partnership)
    with pytest.raises(PermissionDenied):  # a partnership closes nothing beyond its own roles
        services.account_close(person=person, by=world.people["other_partnership_manager"], reason="x")


def test_accepting_an_invitation_to_an_existing_account_needs_its_owner_signed_in(client, world):
    from casereview.partnerships.services import token_hash

    existing = world.people["agency_rep"]
    invitation = world.invitation
    invitation.email, invitation.token_hash = existing.email, token_hash("the-token")
    invitation.save()
    url = reverse("invitations:accept", args=["the-token"])
    response = client.post(url)
    assert "Sign in to accept" in response.content.decode()
    assert not RoleAssignment.objects.filter(person=existing, role=invitation.roles[0],
                                             partnership=world.partnership).exclude(
        role=Role.AGENCY_REPRESENTATIVE).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    with pytest.raises(ValidationError, match="Sign in"):
        services.invitation_accept(token="the-token", password=None)
    sign_in(client, User.objects.get(pk=existing.pk))
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_by_id == existing.pk


def test_an_invitation_sent_before_the_two_person_rule_brings_sensitive_roles_as_proposals(world):
    from casereview.partnerships.models import Invitation
    from casereview.partnerships.services import token_hash

    old = Invitation.objects.create(
        partnership=world.partnership, email="old.invite@test.example", full_name="Old Invite",
        agency=world.agencies["police"], roles=[Role.AGENCY_REPRESENTATIVE, Role.PARTNER_ICB],
        created_by=world.people["bu_officer"], token_hash=token_hash("old-token"),
        expires_at=world.invitation.expires_at)
    person, _ = services.invitation_accept(token="old-token", password="a long new password for the test")
    assert _roles(person, world.partnership) == {Role.AGENCY_REPRESENTATIVE}
    assert old.proposals.get().role == Role.PARTNER_ICB and old.proposals.get().person == person
