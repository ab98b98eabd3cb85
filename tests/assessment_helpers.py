"""Helpers for the marker self-assessment tests."""

from markers.models import Marker
from reviews.services.assessment import AnswerInput, marker_assessment_save


def marker(review, number: int) -> Marker:
    return Marker.objects.prefetch_related("questions").get(
        marker_set=review.marker_set, number=number
    )


def save(
    review,
    number: int,
    by,
    *,
    version=None,
    rating="not_started",
    reason="",
    commentary="",
    answers=None,
):
    """Save a marker through the service; answers as {question number: (answer, note)}."""
    m = marker(review, number)
    by_number = {q.number: q for q in m.questions.all()}
    if version is None:
        from reviews.models import MarkerAssessment

        a = MarkerAssessment.objects.filter(review=review, marker=m).first()
        version = a.version if a else 0
    return marker_assessment_save(
        review=review,
        marker=m,
        by=by,
        version=version,
        rating=rating,
        not_applicable_reason=reason,
        commentary=commentary,
        answers={by_number[n].pk: AnswerInput(*v) for n, v in (answers or {}).items()},
    )


def form_data(m, *, version=0, rating="not_started", reason="", commentary="", answers=None):
    """The POST data of the marker page; answers as {question number: (answer, note)}."""
    data = {
        "version": version,
        "rating": rating,
        "not_applicable_reason": reason,
        "commentary": commentary,
    }
    for q in m.questions.all():
        answer, note = (answers or {}).get(q.number, ("", ""))
        data[f"answer_{q.pk}"] = answer
        data[f"note_{q.pk}"] = note
    return data
