"""Headers of every private page: not stored by the browser (shared council computers), not
framed, a strict CSP with no inline styles or scripts but the one with a nonce."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize("name", ["detail", "records", "history", "outcomes"])
def test_it_tells_the_browser_not_to_store_case_pages(cast, as_user, name):
    response = as_user(cast.member).get(reverse(f"reviews:{name}", args=[cast.review.pk]))
    assert response.status_code == 200
    cache = response["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_it_tells_the_browser_not_to_store_the_home_page(cast, as_user):
    assert "no-store" in as_user(cast.manager).get(reverse("home"))["Cache-Control"]


def test_it_sends_the_security_headers(cast, as_user):
    response = as_user(cast.manager).get(reverse("reviews:detail", args=[cast.review.pk]))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert re.search(r"script-src 'self' 'nonce-[^']+'", csp)


def test_it_has_no_inline_styles_or_scripts_the_csp_would_block():
    offending = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"\sstyle=", text) or re.search(r"<style", text):
            offending.append(f"{path}: style")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag:
                offending.append(f"{path}: {tag}")
        if re.search(r"\son[a-z]+=\"", text):
            offending.append(f"{path}: event handler attribute")
    assert offending == []


def test_it_never_redirects_off_site_after_sign_in(cast, client):
    cast.manager.set_password("a-long-test-password-1")
    cast.manager.save()
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {
            "username": "manager",
            "password": "a-long-test-password-1",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_it_removes_a_restricted_term_keeping_who_did_it_but_not_the_term(cast, as_user):
    from reviews.models import RestrictedTerm

    term = RestrictedTerm.objects.create(review=cast.review, term="Elm Street")
    url = reverse("reviews:restricted_term_delete", args=[cast.review.pk, term.pk])
    assert as_user(cast.manager).get(url).status_code == 405
    assert as_user(cast.manager).post(url).status_code == 302
    assert not RestrictedTerm.objects.exists()
    page = as_user(cast.manager).get(reverse("reviews:outcomes_history", args=[cast.review.pk]))
    body = page.content.decode()
    assert "A detail on the restricted list removed" in body and "Elm Street" not in body
