"""Documents and exports of reviews: only people who may view the review."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.matrix import REVIEW_READ, SIGNED_IN

MATRIX_FILE = "reports/matrix/matrix.pdf"
MATRIX_BYTES = b"%PDF-1.7 matrix\n"

EXPECTED = {
    "documents:review": {"get": REVIEW_READ},
    # Rendered once (the first allowed user), then served from the stored report.
    "documents:qa_summary": {"get": REVIEW_READ},
    "documents:point_qa_summary": {"get": REVIEW_READ},
    "documents:download": {"get": REVIEW_READ},
    "documents:marker_pdf": {"get": REVIEW_READ},
    "documents:answers_csv": {"get": REVIEW_READ},
    "documents:answers_xlsx": {"get": REVIEW_READ},
    # Everyone signed in gets the ratings of the reviews they may see (none for some).
    "documents:ratings_csv": {"get": SIGNED_IN},
    "documents:ratings_xlsx": {"get": SIGNED_IN},
    # The marker library and blank forms hold nothing of any review.
    "documents:marker_library": {"get": SIGNED_IN},
    "documents:self_assessment": {"get": SIGNED_IN},
    "documents:marker_self_assessment": {"get": SIGNED_IN},
}


def kwargs(cast) -> dict:
    """A stored report (a fixed small file: no rendering for every row of the matrix).
    The point comes from the assessment area's builder."""
    from documents.models import GeneratedReport

    if not default_storage.exists(MATRIX_FILE):
        default_storage.save(MATRIX_FILE, ContentFile(MATRIX_BYTES))
    report = GeneratedReport.objects.create(
        review=cast.review,
        kind=GeneratedReport.Kind.QA_PDF,
        file=MATRIX_FILE,
        content_type="application/pdf",
        size=len(MATRIX_BYTES),
        sha256=hashlib.sha256(MATRIX_BYTES).hexdigest(),
        fingerprint="0" * 64,
        generated_by=cast.manager,
    )
    return {"fmt": "pdf", "report_pk": report.pk}
