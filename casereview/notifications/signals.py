"""Telling people about role proposals: who may confirm them, and who already holds the role."""

from django.dispatch import receiver
from django.urls import reverse

from casereview.accounts.models import User
from casereview.notifications.models import Notification
from casereview.notifications.services import notify
from casereview.partnerships.models import RoleAssignment, RoleProposal
from casereview.partnerships.queries import told_of_proposal
from casereview.partnerships.signals import role_decided, role_proposed


@receiver(role_proposed, dispatch_uid="notifications.role_proposed")
def tell_about_proposal(sender, proposal: RoleProposal, **kwargs):
    partnership = proposal.partnership
    notify(recipients=told_of_proposal(proposal), kind=Notification.Kind.ROLE_PROPOSED,
           path=reverse("partnerships:proposals", args=[partnership.slug]),
           message=f"{partnership.short_name}: {proposal.proposed_by.full_name} proposed {proposal.person.full_name} "
                   f"as {proposal.get_role_display().lower()}. A second person must confirm it")


@receiver(role_decided, dispatch_uid="notifications.role_decided")
def tell_about_decision(sender, proposal: RoleProposal, **kwargs):
    outcome = proposal.get_outcome_display().lower()
    holders = list(User.objects.filter(
        is_active=True, pk__in=RoleAssignment.objects.filter(partnership=proposal.partnership, role=proposal.role)
        .values("person_id")))
    recipients = {p.pk: p for p in [proposal.proposed_by, proposal.person, *holders] if p.is_active}
    recipients.pop(proposal.decided_by_id, None)
    notify(recipients=recipients.values(), kind=Notification.Kind.ROLE_DECIDED,
           path=reverse("accounts:account"),
           message=f"{proposal.partnership.short_name}: the role of {proposal.get_role_display().lower()} for "
                   f"{proposal.person.full_name} was {outcome} by {proposal.decided_by.full_name}")
