"""Telling people about role proposals: who may confirm them, and who already holds the role."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from casereview.accounts.models import User
from casereview.notifications.models import Notification
from casereview.notifications.services import notify
from casereview.notifications.wording import template
from casereview.partnerships.models import Role, RoleAssignment, RoleProposal
from casereview.partnerships.queries import told_of_proposal
from casereview.partnerships.signals import role_decided, role_proposed


def _role(params) -> str:
    return Role(params["role"]).label.lower()


WORDING = {
    Notification.Kind.ROLE_PROPOSED: template(
        _("{partnership}: {by} proposed {person} as {role}. A second person must confirm it"), role=_role),
    Notification.Kind.ROLE_DECIDED: template(
        _("{partnership}: the role of {role} for {person} was {outcome} by {by}"), role=_role,
        outcome=lambda params: RoleProposal.Outcome(params["outcome"]).label.lower()),
}


@receiver(role_proposed, dispatch_uid="notifications.role_proposed")
def tell_about_proposal(sender, proposal: RoleProposal, **kwargs):
    partnership = proposal.partnership
    notify(recipients=told_of_proposal(proposal), kind=Notification.Kind.ROLE_PROPOSED,
           path=reverse("partnerships:proposals", args=[partnership.slug]), partnership=partnership.short_name,
           by=proposal.proposed_by.full_name, person=proposal.person.full_name, role=proposal.role)


@receiver(role_decided, dispatch_uid="notifications.role_decided")
def tell_about_decision(sender, proposal: RoleProposal, **kwargs):
    holders = list(User.objects.filter(
        is_active=True, pk__in=RoleAssignment.objects.filter(partnership=proposal.partnership, role=proposal.role)
        .values("person_id")))
    recipients = {p.pk: p for p in [proposal.proposed_by, proposal.person, *holders] if p.is_active}
    recipients.pop(proposal.decided_by_id, None)
    notify(recipients=recipients.values(), kind=Notification.Kind.ROLE_DECIDED,
           path=reverse("accounts:account"), partnership=proposal.partnership.short_name, role=proposal.role,
           person=proposal.person.full_name, outcome=proposal.outcome, by=proposal.decided_by.full_name)
