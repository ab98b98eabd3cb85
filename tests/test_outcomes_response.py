"""The board written response (marker 16): saved with the review's date agreed; versions kept."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.models import BoardResponse
from tests.gds import dates

pytestmark = pytest.mark.django_db

VALID = {
    "text": "The board accepts the findings.",
    "acceptance": "fully",
    "acceptance_reasons": "",
    "priorities": "Neglect is already a priority of the learning and improvement framework.",
    "monitoring": "Quarterly audit reports to the board.",
    **dates(agreed_on=date(2026, 5, 12)),
}


def _url(cast):
    return reverse("reviews:response_edit", args=[cast.review.pk])


def test_it_saves_the_response_and_the_review_date(cast, as_user):
    response = as_user(cast.manager).post(_url(cast), VALID)
    assert response.status_code == 302
    cast.review.refresh_from_db()
    assert cast.review.response_agreed_on == date(2026, 5, 12)
    assert BoardResponse.objects.get().acceptance == "fully"


def test_it_needs_reasons_when_the_findings_are_accepted_in_part(cast, as_user):
    response = as_user(cast.manager).post(_url(cast), {**VALID, "acceptance": "in_part"})
    assert response.status_code == 200
    assert "Enter the reasons the board does not accept all findings" in response.content.decode()
    cast.review.refresh_from_db()
    assert cast.review.response_agreed_on is None
    assert not BoardResponse.objects.exists()


def test_it_keeps_every_version(cast, as_user):
    client = as_user(cast.manager)
    client.post(_url(cast), VALID)
    client.post(_url(cast), {**VALID, "text": "Second <i>version</i>"})
    versions_url = reverse("reviews:response_versions", args=[cast.review.pk])
    page = as_user(cast.member).get(versions_url).content.decode()
    assert "Version 2" in page and "Version 1" in page
    first = BoardResponse.history.order_by("history_date").first()
    url = reverse("reviews:response_version", args=[cast.review.pk, first.history_id])
    page = as_user(cast.chair).get(url).content.decode()
    assert "The board accepts the findings." in page
    latest = BoardResponse.history.order_by("history_date").last()
    url = reverse("reviews:response_version", args=[cast.review.pk, latest.history_id])
    assert "Second &lt;i&gt;version&lt;/i&gt;" in as_user(cast.chair).get(url).content.decode()


def test_it_answers_404_for_a_version_of_another_review(cast, as_user):
    from tests.factories import ReviewFactory

    other = BoardResponse.objects.create(
        review=ReviewFactory(board=cast.board), text="x", acceptance="fully"
    )
    url = reverse(
        "reviews:response_version", args=[cast.review.pk, other.history.first().history_id]
    )
    assert as_user(cast.manager).get(url).status_code == 404


@pytest.mark.parametrize("kind,status", [("chair", 403), ("member", 403), ("outsider", 404)])
def test_it_lets_only_board_managers_record_it(cast, as_user, kind, status):
    assert as_user(getattr(cast, kind)).post(_url(cast), VALID).status_code == status
    assert not BoardResponse.objects.exists()
