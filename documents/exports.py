"""The assessment as rows for spreadsheets: the ratings of every visible review (one row per
review, one column per marker) and the answers of one review (one row per question).

Only headers and rows are built here; the streamed CSV and Excel writer is shared
(``scrqm/exports.py``). Restricted details are replaced in every text, whoever exports.
"""

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from django.db.models import QuerySet
from django.utils import timezone

from markers.models import Marker
from reviews import privacy
from reviews.models import MarkerAssessment, QuestionAnswer, Rating, Review
from reviews.services.outcomes import restricted_list, restricted_lists

RATING_LABELS = dict(Rating.choices)


def ratings_table(reviews: QuerySet[Review]) -> tuple[list[str], Iterator[list]]:
    """The reviews (already narrowed to those the user may see), with their rating of each
    marker in words. Two queries, however many reviews, both run as the rows are read: the
    restricted terms of the reviews, then the reviews joined to their ratings (one line per
    rating, read 2,000 at a time from a server-side cursor on PostgreSQL), so the first rows
    leave at once and memory stays flat."""
    numbers = range(1, 19)
    headers = ["Board", "Reference", "Title", "Kind", "Stage", "Referral date"] + [
        f"QM{n}" for n in numbers
    ]
    kinds, stages = dict(Review.Kind.choices), dict(Review.Stage.choices)
    lines = reviews.order_by("board__name", "reference", "pk").values_list(
        "pk",
        "board__name",
        "reference",
        "title",
        "kind",
        "stage",
        "referral_on",
        "assessments__marker__number",
        "assessments__rating",
    )

    def rows():
        terms = restricted_lists(reviews.order_by().values("pk"))
        redactors = {k: privacy.redactor(v) for k, v in terms.items()}
        for pk, group in groupby(lines.iterator(chunk_size=2000), key=itemgetter(0)):
            first, *rest = group
            _pk, board, reference, title, kind, stage, referral_on, _n, _r = first
            ratings = {number: rating for *_, number, rating in [first, *rest]}
            yield [
                board,
                reference,
                redactors.get(pk, str)(title),
                kinds.get(kind, kind),
                stages.get(stage, stage),
                referral_on,
            ] + [RATING_LABELS[ratings.get(n) or Rating.NOT_STARTED] for n in numbers]

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
