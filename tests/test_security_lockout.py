"""Sign-in protection (issue 12, finding 4): a limit per address alongside the one per user
name, the client address found behind a proxy, password-reset e-mails limited, strong
passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.security import client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"
RESET = "/accounts/password/reset/"
PROXY = {"REMOTE_ADDR": "10.0.0.1"}


def sign_in(client, username, password="guess", address=None):
    extra = PROXY | {"HTTP_X_FORWARDED_FOR": address} if address else {}
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def test_one_password_sprayed_over_many_user_names_from_one_address_is_stopped(client, settings):
    for n in range(49):
        UserFactory(username=f"user{n}")
    codes = [sign_in(client, f"user{n}").status_code for n in range(49)]
    assert codes[: settings.AXES_ADDRESS_FAILURE_LIMIT - 1] == [200] * (
        settings.AXES_ADDRESS_FAILURE_LIMIT - 1
    )
    assert set(codes[settings.AXES_ADDRESS_FAILURE_LIMIT :]) == {429}
    # Even the right password of a user nobody tried is refused from that address now.
    UserFactory(username="alex")
    assert sign_in(client, "alex", "correct-horse-battery").status_code == 429


def test_a_few_mistakes_by_several_people_in_one_office_lock_nobody_out(client, settings):
    for n in range(4):
        UserFactory(username=f"officer{n}")
        for _ in range(2):
            assert sign_in(client, f"officer{n}").status_code == 200
    for n in range(4):
        response = sign_in(client, f"officer{n}", "correct-horse-battery")
        assert response.status_code == 302
        client.post("/accounts/sign-out/")


@pytest.fixture
def behind_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def test_behind_a_proxy_the_client_address_comes_from_its_header(rf, behind_proxy):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="81.2.69.142", **PROXY)
    assert client_address(request) == "81.2.69.142"
    # A client that sends its own header first cannot choose its address (right-most).
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 81.2.69.142", **PROXY)
    assert client_address(request) == "81.2.69.142"


def test_without_proxy_headers_configured_the_connection_address_is_used(rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="81.2.69.142", **PROXY)
    assert client_address(request) == "10.0.0.1"


def test_behind_a_proxy_bad_tries_from_one_client_do_not_lock_the_user_out_for_others(
    client, behind_proxy, settings
):
    UserFactory(username="alex")
    for _ in range(settings.AXES_USER_FAILURE_LIMIT):
        sign_in(client, "alex", address="81.2.69.142")
    assert sign_in(client, "alex", "correct-horse-battery", "81.2.69.142").status_code == 429
    response = sign_in(client, "alex", "correct-horse-battery", "81.2.69.200")
    assert response.status_code == 302


def test_password_reset_emails_are_limited_per_email_and_per_address(client, settings):
    UserFactory(username="alex", email="alex@example.org")
    for _ in range(settings.PASSWORD_RESET_PER_HOUR + 3):
        response = client.post(RESET, {"email": "alex@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_HOUR
    # Many e-mail addresses from one address: limited too.
    for n in range(4 * settings.PASSWORD_RESET_PER_HOUR):
        UserFactory(username=f"u{n}", email=f"u{n}@example.org")
        client.post(RESET, {"email": f"u{n}@example.org"})
    assert len(mail.outbox) < 4 * settings.PASSWORD_RESET_PER_HOUR


@pytest.mark.parametrize(
    "password",
    ["short-pw1!", "password1234", "123456789012", "alex@example.org1"],
)
def test_weak_passwords_are_refused(password):
    user = User(username="alex", email="alex@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("plum kettle harbour 42", User(username="alex"))


def test_a_sign_in_name_longer_than_the_lockout_record_is_a_failed_sign_in_not_a_500(client):
    """Found by the fuzz suite on PostgreSQL: Django's sign-in form does not bound the name's
    length, and the lockout record's column (255) refused it."""
    from axes.models import AccessAttempt

    name = "a" * 300
    response = client.post("/accounts/sign-in/", {"username": name, "password": "guess"})
    assert response.status_code == 200
    assert "Enter a correct user name and password" in response.content.decode()
    assert AccessAttempt.objects.get().username == "a" * 255
