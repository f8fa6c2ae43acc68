"""The foundation journeys in a real browser: sign-in with a second factor, lockout, access denied,
session time-out, and Exit this page. axe-core checks every page visited."""

import time

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories import PASSWORD, TOTP_KEY, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def code() -> str:
    return f"{totp(bytes.fromhex(TOTP_KEY)):06d}"


def sign_in(checked, email: str, *, check: bool = False) -> None:
    page = checked.page
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check it’s you")).to_be_visible()
    if check:
        checked.check_accessibility()
    page.get_by_label("Security code").fill(code())
    page.get_by_role("button", name="Continue").click()


def test_sign_in_with_a_second_factor_using_only_the_keyboard(checked):
    build_world()
    page = checked.page
    page.goto("/")
    checked.check_accessibility()
    page.goto("/sign-in/")
    checked.check_accessibility()
    # Keyboard only: Tab to each field, type, press Enter.
    page.keyboard.press("Tab")  # skip link
    page.get_by_label("Email address").focus()
    page.keyboard.type("bu_manager@test.example")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check it’s you")).to_be_visible()
    checked.check_accessibility()
    page.get_by_label("Security code").focus()
    page.keyboard.type(code())
    page.keyboard.press("Enter")
    # Everyone lands on their own work first; the case is one item on it.
    expect(page.get_by_role("heading", name="Your work", exact=True)).to_be_visible()
    checked.check_accessibility()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
    page.get_by_role("link", name="TST-2026-001").click()
    expect(page.get_by_role("heading", name="Child A")).to_be_visible()
    checked.check_accessibility()
    page.get_by_role("link", name="View identifying details").click()
    expect(page.get_by_text("Jayden Testperson")).to_be_visible()
    checked.check_accessibility()
    page.goto("/account/")
    checked.check_accessibility()
    page.goto("/partnerships/testshire/people/")
    checked.check_accessibility()
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    checked.check_accessibility()


def test_form_errors_are_summarised_and_accessible(checked):
    build_world()
    page = checked.page
    page.goto("/sign-in/")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error:")
    checked.check_accessibility()


def test_lockout_after_repeated_failures(checked, settings):
    build_world()
    page = checked.page
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill("bu_manager@test.example")
        page.get_by_label("Password", exact=True).fill("not the password at all")
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct email address and password")
    # The attempt that reaches the limit locks the account; then even the right password is refused.
    for password in ["not the password at all", PASSWORD]:
        page.goto("/sign-in/")
        page.get_by_label("Email address").fill("bu_manager@test.example")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="There have been too many attempts to sign in")).to_be_visible()
    checked.check_accessibility()


def test_access_denied_page(checked):
    build_world()
    sign_in(checked, "agency_rep_elsewhere@test.example")
    page = checked.page
    expect(page.get_by_role("heading", name="Your work", exact=True)).to_be_visible()
    assert "TST-2026-001" not in page.content()
    response = page.goto("/cases/TST-2026-001/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    checked.check_accessibility()


def test_session_times_out_after_a_warning(checked, settings):
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_WARNING_SECONDS = 5
    build_world()
    sign_in(checked, "bu_manager@test.example")
    page = checked.page
    expect(page.get_by_role("heading", name="Your work", exact=True)).to_be_visible()
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=8_000)
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    checked.check_accessibility()
    page.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # Doing nothing now: the warning comes back, then the session ends.
    expect(dialog).to_be_visible(timeout=8_000)
    expect(page.get_by_role("heading", name="You have been signed out")).to_be_visible(timeout=10_000)
    checked.check_accessibility()
    page.goto("/cases/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_exit_this_page_by_click(checked, settings, live_server):
    settings.EXIT_THIS_PAGE_URL = live_server.url + "/robots.txt"
    page = checked.page
    page.goto("/accessibility/")
    checked.check_accessibility()
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url("**/robots.txt")


def test_exit_this_page_by_pressing_shift_three_times(checked, settings, live_server):
    settings.EXIT_THIS_PAGE_URL = live_server.url + "/robots.txt"
    page = checked.page
    page.goto("/privacy/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
        time.sleep(0.1)
    page.wait_for_url("**/robots.txt")


def test_passkey_added_then_used_as_the_second_factor(checked, settings, live_server):
    # Browsers accept passkeys on "localhost" (not on an IP address), so this test uses that name.
    base = live_server.url.replace("127.0.0.1", "localhost")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    build_world()
    page = checked.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})

    page.goto(base + "/sign-in/")
    page.get_by_label("Email address").fill("lead_reviewer@test.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Security code").fill(code())
    page.get_by_role("button", name="Continue").click()
    page.goto(base + "/account/passkeys/add/")
    checked.check_accessibility()
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator("#passkey-register-status-message")).to_contain_text("success", ignore_case=True)
    page.goto(base + "/account/")
    expect(page.get_by_text("Passkey", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()

    page.goto(base + "/sign-in/")
    page.get_by_label("Email address").fill("lead_reviewer@test.example")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    checked.check_accessibility()
    page.get_by_role("button", name="Use your passkey").click()
    expect(page.get_by_role("heading", name="Your work", exact=True)).to_be_visible()
