"""What happens to people's roles, for the apps downstream to act on without this app knowing them.

roles_withdrawn: a person no longer holds these roles in a partnership (reports withdraws their
live approvals). role_proposed: a sensitive role waits for a second person (notifications tells
the people who may confirm it and the role's current holders).
"""

from django.dispatch import Signal

# sender=RoleAssignment; person, partnership, roles (set of role values), by, reason
roles_withdrawn = Signal()
# sender=RoleProposal; proposal
role_proposed = Signal()
# sender=RoleProposal; proposal (confirmed or declined)
role_decided = Signal()
