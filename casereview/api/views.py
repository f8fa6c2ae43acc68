"""The business unit manager's page for API tokens: issue one (shown once), see when each was last
used, and revoke it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from casereview.api import tokens
from casereview.api.forms import TokenForm
from casereview.api.models import ApiToken
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.partnerships.models import Partnership
from casereview.partnerships.pages import partnership_for


def _partnership(request, slug: str) -> Partnership:
    return partnership_for(request, slug, "manage_api_tokens")


@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request, slug: str):
    partnership = _partnership(request, slug)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.token_issue(partnership=partnership, by=request.user, name=form.cleaned_data["name"],
                                               scopes=form.cleaned_data["scopes"],
                                               expires_on=form.cleaned_data["expires_on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Shown in this one answer and never stored: no redirect, so it is in no address or session.
            return render(request, "api/issued.html", {"partnership": partnership, "token": token, "secret": secret})
    return render(request, "api/tokens.html", {
        "partnership": partnership, "form": form, "today": timezone.localdate(),
        "tokens": list(ApiToken.objects.filter(partnership=partnership).select_related("created_by", "revoked_by"))})


@require_POST
def token_revoke(request, slug: str, pk: int):
    partnership = _partnership(request, slug)
    token = tokens.token_revoke(token=get_object_or_404(ApiToken, pk=pk, partnership=partnership), by=request.user)
    messages.success(request, f"The token “{token.name}” is revoked: calls made with it are refused from now on")
    return redirect("api_tokens:list", partnership.slug)
