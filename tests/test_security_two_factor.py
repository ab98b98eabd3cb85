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


ACCOUNT = reverse("accounts:account")
BACKUP = reverse("accounts:backup_codes")
TURN_OFF = reverse("accounts:security_code_turn_off")


def test_security_codes_are_required_for_administrators_in_production_only():
    import os
    import subprocess
    import sys
    from pathlib import Path

    def setting(**env):
        clean = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "TWO_FACTOR_FOR_ADMINS"}
        }
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.conf import settings; print(settings.TWO_FACTOR_FOR_ADMINS)",
            ],
            cwd=Path(__file__).resolve().parents[1],
            env={**clean, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert setting(SECRET_KEY="s" * 50, ALLOWED_HOSTS="scr.example.org") == "True"
    assert setting(DEBUG="1") == "False"


def test_a_user_gets_new_backup_codes_from_their_account_page(cast, client):
    sign_in(client, cast.manager)
    page = client.get(ACCOUNT).content.decode()
    assert "You sign in with your password only" in page and "Set up security codes" in page
    key, old = set_up(client)
    page = client.get(ACCOUNT).content.decode()
    assert "You have 10 backup codes left" in page
    response = client.post(BACKUP)
    assert "Your old backup codes no longer work" in response.content.decode()
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/accounts/sign-out/")
    sign_in(client, cast.manager)
    assert "not correct" in client.post(CODE, {"code": old[0]}).content.decode()
    # django-otp slows down the next try after a wrong one.
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(CODE, {"code": new[0]}).status_code == 302
    assert "You have 9 backup codes left" in client.get(ACCOUNT).content.decode()


def test_a_user_replaces_their_authenticator_app_from_their_account_page(cast, client):
    sign_in(client, cast.manager)
    old_key, _ = set_up(client)
    page = client.get(SET_UP).content.decode()
    assert "Your current app keeps working until you enter a code from the new one" in page
    new_key, codes = set_up(client)
    assert new_key != old_key and len(codes) == 10
    assert TOTPDevice.objects.filter(user=cast.manager).count() == 1
    client.post("/accounts/sign-out/")
    sign_in(client, cast.manager)
    assert "not correct" in client.post(CODE, {"code": code_for(old_key, 1)}).content.decode()
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(CODE, {"code": code_for(new_key, 1)}).status_code == 302


def test_changing_codes_needs_a_code_entered_in_this_session(cast, client):
    sign_in(client, cast.manager)
    set_up(client)
    client.post("/accounts/sign-out/")
    sign_in(client, cast.manager)  # password only so far
    for url in (BACKUP, TURN_OFF):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(CODE)
    assert client.get(SET_UP)["Location"].startswith(CODE)
    assert StaticDevice.objects.get(user=cast.manager).token_set.count() == 10


def test_codes_can_be_turned_off_only_by_someone_not_required_to_use_them(cast, client):
    sign_in(client, cast.manager)
    set_up(client)
    response = client.post(TURN_OFF, follow=True)
    assert "Security codes are off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.manager).exists()
    assert not StaticDevice.objects.filter(user=cast.manager).exists()
    assert client.get(reverse("home")).status_code == 200
    client.post("/accounts/sign-out/")

    cast.board.require_two_factor = True
    cast.board.save()
    sign_in(client, cast.member)
    set_up(client)
    assert "Turn off security codes" not in client.get(ACCOUNT).content.decode()
    response = client.post(TURN_OFF, follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.member, confirmed=True).exists()


def test_an_administrator_resets_someones_codes_in_django_admin_and_it_is_recorded(cast, client):
    from django.contrib.admin.models import LogEntry

    cast.board.require_two_factor = True
    cast.board.save()
    sign_in(client, cast.member)
    set_up(client)
    client.post("/accounts/sign-out/")
    client.force_login(cast.admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_security_codes", "_selected_action": [cast.member.pk]},
        follow=True,
    )
    assert "Security codes reset for 1 person" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.member).exists()
    assert not StaticDevice.objects.filter(user=cast.member).exists()
    entry = LogEntry.objects.get(object_id=str(cast.member.pk))
    assert entry.user == cast.admin and "Reset security codes" in entry.get_change_message()
    # The member is guided through set-up again at their next sign-in.
    client.logout()
    sign_in(client, cast.member)
    assert client.get(reverse("home"))["Location"].startswith(SET_UP)
