"""A stored report is served while nothing it shows has changed, and made again after any
change to any part of it (documents.freshness)."""

import hashlib
from datetime import date

import pytest
from django.urls import reverse

from documents import freshness
from documents.models import GeneratedReport
from reviews.models import (
    AgencyContribution,
    Decision,
    Delay,
    Evidence,
    EvidenceFile,
    InvolvementRecord,
    MarkerComment,
    RestrictedTerm,
)
from reviews.services.assessment import assessment_point_take
from tests.assessment_helpers import marker, save
from tests.factories import ReviewRoleFactory, UserFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

KIND = GeneratedReport.Kind.QA_PDF


def _evidence(cast):
    return Evidence.objects.create(
        review=cast.review,
        marker=marker(cast.review, 2),
        kind="note",
        title="Minutes",
        added_by=cast.reviewer,
    )


def _comment(cast):
    return MarkerComment.objects.create(
        review=cast.review, marker=marker(cast.review, 3), author=cast.chair, body="Why?"
    )


def _key_date(cast):
    cast.review.refresh_from_db()
    cast.review.referral_on = date(2026, 1, 5)
    cast.review.save()


def _board(cast):
    cast.board.review_completion_months = 7
    cast.board.save()


CHANGES = {
    "a rating": lambda c: save(c.review, 1, c.reviewer, rating="met"),
    "an evidence item": _evidence,
    "evidence deleted": (_evidence, lambda c, e: e.delete()),
    "a challenge": _comment,
    "a reply": (_comment, lambda c, comment: comment.resolve(by=c.reviewer, reply="Added")),
    "a decision": lambda c: Decision.objects.create(
        review=c.review,
        kind="scope",
        decision="Scope agreed",
        rationale="Proportionate",
        decided_by=c.chair,
        decided_on=date(2026, 2, 1),
    ),
    "an action": lambda c: ActionFactory(
        finding=FindingFactory(review=c.review, number=1),
        review=c.review,
        number=1,
        lead_agency=c.agency,
    ),
    "a delay": lambda c: Delay.objects.create(review=c.review, milestone="decision", reason="Ill"),
    "a contribution": lambda c: AgencyContribution.objects.create(
        review=c.review, agency=c.agency, requested_on=date(2026, 1, 6), due_on=date(2026, 2, 6)
    ),
    "a key date": _key_date,
    "the board's timescales": _board,
    "a restricted term": lambda c: RestrictedTerm.objects.create(review=c.review, term="Okafor"),
    "a family member's name": lambda c: InvolvementRecord.objects.create(
        review=c.review, kind="family", role="Mother", real_name="Marta Kowalska"
    ),
    "a person on the review": lambda c: ReviewRoleFactory(
        review=c.review, user=UserFactory(), role="lead_reviewer"
    ),
    "an assessment point": lambda c: assessment_point_take(
        review=c.review, kind="planning", name="Start", by=c.reviewer
    ),
}


def test_nothing_changed_same_source(cast):
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", "Seen")})
    assert freshness.source(cast.review, kind=KIND) == freshness.source(cast.review, kind=KIND)
    assert freshness.source(cast.review, kind=KIND) != freshness.source(
        cast.review, kind=GeneratedReport.Kind.QA_DOCX
    )


def test_a_changed_note_alone_makes_the_summary_stale(cast):
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", "Seen")})
    before = freshness.source(cast.review, kind=KIND)
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", "Seen in June")})
    assert freshness.source(cast.review, kind=KIND) != before


def test_a_new_file_version_makes_the_summary_stale(cast):
    e = _evidence(cast)
    before = freshness.source(cast.review, kind=KIND)
    from django.core.files.base import ContentFile

    body = b"minutes"
    v = EvidenceFile(
        evidence=e,
        original_name="m.txt",
        content_type="text/plain",
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        uploaded_by=cast.reviewer,
    )
    v.file.save("m.txt", ContentFile(body), save=False)
    v.save()
    assert freshness.source(cast.review, kind=KIND) != before


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_makes_the_summary_stale(cast, change):
    make = CHANGES[change]
    if isinstance(make, tuple):  # (what is there first, the change to it)
        thing = make[0](cast)
        make = lambda c: CHANGES[change][1](c, thing)  # noqa: E731
    before = freshness.source(cast.review, kind=KIND)
    make(cast)
    assert freshness.source(cast.review, kind=KIND) != before, f"{change} not noticed"


def test_a_signed_off_point_is_stale_after_its_sign_off(cast):
    point = assessment_point_take(
        review=cast.review, kind="planning", name="Start", by=cast.reviewer
    )
    before = freshness.source(cast.review, kind=KIND, point=point)
    point.sign_off(by=cast.chair, comment="Agreed")
    assert freshness.source(cast.review, kind=KIND, point=point) != before


def test_serving_a_stored_summary_does_not_gather_its_data_again(cast, as_user, monkeypatch):
    client = as_user(cast.chair)
    url = reverse("documents:qa_summary", args=[cast.review.pk, "pdf"])
    b"".join(client.get(url).streaming_content)
    report = GeneratedReport.objects.get()
    assert report.data["review"]["reference"] == "SCR-2026-001", "the data it was made from"
    assert len(report.fingerprint) == 64 and len(report.source) == 64

    def refuse(*args, **kwargs):
        raise AssertionError("the data was gathered again")

    monkeypatch.setattr("documents.services.summary_data", refuse)
    assert client.get(url).status_code == 200
    assert GeneratedReport.objects.count() == 1
