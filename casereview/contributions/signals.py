"""A person invited to answer a request finds it waiting when they first sign in."""

from django.dispatch import receiver

from casereview.partnerships.signals import invitation_accepted


@receiver(invitation_accepted, dispatch_uid="contributions.invited_contributor")
def invited_contributor(sender, invitation, person, **kwargs):
    from casereview.contributions.services import invited_contributor_join

    invited_contributor_join(invitation=invitation, person=person)
