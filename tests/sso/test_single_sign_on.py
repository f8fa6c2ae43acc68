"""Single sign-on against a real OpenID Connect provider on loopback: the code flow, the ID token's
signature, the email's domain, an account that must exist here, and the provider's second factor
counting only when its token's `amr` says "mfa"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.sso.models import IdentityProvider, ProviderSecondFactor
from tests.sso import provider

CALLBACK = "http://testserver/sign-in/organisation/callback/"


@pytest.fixture
def idp(world, oidc_issuer):
    provider.setup(oidc_issuer, redirect=CALLBACK, users=("bu_officer@test.example:mfa", "chair@test.example",
                                                          "stranger@test.example", "bu_manager@elsewhere.example"))
    return IdentityProvider.objects.create(partnership=world.partnership, name="Testshire staff account",
                                           issuer=oidc_issuer, client_id=provider.CLIENT_ID,
                                           client_secret=provider.CLIENT_SECRET, email_domains="test.example",
                                           created_by=world.people["bu_manager"])


def _through(client, email: str, as_email: str | None = None):
    started = client.post(reverse("sso:start"), {"email": email})
    assert started.status_code == 302, started.content.decode()[:500]
    back = provider.sign_in_at_provider(started["Location"], as_email or email, CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def test_the_providers_second_factor_counts_when_its_token_says_mfa(client, idp):
    response = _through(client, "bu_officer@test.example")
    assert response.status_code == 302 and response["Location"] == reverse("work:home")
    assert client.get(reverse("work:home")).status_code == 200  # verified: no second factor asked here
    assert ProviderSecondFactor.objects.filter(user__email="bu_officer@test.example", provider=idp).exists()
    signed = AuditEvent.objects.get(code="sso.signed_in")
    assert signed.params == {"provider": "Testshire staff account", "mfa": True}


def test_without_mfa_in_the_token_this_services_second_factor_is_asked(client, idp):
    response = _through(client, "chair@test.example")
    assert response["Location"].startswith(reverse("accounts:second-factor"))
    following = client.get(reverse("work:home"))
    assert following.status_code == 302 and following["Location"].startswith(reverse("accounts:second-factor"))


def test_someone_with_no_account_here_is_refused(client, idp):
    response = _through(client, "stranger@test.example")
    assert response.status_code == 403 and "no active account" in response.content.decode()
    assert AuditEvent.objects.filter(code="sso.refused").exists()
    assert client.get(reverse("work:home")).status_code == 302


def test_a_provider_cannot_vouch_for_an_address_outside_its_domains(client, idp):
    # The person starts as a Testshire address, but the provider says they are someone elsewhere.
    response = _through(client, "bu_manager@test.example", as_email="bu_manager@elsewhere.example")
    assert response.status_code == 403 and "not name an email address in its domains" in response.content.decode()


def test_an_address_no_provider_signs_in_is_sent_back_to_the_password(client, idp):
    response = client.post(reverse("sso:start"), {"email": "someone@nowhere.example"})
    assert response.status_code == 200 and "does not sign in to this service this way" in response.content.decode()


def test_a_forged_callback_is_refused(client, idp):
    client.post(reverse("sso:start"), {"email": "bu_officer@test.example"})
    response = client.get(reverse("sso:callback"), {"code": "made-up", "state": "made-up"})
    assert response.status_code == 400
    assert client.get(reverse("work:home")).status_code == 302
