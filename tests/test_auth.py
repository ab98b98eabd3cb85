from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

SIGN_IN = "/accounts/sign-in/"


def test_it_signs_in_with_the_right_password(client, db):
    UserFactory(username="alex")
    response = client.post(SIGN_IN, {"username": "alex", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_it_says_clearly_when_the_password_is_wrong(client, db):
    UserFactory(username="alex")
    response = client.post(SIGN_IN, {"username": "alex", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a correct user name and password" in page
    assert "<title>Error: Sign in" in page


def test_it_locks_out_repeated_failures_even_with_the_right_password(client, db, settings):
    UserFactory(username="alex")
    for _ in range(settings.AXES_USER_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": "alex", "password": "guess"})
    response = client.post(SIGN_IN, {"username": "alex", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_out_other_users(client, db, settings):
    UserFactory(username="alex")
    UserFactory(username="sam")
    for _ in range(settings.AXES_USER_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": "alex", "password": "guess"})
    response = client.post(SIGN_IN, {"username": "sam", "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_it_requires_sign_in_for_private_pages(client, db):
    response = client.get("/markers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=/markers/")


def test_it_signs_out_only_by_post(client, db):
    client.force_login(UserFactory())
    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get("/markers/").status_code == 302


def test_it_emails_a_reset_link_that_sets_a_new_password(client, db):
    user = UserFactory(username="alex", email="alex@example.org")
    response = client.post("/accounts/password/reset/", {"email": "alex@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new = "a-much-longer-passphrase-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_it_does_not_say_whether_an_email_has_an_account(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_it_refuses_a_weak_new_password(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")
