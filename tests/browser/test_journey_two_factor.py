"""Security codes in the browser (issue 12, finding 2): a board that requires them; its member
sets up an authenticator app at sign-in, then signs in with a code, is refused a wrong code,
and signs in with a backup code. Every page is checked with axe."""

import base64

from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast


def _code(key: bytes, drift: int = 0) -> str:
    return f"{totp(key, step=30, t0=0, digits=6, drift=drift):06d}"


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_member_sets_up_security_codes_and_signs_in_with_them(page: Page):
    cast = make_cast()
    cast.board.require_two_factor = True
    cast.board.save()

    sign_in(page, "member")
    expect(page.get_by_role("heading", name="Set up security codes")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to add this service")).to_be_visible()
    assert_accessible(page)
    key = base64.b32decode(page.locator("#setup-key").inner_text().replace(" ", ""))
    page.get_by_label("Security code from the app").fill("000000")
    page.get_by_role("button", name="Turn on security codes").click()
    expect(page.get_by_role("link", name="The security code is not correct")).to_be_visible()
    assert_accessible(page)
    page.wait_for_timeout(1100)  # django-otp slows down the next try after a wrong code
    page.get_by_label("Security code from the app").fill(_code(key))
    page.get_by_role("button", name="Turn on security codes").click()
    expect(page.get_by_role("heading", name="Security codes are on")).to_be_visible()
    backup = page.locator("#backup-codes code").all_inner_texts()
    assert len(backup) == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my backup codes").click()
    expect(page.get_by_role("heading", name="Sign in")).not_to_be_visible()
    _sign_out(page)

    # A wrong code, then the right one.
    sign_in(page, "member")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Security code").fill("123456")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="The security code is not correct")).to_be_visible()
    assert_accessible(page)
    page.wait_for_timeout(1100)
    page.get_by_label("Security code").fill(_code(key, 1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your security code")).not_to_be_visible()
    page.goto("/reviews/")
    expect(page.get_by_role("heading", name="Reviews")).to_be_visible()
    _sign_out(page)

    # A backup code.
    sign_in(page, "member")
    page.get_by_text("I do not have my phone").click()
    page.get_by_label("Security code").fill(backup[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a backup code. You have 9 left")).to_be_visible()
    assert_accessible(page)

    # New backup codes from the account page: the old ones stop working.
    page.goto("/accounts/")
    expect(page.get_by_role("heading", name="Security codes")).to_be_visible()
    expect(page.get_by_text("You have 9 backup codes left")).to_be_visible()
    expect(page.get_by_role("button", name="Turn off security codes")).not_to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/work/team/pictures/sec-account-security-codes.png", full_page=True)
    page.get_by_role("button", name="Get new backup codes").click()
    expect(page.get_by_role("heading", name="You have new backup codes")).to_be_visible()
    renewed = page.locator("#backup-codes code").all_inner_texts()
    assert len(renewed) == 10 and not set(renewed) & set(backup)
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my backup codes").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    _sign_out(page)
    sign_in(page, "member")
    page.get_by_text("I do not have my phone").click()
    page.get_by_label("Security code").fill(backup[1])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="The security code is not correct")).to_be_visible()
    page.wait_for_timeout(1100)
    page.get_by_label("Security code").fill(renewed[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a backup code. You have 9 left")).to_be_visible()
