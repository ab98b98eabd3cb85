"""Findings: added and changed by board managers and the review's lead reviewer."""

import pytest
from django.urls import reverse

from reviews.models import Finding
from tests.outcomes_factories import FindingFactory

pytestmark = pytest.mark.django_db

VALID = {
    "text": "Neglect was not recognised <b>early</b>.",
    "explanation": "Workload and a focus on the mother's needs.",
    "priority": "high",
    "level": "organisational",
    "is_national": "on",
}


def test_it_numbers_findings_in_order_per_review(cast, as_user):
    client = as_user(cast.manager)
    url = reverse("reviews:finding_add", args=[cast.review.pk])
    assert "Add finding 1" in client.get(url).content.decode()
    client.post(url, VALID)
    response = client.post(url, VALID)
    assert response.status_code == 302
    assert response["Location"].endswith("#finding-2")
    assert list(cast.review.findings.values_list("number", flat=True)) == [1, 2]
    assert cast.review.findings.first().is_national


def test_it_lets_the_lead_reviewer_draft_a_finding(cast, as_user):
    client = as_user(cast.reviewer)
    response = client.post(reverse("reviews:finding_add", args=[cast.review.pk]), VALID)
    assert response.status_code == 302
    assert Finding.objects.get(review=cast.review).level == "organisational"


@pytest.mark.parametrize("kind", ["chair", "member"])
def test_it_refuses_chairs_and_members(cast, as_user, kind):
    client = as_user(getattr(cast, kind))
    response = client.post(reverse("reviews:finding_add", args=[cast.review.pk]), VALID)
    assert response.status_code == 403
    assert not Finding.objects.exists()


@pytest.mark.parametrize("kind", ["reviewer_off", "outsider", "admin"])
def test_it_hides_the_review_from_others(cast, as_user, kind):
    client = as_user(getattr(cast, kind))
    response = client.post(reverse("reviews:finding_add", args=[cast.review.pk]), VALID)
    assert response.status_code == 404


def test_it_shows_errors_and_keeps_the_saved_finding(cast, as_user):
    finding = FindingFactory(review=cast.review, number=1, text="Original")
    client = as_user(cast.manager)
    url = reverse("reviews:finding_edit", args=[cast.review.pk, finding.pk])
    response = client.post(url, {**VALID, "text": ""})
    assert response.status_code == 200
    assert "Error:" in response.content.decode()
    finding.refresh_from_db()
    assert finding.text == "Original"


def test_it_changes_a_finding(cast, as_user):
    finding = FindingFactory(review=cast.review, number=1)
    client = as_user(cast.manager)
    url = reverse("reviews:finding_edit", args=[cast.review.pk, finding.pk])
    assert client.post(url, {**VALID, "text": "Changed"}).status_code == 302
    finding.refresh_from_db()
    assert finding.text == "Changed"
    assert finding.number == 1


def test_it_answers_404_for_a_finding_of_another_review(cast, as_user):
    other = FindingFactory()
    url = reverse("reviews:finding_edit", args=[cast.review.pk, other.pk])
    assert as_user(cast.manager).get(url).status_code == 404


def test_it_shows_html_in_findings_as_text(cast, as_user):
    client = as_user(cast.manager)
    client.post(reverse("reviews:finding_add", args=[cast.review.pk]), VALID)
    page = client.get(reverse("reviews:outcomes", args=[cast.review.pk])).content.decode()
    assert "&lt;b&gt;early&lt;/b&gt;" in page
    assert "<b>early</b>" not in page


def test_it_lists_findings_and_actions_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries
):
    from tests.outcomes_factories import ActionFactory

    for n in range(1, 11):
        finding = FindingFactory(review=cast.review, number=n)
        for m in range(1, 4):
            ActionFactory(finding=finding, number=m, lead_agency=cast.agency)
    client = as_user(cast.member)
    url = reverse("reviews:outcomes", args=[cast.review.pk])
    client.get(url)
    # 13: with the one that reads the restricted details to hide from a board member.
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("govuk-table__row") >= 30
