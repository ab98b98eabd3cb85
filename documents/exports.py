"""The assessment as rows for spreadsheets: the ratings of every visible review (one row per
review, one column per marker) and the answers of one review (one row per question).

Only headers and rows are built here; the streamed CSV and Excel writer is shared
(``scrqm/exports.py``). Restricted details are replaced in every text, whoever exports.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from markers.models import Marker
from reviews import privacy
from reviews.models import MarkerAssessment, QuestionAnswer, Rating, Review
from reviews.services.outcomes import restricted_list, restricted_lists

RATING_LABELS = dict(Rating.choices)


def ratings_table(reviews: QuerySet[Review]) -> tuple[list[str], Iterator[list]]:
    """The reviews (already narrowed to those the user may see), with their rating of each
    marker in words. Four queries, however many reviews."""
    reviews = list(reviews.select_related("board").order_by("board__name", "reference", "pk"))
    numbers = list(range(1, 19))
    headers = ["Board", "Reference", "Title", "Kind", "Stage", "Referral date"] + [
        f"QM{n}" for n in numbers
    ]
    ids = [r.pk for r in reviews]
    ratings = {
        (review_id, number): rating
        for review_id, number, rating in MarkerAssessment.objects.filter(
            review_id__in=ids
        ).values_list("review_id", "marker__number", "rating")
    }
    redactors = {k: privacy.redactor(v) for k, v in restricted_lists(ids).items()}

    def rows():
        for r in reviews:
            redact = redactors.get(r.pk, str)
            yield [
                r.board.name,
                r.reference,
                redact(r.title),
                r.get_kind_display(),
                r.get_stage_display(),
                r.referral_on,
            ] + [RATING_LABELS[ratings.get((r.pk, n), Rating.NOT_STARTED)] for n in numbers]

    return headers, rows()


def answers_table(review: Review) -> tuple[list[str], Iterator[list]]:
    """One row per question of the review's marker set, answered or not."""
    headers = [
        "Marker",
        "Marker title",
        "Rating",
        "Question",
        "Question text",
        "Answer",
        "Note",
        "Last changed",
    ]
    markers = list(
        Marker.objects.filter(marker_set_id=review.marker_set_id)
        .prefetch_related("questions")
        .order_by("number")
    )
    ratings = dict(
        MarkerAssessment.objects.filter(review=review).values_list("marker_id", "rating")
    )
    answers = {(a.question_id): a for a in QuestionAnswer.objects.filter(assessment__review=review)}
    redact = privacy.redactor(restricted_list(review))

    def rows():
        for m in markers:
            for q in m.questions.all():
                a = answers.get(q.pk)
                yield [
                    m.number,
                    m.title,
                    RATING_LABELS[ratings.get(m.pk, Rating.NOT_STARTED)],
                    f"{m.number}.{q.number}",
                    q.text,
                    a.get_answer_display() if a and a.answer else "Not answered",
                    redact(a.note) if a else "",
                    timezone.localtime(a.updated_at).replace(tzinfo=None) if a else None,
                ]

    return headers, rows()
