"""Signing in with an organisation's account, and the pages where a partnership sets its identity
providers up."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from requests import RequestException

from casereview.accounts import mfa
from casereview.accounts.decorators import public
from casereview.audit.models import Action
from casereview.audit.services import audit_record
from casereview.govuk.forms_bridge import apply_validation_error
from casereview.govuk.params import int_or_none
from casereview.govuk.wording import problem
from casereview.partnerships.models import Partnership
from casereview.partnerships.pages import partnership_for
from casereview.sso import queries, services, signin
from casereview.sso.forms import EmailForm, ProviderForm
from casereview.sso.models import IdentityProvider

logger = logging.getLogger(__name__)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = queries.provider_for(form.cleaned_data["email"])
        if provider is None:
            form.add_error("email", problem("Your organisation does not sign in to this service this way. Sign in "
                                            "with your email address and password instead.", "no_provider"))
        else:
            request.session[signin.SESSION_KEY] = provider.pk
            try:
                return signin.client_for(provider).authorize_redirect(
                    request, request.build_absolute_uri(reverse("sso:callback")),
                    login_hint=form.cleaned_data["email"])
            except (RequestException, OAuthError, ValueError) as error:
                logger.warning("Identity provider %s could not be reached: %s", provider.pk, type(error).__name__)
                form.add_error(None, problem("%(provider)s did not answer. Try again, or sign in with your email "
                                             "address and password.", "provider_silent", provider=provider.name))
    response = render(request, "sso/start.html", {"form": form})
    # The form's answer is a redirect to the provider, which the browser follows only if this
    # page's policy lets its form lead there.
    response._csp_config = {**settings.SECURE_CSP,
                            "form-action": [CSP.SELF, *queries.provider_origins()]}
    return response


@public
@never_cache
def callback(request):
    provider = IdentityProvider.objects.filter(pk=request.session.get(signin.SESSION_KEY), active=True).first()
    if provider is None:
        # No sign-in was started in this browser, or it was already used: nothing to finish.
        return render(request, "sso/expired.html", status=400)
    try:
        token = signin.client_for(provider).authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        satisfied = signin.sign_in(request, provider, claims)
    except (OAuthError, RequestException, ValueError, KeyError) as error:
        logger.warning("Sign-in through identity provider %s failed: %s", provider.pk, type(error).__name__)
        audit_record(action=Action.SIGN_IN_FAILED, partnership_id=provider.partnership_id, code="sso.refused",
                     params={"provider": provider.name, "why": "the provider's answer could not be checked"})
        return render(request, "sso/refused.html", {"provider": provider, "why": "its answer could not be checked"},
                      status=400)
    except signin.Refused as refused:
        audit_record(action=Action.SIGN_IN_FAILED, partnership_id=provider.partnership_id, code="sso.refused",
                     params={"provider": provider.name, "why": str(refused)})
        return render(request, "sso/refused.html", {"provider": provider, "why": str(refused)}, status=403)
    request.session.pop(signin.SESSION_KEY, None)
    if satisfied:
        return redirect("work:home")
    target = "accounts:second-factor" if mfa.has_second_factor(request.user) else "accounts:set-up-authenticator"
    messages.info(request, f"{provider.name} did not check a second factor, so this service asks for its own")
    return redirect(f"{reverse(target)}?{urlencode({'next': reverse('work:home')})}")


# --- Setting providers up ---------------------------------------------------------------------------


def _partnership(request, slug: str) -> Partnership:
    return partnership_for(request, slug, "manage_sign_in")


@never_cache
def providers(request, slug: str):
    partnership = _partnership(request, slug)
    return render(request, "sso/providers.html", {
        "partnership": partnership,
        "providers": list(IdentityProvider.objects.filter(partnership=partnership)),
        "callback": request.build_absolute_uri(reverse("sso:callback"))})


@never_cache
@require_http_methods(["GET", "POST"])
def provider(request, slug: str, pk: int | None = None):
    partnership = _partnership(request, slug)
    found = get_object_or_404(IdentityProvider, pk=pk, partnership=partnership) if pk else None
    initial = {"name": found.name, "issuer": found.issuer, "client_id": found.client_id,
               "email_domains": found.email_domains, "active": found.active} if found else {"active": True}
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_save(partnership=partnership, by=request.user, provider=found, data=form.cleaned_data,
                                   expected_version=int_or_none(request.POST.get("lock_version")))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The identity provider is saved")
            return redirect("sso:providers", partnership.slug)
    return render(request, "sso/provider.html", {"partnership": partnership, "provider": found, "form": form})
