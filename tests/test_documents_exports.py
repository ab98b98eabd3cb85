"""The assessment as rows: ratings of the visible reviews, answers of one review."""

from datetime import datetime

import pytest

from documents.exports import answers_table, ratings_table
from markers.models import Question
from reviews.models import InvolvementRecord, RestrictedTerm
from tests.assessment_helpers import save
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_ratings_one_row_per_visible_review_and_a_column_per_marker(cast):
    save(cast.review, 4, cast.reviewer, rating="not_met")
    ReviewFactory(board=cast.other_board, reference="SCR-2026-777")
    headers, rows = ratings_table(cast.chair)
    rows = list(rows)
    assert headers[-18:] == [f"QM{n}" for n in range(1, 19)]
    assert [r[1] for r in rows] == ["SCR-2026-001"]
    ratings = dict(zip(headers, rows[0], strict=True))
    assert ratings["QM4"] == "Not met" and ratings["QM5"] == "Not started"
    assert [r[1] for r in ratings_table(cast.reviewer_off)[1]] == []
    assert [r[1] for r in ratings_table(cast.outsider)[1]] == ["SCR-2026-777"]


def test_answers_one_row_per_question_with_notes_redacted(cast):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden Okafor")
    InvolvementRecord.objects.create(
        review=cast.review, kind="family", role="Father", real_name="Piotr Nowak"
    )
    long_note = "Piotr Nowak said \x07 " + "ż" * 100_000
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", long_note)})
    headers, rows = answers_table(cast.review)
    rows = list(rows)
    assert len(rows) == Question.objects.filter(marker__marker_set=cast.review.marker_set).count()
    first = dict(zip(headers, rows[0], strict=True))
    assert first["Question"] == "1.1" and first["Answer"] == "Yes" and first["Rating"] == "Met"
    assert first["Note"].startswith("[restricted] said")
    assert isinstance(first["Last changed"], datetime)
    assert all("Nowak" not in str(v) and "Jayden" not in str(v) for r in rows for v in r)
    assert dict(zip(headers, rows[-1], strict=True))["Answer"] == "Not answered"
