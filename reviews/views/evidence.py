"""Evidence for a marker: a file, a link or a note. Files are downloaded only through
``evidence_download``, after the access check and with their SHA-256 verified."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from reviews.access import get_review_for_user
from reviews.files import download_response
from reviews.forms.assessment import EvidenceForm, ReplaceFileForm, WithdrawForm
from reviews.models import Evidence, EvidenceFile
from reviews.services.assessment import evidence_add, evidence_replace_file
from reviews.views.assessment import _marker, marker_url


def _evidence(review, evidence_pk: int) -> Evidence:
    """Evidence looked up through the review: another review's evidence is a 404."""
    return get_object_or_404(
        Evidence.objects.select_related("marker", "added_by", "withdrawn_by").prefetch_related(
            "questions", "versions__uploaded_by"
        ),
        review=review,
        pk=evidence_pk,
    )


def _page(request, template, review, access, **context):
    status = context.pop("status", 200)
    return render(
        request,
        f"reviews/assessment/{template}",
        {"review": review, "access": access, "tab": "markers", **context},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def evidence_create(request, pk: int, number: int):
    review, access = get_review_for_user(request.user, pk, need="assess")
    marker = _marker(review, number)
    # "Add evidence" beside a question arrives with that question ticked.
    initial = {"questions": [q for q in request.GET.getlist("question") if q.isdecimal()]}
    form = EvidenceForm(request.POST or None, request.FILES or None, marker=marker, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence = evidence_add(
                review=review,
                marker=marker,
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                dated_on=data["dated_on"],
                description=data["description"],
                url=data["url"],
                questions=list(data["questions"]),
                upload=data["file"],
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, f"Evidence “{evidence.title}” added")
            return redirect(f"{marker_url(review, marker)}#evidence")
    return _page(request, "evidence_form.html", review, access, marker=marker, form=form)


@require_GET
def evidence_detail(request, pk: int, evidence_pk: int):
    review, access = get_review_for_user(request.user, pk)
    evidence = _evidence(review, evidence_pk)
    return _page(
        request,
        "evidence.html",
        review,
        access,
        evidence=evidence,
        marker=evidence.marker,
        can_download=access.can_download(evidence),
        shown_title=access.evidence_title(evidence),
    )


@require_http_methods(["GET", "POST"])
def evidence_replace(request, pk: int, evidence_pk: int):
    review, access = get_review_for_user(request.user, pk, need="assess")
    evidence = _evidence(review, evidence_pk)
    form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_replace_file(
                evidence=evidence, by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, f"New version of “{evidence.title}” uploaded")
            return redirect(evidence)
    return _page(
        request,
        "evidence_replace.html",
        review,
        access,
        evidence=evidence,
        marker=evidence.marker,
        form=form,
    )


@require_http_methods(["GET", "POST"])
def evidence_withdraw(request, pk: int, evidence_pk: int):
    review, access = get_review_for_user(request.user, pk, need="assess")
    evidence = _evidence(review, evidence_pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence.withdraw(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            form.add_error(None, e.messages)
        else:
            messages.success(request, f"Evidence “{evidence.title}” withdrawn")
            return redirect("reviews:marker", review.pk, evidence.marker.number)
    return _page(
        request,
        "evidence_withdraw.html",
        review,
        access,
        evidence=evidence,
        marker=evidence.marker,
        form=form,
    )


@require_GET
def evidence_download(request, pk: int, evidence_pk: int, file_pk: int):
    review, access = get_review_for_user(request.user, pk)
    version = get_object_or_404(
        EvidenceFile.objects.select_related("evidence"),
        evidence__review=review,
        evidence_id=evidence_pk,
        pk=file_pk,
    )
    if not access.can_download(version.evidence):
        raise PermissionDenied
    return download_response(
        version.file,
        download_name=version.original_name,
        expected_sha256=version.sha256,
        content_type=version.content_type,
    )
