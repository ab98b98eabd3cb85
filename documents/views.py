"""Documents of one review. Every view reads the review through ``reviews.access``: a
report is generated and downloaded only by someone who may view the review."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from documents.exports import answers_table, ratings_table
from documents.models import GeneratedReport
from documents.pdf import PDF_CONTENT_TYPE, render_pdf
from documents.services import qa_report, record_download
from markers.models import Marker, MarkerSet
from reviews.access import get_review_for_user
from reviews.files import download_response
from reviews.models import AssessmentPoint, Review
from reviews.views.assessment import GridFilter, marker_grid
from scrqm.exports import Sheet, csv_response, xlsx_response

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
def marker_pdf(request, pk: int, number: int):
    """One marker of the review as it stands (its page, as a PDF)."""
    review, _access = get_review_for_user(request.user, pk)
    marker = get_object_or_404(Marker, marker_set_id=review.marker_set_id, number=number)
    report = qa_report(
        review=review,
        point=None,
        kind=GeneratedReport.Kind.MARKER_PDF,
        by=request.user,
        marker=marker,
    )
    return _download(request, report)


@require_GET
def report_download(request, pk: int, report_pk: int):
    review, _access = get_review_for_user(request.user, pk)
    report = get_object_or_404(
        GeneratedReport.objects.select_related("review", "point", "marker").defer("data"),
        review=review,
        pk=report_pk,
    )
    return _download(request, report)


@require_GET
def review_reports(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    reports = list(
        review.generated_reports.select_related("point", "marker", "generated_by")
        .defer("data")
        .order_by("-generated_at", "-pk")[:200]
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


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def marker_set_pdf(request, set_slug: str, number: int | None = None, blank: bool = False):
    """The marker library (every marker, every section), or a blank self-assessment with
    space to write, for all markers or one."""
    marker_set = get_object_or_404(MarkerSet, slug=set_slug)
    only = None
    if number is not None:
        only = get_object_or_404(Marker, marker_set=marker_set, number=number)
    markers = Marker.objects.prefetch_related("questions").order_by("number")
    clusters = list(
        marker_set.clusters.prefetch_related(Prefetch("markers", queryset=markers)).order_by(
            "number"
        )
    )
    contents = []
    for cluster in clusters:
        contents.append((f"cluster-{cluster.number}", cluster.title, 1))
        for m in cluster.markers.all():
            contents.append((f"marker-{m.number}", f"Quality Marker {m.number}: {m.title}", 2))
    rendered = render_pdf(
        "documents/markers/library.html",
        {
            "marker_set": marker_set,
            "clusters": clusters,
            "contents": contents,
            "blank": blank,
            "only": only,
        },
        shared=True,
    )
    which = f"-qm{number}" if number else ""
    kind = "self-assessment" if blank else "markers"
    return _pdf_response(rendered.content, f"{marker_set.slug}-{kind}{which}.pdf")


def _spreadsheet(fmt: str, filename: str, title: str, table):
    headers, rows = table
    if fmt == "csv":
        return csv_response(f"{filename}.csv", headers, rows)
    return xlsx_response(f"{filename}.xlsx", Sheet(title, headers, rows))


@require_GET
def ratings_export(request, fmt: str):
    """The ratings of every review the user may see (with the grid's filters, if any): one
    row per review, one column per marker. Filters that do not validate get the grid page
    with its error messages, never a wider export."""
    visible = Review.objects.visible_to(request.user)
    filterset = GridFilter(request.GET or None, queryset=visible, user=request.user)
    if filterset.is_bound and not filterset.is_valid():
        response = marker_grid(request)
        response.status_code = 400
        return response
    return _spreadsheet(
        fmt,
        f"marker-ratings-{timezone.localdate():%Y-%m-%d}",
        "Ratings",
        ratings_table(filterset.qs),
    )


@require_GET
def answers_export(request, pk: int, fmt: str):
    """The answers of one review: one row per question of its markers."""
    review, _access = get_review_for_user(request.user, pk)
    return _spreadsheet(
        fmt,
        f"{review.reference}-answers-{timezone.localdate():%Y-%m-%d}",
        "Answers",
        answers_table(review),
    )
