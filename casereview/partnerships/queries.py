from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from casereview.accounts.models import User
from casereview.audit.models import AuditEvent, RefusedAccess
from casereview.once.models import EmailDelivery
from casereview.partnerships.access import GRANTS, ROLE_FRAMEWORK, grant_kind, granters_of, roles_in
from casereview.partnerships.models import EnabledFramework, Invitation, Partnership, Role, RoleAssignment, RoleProposal

# What a partnership runs when it has enabled nothing: every partnership began with children's reviews.
DEFAULT_FRAMEWORKS = ("children",)


def enabled_frameworks(partnership_id: int) -> list[str]:
    """The keys of the review frameworks the partnership runs, in the order it enabled them."""
    keys = list(EnabledFramework.objects.filter(partnership_id=partnership_id).order_by("pk")
                .values_list("key", flat=True))
    return keys or list(DEFAULT_FRAMEWORKS)


def framework_labels(partnership_id: int) -> dict[str, str]:
    """The names the partnership gives its frameworks, where it chose one ("DARDR" rather than "DHR")."""
    return {row.key: row.label for row in EnabledFramework.objects.filter(partnership_id=partnership_id)
            if row.label}


def role_choices(partnership: Partnership) -> list[tuple[str, str]]:
    """The roles a person can hold here: a role that belongs to a framework only once it is enabled."""
    enabled = set(enabled_frameworks(partnership.pk))
    return [(value, label) for value, label in Role.choices
            if ROLE_FRAMEWORK.get(value) is None or ROLE_FRAMEWORK[value] in enabled]


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


def undelivered(invitations) -> set[int]:
    """The invitations whose latest sending GOV.UK Notify reported as not delivered (a bounce, a
    mailbox that does not exist), so the business unit can check the address and send again."""
    keys = {f"invitation:{inv.pk}:{int(inv.expires_at.timestamp())}": inv.pk for inv in invitations}
    failed = EmailDelivery.objects.filter(key__in=list(keys), status__in=EmailDelivery.FAILED)
    return {keys[key] for key in failed.values_list("key", flat=True)}


def partnership_audit(partnership: Partnership) -> QuerySet[AuditEvent]:
    """The partnership's own events, and changes to what every partnership shares."""
    return (AuditEvent.objects.filter(Q(partnership=partnership) | Q(scope="installation"))
            .select_related("actor", "case").order_by("-at", "-pk"))


def audit_filtered(events: QuerySet[AuditEvent], *, person: int | None = None, action: str = "", case: str = "",
                   date_from=None, date_to=None) -> QuerySet[AuditEvent]:
    if person:
        events = events.filter(actor_id=person)
    if action:
        events = events.filter(action=action)
    if case:
        events = events.filter(case__reference__icontains=case.strip())
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def waiting_proposals(partnership: Partnership) -> QuerySet[RoleProposal]:
    return (partnership.role_proposals.filter(outcome=RoleProposal.Outcome.WAITING, person__isnull=False)
            .select_related("person", "proposed_by").order_by("proposed_at"))


def decided_proposals(partnership: Partnership) -> QuerySet[RoleProposal]:
    return (partnership.role_proposals.exclude(outcome=RoleProposal.Outcome.WAITING)
            .select_related("person", "proposed_by", "decided_by").order_by("-decided_at"))


def grant_table(user, partnership: Partnership) -> list[tuple[str, str]]:
    """What this person may do with each role here: for the hint beside the roles form."""
    held = roles_in(user, partnership.pk)
    if not held & set(GRANTS):
        return []
    words = {"direct": "you can give it", "two_person": "a second person must confirm", None: "you cannot give it"}
    return [(Role(role).label, words[grant_kind(held, role)]) for role in Role.values]


def told_of_proposal(proposal: RoleProposal) -> QuerySet[User]:
    """Who hears of a proposal: everyone here who may grant the role (and so confirm it) and its
    current holders, but never the proposer or the person it is for. One query."""
    roles = granters_of(proposal.role) | {proposal.role}
    return (User.objects.filter(is_active=True, role_assignments__partnership_id=proposal.partnership_id,
                                role_assignments__role__in=roles)
            .exclude(pk__in=[proposal.proposed_by_id, proposal.person_id]).distinct())


def recent_refusals(partnership: Partnership, days: int = 7) -> list[RefusedAccess]:
    """Refused requests by people who hold a role here, newest hour first."""
    since = timezone.now() - timedelta(days=days)
    return list(RefusedAccess.objects.filter(hour__gte=since, person__role_assignments__partnership=partnership)
                .select_related("person").distinct().order_by("-hour", "-count")[:200])
