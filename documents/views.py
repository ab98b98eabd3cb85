"""Documents of one review. Every view reads the review through ``reviews.access``: a
report is generated and downloaded only by someone who may view the review."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from documents.models import GeneratedReport
from documents.services import qa_report, record_download
from reviews.access import get_review_for_user
from reviews.files import download_response
from reviews.models import AssessmentPoint

FORMATS = {"pdf": GeneratedReport.Kind.QA_PDF, "docx": GeneratedReport.Kind.QA_DOCX}


def _download(request, report: GeneratedReport):
    record_download(report, request.user)
    return download_response(
        report.file,
        download_name=report.download_name,
        expected_sha256=report.sha256,
        content_type=report.content_type,
    )


@require_GET
def qa_summary(request, pk: int, fmt: str, point_pk: int | None = None):
    """The quality-assurance summary of the review as it stands, or of one of its assessment
    points: the stored one if nothing has changed since, otherwise a new one."""
    if fmt not in FORMATS:
        raise Http404("No such format")
    review, _access = get_review_for_user(request.user, pk)
    point = None
    if point_pk is not None:
        point = get_object_or_404(
            AssessmentPoint.objects.select_related("taken_by", "signed_off_by"),
            review=review,
            pk=point_pk,
        )
    report = qa_report(review=review, point=point, kind=FORMATS[fmt], by=request.user)
    return _download(request, report)


@require_GET
def report_download(request, pk: int, report_pk: int):
    review, _access = get_review_for_user(request.user, pk)
    report = get_object_or_404(
        GeneratedReport.objects.select_related("review", "point"), review=review, pk=report_pk
    )
    return _download(request, report)


@require_GET
def review_reports(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    reports = list(
        review.generated_reports.select_related("point", "generated_by").order_by(
            "-generated_at", "-pk"
        )[:200]
    )
    points = list(review.assessment_points.select_related("signed_off_by").defer("data"))
    return render(
        request,
        "documents/review_reports.html",
        {
            "review": review,
            "access": access,
            "tab": "overview",
            "reports": reports,
            "points": points,
        },
    )
