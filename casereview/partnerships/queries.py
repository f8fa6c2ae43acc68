from django.db.models import Prefetch, QuerySet

from casereview.accounts.models import User
from casereview.audit.models import AuditEvent
from casereview.partnerships.models import Invitation, Partnership, RoleAssignment


def people_in(partnership: Partnership) -> QuerySet[User]:
    return (
        User.objects.filter(role_assignments__partnership=partnership)
        .select_related("agency")
        .prefetch_related(Prefetch("role_assignments", queryset=RoleAssignment.objects.filter(partnership=partnership),
                                   to_attr="roles_here"))
        .distinct()
        .order_by("-is_active", "full_name")
    )


def open_invitations(partnership: Partnership) -> QuerySet[Invitation]:
    return partnership.invitations.filter(accepted_at=None, revoked_at=None).select_related("agency", "created_by")


def partnership_audit(partnership: Partnership) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(partnership=partnership).select_related("actor", "case").order_by("-at", "-pk")
