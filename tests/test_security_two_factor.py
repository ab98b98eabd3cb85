"""A second factor (issue 12, finding 2): security codes from an authenticator app (TOTP) with
backup codes; required for administrators (Django admin included) and for members of a board
that asks for it; set up guided at sign-in. Real django-otp devices and real codes."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"
CODE = reverse("accounts:security_code")
SET_UP = reverse("accounts:security_code_set_up")


def code_for(key: bytes, offset: int = 0) -> str:
    return f"{totp(key, step=30, t0=0, digits=6, drift=offset):06d}"


def sign_in(client, user, password="correct-horse-battery"):
    return client.post(SIGN_IN, {"username": user.username, "password": password})


def set_up(client):
    """Go through the set-up page as a user would: read the key, enter the app's code."""
    page = client.get(SET_UP).content.decode()
    key_text = re.search(r'id="setup-key">([A-Z2-7 ]+)<', page).group(1)
    key = base64.b32decode(key_text.replace(" ", ""))
    response = client.post(SET_UP, {"code": code_for(key)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    return key, codes


@pytest.fixture
def admins_need_codes(settings):
    settings.TWO_FACTOR_FOR_ADMINS = True


def test_an_administrator_is_guided_to_set_up_a_security_code_at_sign_in(
    cast, client, admins_need_codes
):
    response = sign_in(client, cast.admin)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)
    # Nothing else, Django admin included, until it is set up.
    assert client.get("/admin/").status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Set up security codes" in page and "must use a security code" in page
    key, codes = set_up(client)
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_at_set_up_is_a_form_error(cast, client, admins_need_codes):
    sign_in(client, cast.admin)
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "000000"})
    assert "The security code is not correct" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.admin, confirmed=True).exists()


def test_sign_in_with_a_code_a_backup_code_and_not_with_a_wrong_code(
    cast, client, admins_need_codes
):
    sign_in(client, cast.admin)
    key, codes = set_up(client)
    client.post("/accounts/sign-out/")

    # A wrong code.
    sign_in(client, cast.admin)
    assert client.get("/admin/")["Location"].startswith(CODE)
    response = client.post(CODE, {"code": "123456", "next": "/admin/"})
    assert response.status_code == 200
    assert "The security code is not correct" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    # The right code (the next time step: django-otp refuses a code used once).
    TOTPDevice.objects.filter(user=cast.admin).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(CODE, {"code": code_for(key, 1), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/accounts/sign-out/")

    # A backup code, which then works no more.
    sign_in(client, cast.admin)
    response = client.post(CODE, {"code": codes[0]})
    assert response.status_code == 302
    assert StaticDevice.objects.get(user=cast.admin).token_set.count() == 9
    client.post("/accounts/sign-out/")
    sign_in(client, cast.admin)
    assert "not correct" in client.post(CODE, {"code": codes[0]}).content.decode()


def test_a_board_can_require_security_codes_of_all_its_members(cast, client):
    assert sign_in(client, cast.member).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post("/accounts/sign-out/")
    cast.board.require_two_factor = True
    cast.board.save()
    sign_in(client, cast.member)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)
    # Another board's members are not asked.
    client.post("/accounts/sign-out/")
    sign_in(client, cast.outsider)
    assert client.get(reverse("home")).status_code == 200


def test_without_a_requirement_people_sign_in_with_a_password_only(cast, client):
    sign_in(client, cast.manager)
    assert client.get(reverse("home")).status_code == 200


def test_someone_who_set_up_codes_is_asked_for_one_though_not_required(cast, client):
    sign_in(client, cast.manager)
    set_up(client)
    client.post("/accounts/sign-out/")
    sign_in(client, cast.manager)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(CODE)


def test_repeated_wrong_codes_are_throttled(cast, client, admins_need_codes):
    sign_in(client, cast.admin)
    key, _ = set_up(client)
    client.post("/accounts/sign-out/")
    sign_in(client, cast.admin)
    for _ in range(3):
        client.post(CODE, {"code": "000000"})
    page = client.post(CODE, {"code": code_for(key, 1)}).content.decode()
    assert "Too many wrong codes" in page  # even the right code, while throttled
