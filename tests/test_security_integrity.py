"""Integrity under concurrent use: a reference taken by someone else between choosing it and
saving does not fail the request."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.models import Review
from reviews.services import review as review_services
from tests.factories import ReviewFactory
from tests.gds import dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def someone_else_takes_the_next_reference(monkeypatch):
    """The first reference chosen is saved by another board manager at the same moment."""
    real = review_services.next_reference
    calls = []

    def racing(board, year):
        reference = real(board, year)
        if not calls:
            ReviewFactory(board=board, reference=reference, title="Child taken meanwhile")
        calls.append(reference)
        return reference

    monkeypatch.setattr(review_services, "next_reference", racing)
    return calls


def _create(client, cast, **extra):
    data = {
        "board": cast.board.pk,
        "title": "Child T",
        "kind": "lcspr",
        "reference": "",
        "referring_agency": cast.agency.pk,
        "referring_agency_other": "",
        "rationale": "Serious injury",
        "statutory_criteria": "met",
        "other_reason": "",
        "delay_explanation": "",
        **dates(referral_on=date(2026, 3, 2), incident_on=None, aware_on=None),
    }
    return client.post(reverse("reviews:create"), data | extra)


def test_it_chooses_another_reference_when_the_first_is_taken_meanwhile(
    cast, as_user, someone_else_takes_the_next_reference
):
    response = _create(as_user(cast.manager), cast)
    assert response.status_code == 302
    created = Review.objects.get(title="Child T")
    taken = someone_else_takes_the_next_reference[0]
    assert created.reference != taken
    assert Review.objects.filter(board=cast.board, reference=taken).count() == 1


def test_it_converts_a_rapid_review_when_the_reference_is_taken_meanwhile(
    cast, as_user, someone_else_takes_the_next_reference
):
    rapid = ReviewFactory(
        board=cast.board, reference="RR-1", kind="rapid", referral_on=date(2026, 3, 2)
    )
    response = as_user(cast.manager).post(reverse("reviews:convert", args=[rapid.pk]))
    assert response.status_code == 302
    assert rapid.converted_to.reference != someone_else_takes_the_next_reference[0]


def test_it_answers_a_typed_reference_taken_meanwhile_with_a_message(cast, as_user, monkeypatch):
    from reviews.forms import review as review_forms

    ReviewFactory(board=cast.board, reference="SCR-2026-050")
    # The form's check ran before the other review was saved.
    monkeypatch.setattr(review_forms, "_reference_taken", lambda *a, **k: False)
    response = _create(as_user(cast.manager), cast, reference="SCR-2026-050")
    assert response.status_code == 200
    assert "already has a review SCR-2026-050" in response.content.decode()
    assert not Review.objects.filter(title="Child T").exists()
