"""The restricted list and the privacy check pages: for the review team only."""

import pytest
from django.urls import reverse

from reviews.models import InvolvementRecord, PrivacyAcknowledgement, RestrictedTerm
from reviews.services.outcomes import privacy_check
from tests.outcomes_factories import FindingFactory

pytestmark = pytest.mark.django_db


def _terms_url(cast):
    return reverse("reviews:restricted_terms", args=[cast.review.pk])


def _check_url(cast):
    return reverse("reviews:privacy_check", args=[cast.review.pk])


def test_it_adds_details_to_the_restricted_list(cast, as_user):
    client = as_user(cast.manager)
    response = client.post(_terms_url(cast), {"kind": "name", "term": "  Jayden   Smith "})
    assert response.status_code == 302
    assert RestrictedTerm.objects.get().term == "Jayden Smith"
    page = client.post(_terms_url(cast), {"kind": "name", "term": "jayden smith"}).content.decode()
    assert "That detail is already on the restricted list" in page


def test_it_shows_the_list_to_the_team_and_never_to_board_members(cast, as_user):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    assert "Jayden" in as_user(cast.reviewer).get(_terms_url(cast)).content.decode()
    assert "Jayden" in as_user(cast.chair).get(_terms_url(cast)).content.decode()
    assert as_user(cast.member).get(_terms_url(cast)).status_code == 403
    assert as_user(cast.member).get(_check_url(cast)).status_code == 403
    assert as_user(cast.reviewer).post(_terms_url(cast), {"term": "x"}).status_code == 403


def test_it_never_shows_terms_in_the_outcomes_history(cast, as_user):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    url = reverse("reviews:outcomes_history", args=[cast.review.pk])
    page = as_user(cast.member).get(url).content.decode()
    assert "A detail on the restricted list added by the system, " in page
    assert "Jayden" not in page


def test_it_adds_family_names_from_the_involvement_log(cast, as_user):
    InvolvementRecord.objects.create(
        review=cast.review, kind="family", role="Mother", real_name="Kelly Smith"
    )
    InvolvementRecord.objects.create(
        review=cast.review, kind="practitioner", role="Health visitor", real_name="Ann Jones"
    )
    FindingFactory(review=cast.review, text="Kelly's concerns were not heard; Ann Jones visited.")
    hits = privacy_check(cast.review).hits
    assert [h.matched for h in hits] == ["Kelly's"]


def test_it_lists_hits_and_lets_the_manager_acknowledge_each(cast, as_user):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    FindingFactory(review=cast.review, number=1, text="Jayden's school and JAYDEN again")
    client = as_user(cast.manager)
    page = client.get(_check_url(cast)).content.decode()
    assert "2 matches, 2 not yet looked at" in page
    first = privacy_check(cast.review).hits[0]
    url = reverse("reviews:privacy_acknowledge", args=[cast.review.pk])
    assert client.post(url, {"fingerprint": first.fingerprint, "reason": ""}).status_code == 302
    assert not PrivacyAcknowledgement.objects.exists()
    client.post(url, {"fingerprint": first.fingerprint, "reason": "Pseudonym agreed"})
    ack = PrivacyAcknowledgement.objects.get()
    assert (ack.by, ack.reason) == (cast.manager, "Pseudonym agreed")
    assert len(privacy_check(cast.review).outstanding) == 1
    page = client.get(_check_url(cast)).content.decode()
    assert "Acknowledged" in page and "Pseudonym agreed" in page


def test_it_refuses_an_acknowledgement_of_a_match_that_is_gone(cast, as_user):
    url = reverse("reviews:privacy_acknowledge", args=[cast.review.pk])
    as_user(cast.manager).post(url, {"fingerprint": "0" * 32, "reason": "x"})
    assert not PrivacyAcknowledgement.objects.exists()


def test_it_lets_only_managers_acknowledge(cast, as_user):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    FindingFactory(review=cast.review, text="Jayden")
    fp = privacy_check(cast.review).hits[0].fingerprint
    url = reverse("reviews:privacy_acknowledge", args=[cast.review.pk])
    data = {"fingerprint": fp, "reason": "ok"}
    assert as_user(cast.chair).post(url, data).status_code == 403
    assert as_user(cast.reviewer).post(url, data).status_code == 403
    assert as_user(cast.outsider).post(url, data).status_code == 404
    assert not PrivacyAcknowledgement.objects.exists()


def test_it_removes_a_detail(cast, as_user):
    term = RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    url = reverse("reviews:restricted_term_delete", args=[cast.review.pk, term.pk])
    assert as_user(cast.chair).post(url).status_code == 403
    assert as_user(cast.manager).post(url).status_code == 302
    assert not RestrictedTerm.objects.exists()
