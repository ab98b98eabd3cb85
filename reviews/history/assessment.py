"""The history of one marker of a review, in words: "Rating changed from partly met to met
by A. Reviewer, 3 March 2026 at 14:05". Built from django-simple-history's records in a fixed number
of queries (consecutive records are compared in Python, not with ``diff_against``)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone

from markers.models import Marker
from reviews.models import (
    Answer,
    Evidence,
    EvidenceFile,
    MarkerAssessment,
    QuestionAnswer,
    Rating,
    Review,
)


def short_name(user) -> str:
    """ "A. Reviewer" for Alex Reviewer; the user name when there is no full name."""
    if user is None:
        return "the system"
    if user.first_name and user.last_name:
        return f"{user.first_name[0]}. {user.last_name}"
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Event:
    at: datetime
    user: object
    text: str

    def __str__(self) -> str:
        # Date and time, as the review's history writes them: several changes a day are told
        # apart.
        at = timezone.localtime(self.at)
        when = f"{formats.date_format(at, 'j F Y')} at {formats.time_format(at, 'H:i')}"
        return f"{self.text} by {short_name(self.user)}, {when}"


def _rating(value: str) -> str:
    return Rating(value).label.lower() if value else "not started"


def _answer(value: str) -> str:
    return Answer(value).label.lower() if value else "not answered"


def _text_change(what: str, before: str, after: str) -> str | None:
    if before == after:
        return None
    if not before:
        return f"{what} added: “{after}”"
    if not after:
        return f"{what} removed (it read “{before}”)"
    return f"{what} changed from “{before}” to “{after}”"


def _pairs(records):
    """(previous or None, record) for each record of one object, oldest first."""
    previous = {}
    for record in records:
        yield previous.get(record.id), record
        previous[record.id] = record


def marker_events(review: Review, marker: Marker, show_withdrawn: bool = True) -> list[Event]:
    """What happened to the marker's assessment, answers and evidence, newest first. Without
    ``show_withdrawn`` (outside the review team) evidence withdrawn since is not named."""
    numbers = {q.pk: q.number for q in marker.questions.all()}
    events: list[Event] = []

    history = MarkerAssessment.history.filter(review_id=review.pk, marker_id=marker.pk)
    assessment_ids = set()
    for before, rec in _pairs(history.select_related("history_user").order_by("history_date")):
        assessment_ids.add(rec.id)
        texts = []
        old_rating = before.rating if before else Rating.NOT_STARTED
        if rec.rating != old_rating:
            texts.append(f"Rating changed from {_rating(old_rating)} to {_rating(rec.rating)}")
        for field, label in [
            ("not_applicable_reason", "Reason the marker does not apply"),
            ("commentary", "Commentary"),
        ]:
            text = _text_change(label, getattr(before, field, ""), getattr(rec, field))
            if text:
                texts.append(text)
        events += [Event(rec.history_date, rec.history_user, t) for t in texts]

    answers = QuestionAnswer.history.filter(assessment_id__in=assessment_ids)
    for before, rec in _pairs(answers.select_related("history_user").order_by("history_date")):
        n = numbers.get(rec.question_id, "?")
        old = before.answer if before else ""
        if rec.answer != old:
            events.append(
                Event(
                    rec.history_date,
                    rec.history_user,
                    f"Answer to question {n} changed from {_answer(old)} to {_answer(rec.answer)}",
                )
            )
        text = _text_change(f"Note on question {n}", before.note if before else "", rec.note)
        if text:
            events.append(Event(rec.history_date, rec.history_user, text))

    withdrawn = set()
    if not show_withdrawn:
        withdrawn = set(
            Evidence.objects.filter(
                review_id=review.pk, marker_id=marker.pk, withdrawn_at__isnull=False
            ).values_list("pk", flat=True)
        )

    def name(evidence_id, title):
        return "withdrawn evidence" if evidence_id in withdrawn else f"evidence “{title}”"

    evidence = Evidence.history.filter(review_id=review.pk, marker_id=marker.pk)
    for before, rec in _pairs(evidence.select_related("history_user").order_by("history_date")):
        what = name(rec.id, rec.title)
        what = what[0].upper() + what[1:]
        if rec.history_type == "+":
            text = f"{what} added"
        elif rec.withdrawn_at and not (before and before.withdrawn_at):
            text = f"{what} withdrawn ({rec.withdrawn_reason})"
        else:
            text = f"{what} changed"
        events.append(Event(rec.history_date, rec.history_user, text))

    versions = (
        EvidenceFile.objects.filter(evidence__review=review, evidence__marker=marker)
        .select_related("uploaded_by", "evidence")
        .order_by("uploaded_at", "pk")
    )
    seen = set()
    for v in versions:
        if v.evidence_id in seen:
            events.append(
                Event(
                    v.uploaded_at,
                    v.uploaded_by,
                    f"New version of the file of {name(v.evidence_id, v.evidence.title)} uploaded",
                )
            )
        seen.add(v.evidence_id)

    events.sort(key=lambda e: e.at, reverse=True)
    return events
