"""What happens to people's roles, for the apps downstream to act on without this app knowing them.

roles_withdrawn: a person no longer holds these roles in a partnership (reports withdraws their
live approvals). role_proposed: a sensitive role waits for a second person (notifications tells
the people who may confirm it and the role's current holders). invitation_accepted: someone
invited has their account (contributions makes them a contributor of the request that invited them).
"""

from django.dispatch import Signal

# sender=RoleAssignment; person, partnership, roles (set of role values), by, and reason: a code,
# "removed" (from the partnership), "account_closed" or "roles_changed", worded by whoever shows it
roles_withdrawn = Signal()
# sender=RoleProposal; proposal
role_proposed = Signal()
# sender=RoleProposal; proposal (confirmed or declined)
role_decided = Signal()
# sender=Invitation; invitation, person. Sent inside the acceptance's transaction, so whatever waits
# for the new person (a request to their agency) is theirs in the same step, or not at all.
invitation_accepted = Signal()
