from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casereview.accounts.models import User
from casereview.accounts.sudo import sudo_redirect
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.partnerships import queries, services
from casereview.partnerships.forms import InviteForm, RolesForm
from casereview.partnerships.models import Invitation, Partnership, Role, RoleProposal


def _partnership(request: HttpRequest, slug: str, perm: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not request.user.has_perm(perm, partnership):
        raise PermissionDenied
    return partnership


def people(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    invitations = list(queries.open_invitations(partnership))
    return render(request, "partnerships/people.html", {
        "partnership": partnership,
        "people": queries.people_in(partnership),
        "invitations": invitations,
        "undelivered": queries.undelivered(invitations),
        "waiting_count": queries.waiting_proposals(partnership).count(),
    })


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    form = InviteForm(request.POST or None, partnership=partnership, roles=queries.role_choices(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(partnership=partnership, by=request.user,
                                       **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"An invitation has been sent to {form.cleaned_data['email']}")
            return redirect("partnerships:people", partnership.slug)
    return render(request, "partnerships/invite.html", {"partnership": partnership, "form": form})


@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    subject = get_object_or_404(queries.people_in(partnership), pk=person_id)
    if request.method == "POST" and (prompt := sudo_redirect(request, request.path)):
        return prompt
    current = [r.role for r in subject.roles_here]
    offered = queries.role_choices(partnership)
    # A role the person already holds stays listed, so saving never drops it unseen.
    offered += [(r, Role(r).label) for r in current if r not in dict(offered)]
    form = RolesForm(request.POST or None, initial={"roles": current}, roles=offered)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.person_set_roles(person=subject, partnership=partnership, roles=form.cleaned_data["roles"],
                                             reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            said = []
            if done["granted"] or done["removed"]:
                said.append("The roles have been saved")
            if done["proposed"]:
                said.append(f"{len(done['proposed'])} {'role needs' if len(done['proposed']) == 1 else 'roles need'} "
                            "a second person who manages people to confirm before it takes effect")
            messages.success(request, ". ".join(said))
            return redirect("partnerships:person", partnership.slug, subject.pk)
    return render(request, "partnerships/person.html", {
        "partnership": partnership, "person": subject, "form": form, "is_self": subject.pk == request.user.pk,
        "proposals": queries.waiting_proposals(partnership).filter(person=subject),
        "grants": queries.grant_table(request.user, partnership),
    })


def proposals(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    waiting = list(queries.waiting_proposals(partnership))
    for proposal in waiting:
        proposal.can_decide = services.can_decide_proposal(request.user, proposal)
    return render(request, "partnerships/proposals.html", {
        "partnership": partnership, "waiting": waiting, "decided": queries.decided_proposals(partnership)[:50]})


@require_POST
def proposal_decide(request: HttpRequest, slug: str, proposal_id: int, decision: str) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    proposal = get_object_or_404(RoleProposal, pk=proposal_id, partnership=partnership)
    if decision == "withdraw":
        services.role_proposal_withdraw(proposal=proposal, by=request.user)
        messages.success(request, "The proposal has been withdrawn")
        return redirect("partnerships:proposals", partnership.slug)
    if proposal.outcome == RoleProposal.Outcome.WAITING and not services.can_decide_proposal(request.user, proposal):
        raise PermissionDenied
    if prompt := sudo_redirect(request, reverse("partnerships:proposals", args=[partnership.slug])):
        return prompt
    try:
        services.role_proposal_decide(proposal=proposal, by=request.user, confirm=decision == "confirm")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The role has been confirmed" if decision == "confirm"
                         else "The proposal has been declined")
    return redirect("partnerships:proposals", partnership.slug)


@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    subject = get_object_or_404(queries.people_in(partnership), pk=person_id)
    error = None
    if request.method == "POST":
        if prompt := sudo_redirect(request, request.path):
            return prompt
        try:
            services.person_remove_from_partnership(person=subject, partnership=partnership, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, f"{subject.full_name} no longer has any role in {partnership.short_name}")
            return redirect("partnerships:people", partnership.slug)
    return render(request, "partnerships/remove.html",
                  {"partnership": partnership, "person": subject, "error": error})


@require_POST
def invitation_action(request: HttpRequest, slug: str, invitation_id: int, action: str) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.manage_people")
    invitation = get_object_or_404(Invitation, pk=invitation_id, partnership=partnership)
    try:
        if action == "resend":
            services.invitation_resend(invitation=invitation, by=request.user)
            messages.success(request, f"The invitation to {invitation.email} has been sent again")
        else:
            services.invitation_revoke(invitation=invitation, by=request.user)
            messages.success(request, f"The invitation to {invitation.email} has been withdrawn")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("partnerships:people", partnership.slug)


def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug, "partnerships.view_audit")
    audit_record(action=Action.VIEW_AUDIT, actor=request.user, target=partnership, partnership=partnership,
                 code="partnerships.audit_log_viewed")
    from casereview.partnerships.forms import AuditFilterForm

    people = User.objects.filter(role_assignments__partnership=partnership).distinct().order_by("full_name")
    form = AuditFilterForm(request.GET or None, people=people)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    events = queries.audit_filtered(queries.partnership_audit(partnership), **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "partnerships/audit_log.html", {"partnership": partnership, "page": page, "form": form,
                                                            "query": params.urlencode(),
                                                            "refusals": queries.recent_refusals(partnership)})
