"""Marker self-assessment and evidence: who may do what."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from markers.models import Marker
from reviews.models import AssessmentPoint, Evidence, EvidenceFile, MarkerComment
from tests.matrix import (
    POST_ONLY,
    REVIEW_ASSESS,
    REVIEW_COMMENT,
    REVIEW_READ,
    SIGNED_IN,
    row,
)

MATRIX_FILE = "evidence/matrix/matrix.txt"
MATRIX_BYTES = b"Matrix evidence\n"

# The chair's sign-off succeeds and redirects back to the point.
SIGN_OFF = row(403, chair=200, reviewer_off=404, outsider=404, admin=404)

EXPECTED = {
    "reviews:marker_grid": {"get": SIGNED_IN},
    "reviews:markers": {"get": REVIEW_READ},
    "reviews:marker": {"get": REVIEW_READ, "post": REVIEW_ASSESS},
    "reviews:marker_history": {"get": REVIEW_READ},
    "reviews:comment_add": {"get": POST_ONLY, "post": REVIEW_COMMENT},
    "reviews:comment_resolve": {"get": POST_ONLY, "post": REVIEW_ASSESS},
    "reviews:evidence_add": {"get": REVIEW_ASSESS, "post": REVIEW_ASSESS},
    "reviews:evidence": {"get": REVIEW_READ},
    "reviews:evidence_replace": {"get": REVIEW_ASSESS, "post": REVIEW_ASSESS},
    "reviews:evidence_withdraw": {"get": REVIEW_ASSESS, "post": REVIEW_ASSESS},
    "reviews:evidence_download": {"get": REVIEW_READ},
    "reviews:points": {"get": REVIEW_READ, "post": REVIEW_ASSESS},
    # Without two points chosen there is nothing to compare.
    "reviews:points_compare": {"get": row(404, anonymous=302)},
    "reviews:point": {"get": REVIEW_READ},
    # GET: the confirmation page; an empty POST shows it again, asking for the comment.
    "reviews:point_sign_off": {"get": SIGN_OFF, "post": SIGN_OFF},
}


def kwargs(cast) -> dict:
    review = cast.review
    marker = Marker.objects.get(marker_set=review.marker_set, number=7)
    evidence = Evidence.objects.create(
        review=review,
        marker=marker,
        kind=Evidence.Kind.FILE,
        title="Panel minutes",
        added_by=cast.reviewer,
    )
    # A fixed stored name, so the matrix does not leave a new file behind on every run.
    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(MATRIX_BYTES))
    version = EvidenceFile.objects.create(
        evidence=evidence,
        file=MATRIX_FILE,
        original_name="minutes.txt",
        content_type="text/plain",
        size=len(MATRIX_BYTES),
        sha256=hashlib.sha256(MATRIX_BYTES).hexdigest(),
        uploaded_by=cast.reviewer,
    )
    comment = MarkerComment.objects.create(
        review=review, marker=marker, author=cast.chair, body="Is the timetable agreed?"
    )
    point = AssessmentPoint.objects.create(review=review, kind="planning", taken_by=cast.reviewer)
    return {
        "number": 7,
        "evidence_pk": evidence.pk,
        "file_pk": version.pk,
        "comment_pk": comment.pk,
        "point_pk": point.pk,
    }
