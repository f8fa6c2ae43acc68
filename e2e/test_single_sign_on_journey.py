"""Issue 18's fifth journey in a real browser: a person signs in through the local OpenID Connect
provider, whose token says it checked their second factor, and lands on their work."""

import pytest
from playwright.sync_api import expect

from casereview.sso.models import IdentityProvider
from tests.factories import build_world
from tests.sso import provider

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_signs_in_through_their_organisation_and_lands_on_their_work(checked, live_server, oidc_issuer):
    world = build_world()
    provider.setup(oidc_issuer, redirect=f"{live_server.url}/sign-in/organisation/callback/",
                   users=("bu_officer@test.example:mfa",))
    IdentityProvider.objects.create(partnership=world.partnership, name="Testshire staff account", issuer=oidc_issuer,
                                    client_id=provider.CLIENT_ID, client_secret=provider.CLIENT_SECRET,
                                    email_domains="test.example", created_by=world.people["bu_manager"])
    page = checked.page
    page.goto("/sign-in/")
    checked.check_accessibility()
    page.get_by_role("link", name="Sign in with your organisation's account").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your work email address")
    checked.check_accessibility()
    page.get_by_label("Your work email address").fill("bu_officer@test.example")
    page.get_by_role("button", name="Continue").click()

    # The organisation's own sign-in page (the test provider stands in for Microsoft Entra ID).
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill("bu_officer@test.example")
    page.get_by_label("Password").fill(provider.PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()

    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/your-work/")
    checked.check_accessibility()
