"""What the fuzz tests (tests/test_fuzz_forms.py) found, each pinned by a plain test."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reviews.models import ReportDraft

pytestmark = pytest.mark.django_db


def test_the_history_pages_show_a_withdrawn_report_draft(cast, as_user):
    """A withdrawn draft has no reason to show: the history pages were a 500."""
    draft = ReportDraft(
        review=cast.review,
        original_name="draft.txt",
        content_type="text/plain",
        size=5,
        sha256="2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        text="hello",
        uploaded_by=cast.manager,
    )
    draft.file.save("draft.txt", ContentFile(b"hello"), save=True)
    client = as_user(cast.manager)
    url = reverse("reviews:report_draft_withdraw", args=[cast.review.pk, draft.pk])
    assert client.post(url).status_code == 302
    for name in ["reviews:history", "reviews:outcomes_history"]:
        response = client.get(reverse(name, args=[cast.review.pk]))
        assert response.status_code == 200, name
        assert "Removed from the review" in response.content.decode(), name


def test_a_superscript_digit_in_a_choice_of_records_is_an_invalid_choice(cast, as_user):
    """ "²" is a digit to str.isdigit() but not to int(): the new review form was a 500."""
    client = as_user(cast.manager)
    response = client.post(reverse("reviews:create"), {"referring_agency": "²", "title": "T"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    evidence_add = reverse("reviews:evidence_add", args=[cast.review.pk, 1])
    assert as_user(cast.reviewer).get(evidence_add, {"question": "²"}).status_code == 200
