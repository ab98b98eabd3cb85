"""A review's whole file: exported by the board managers of its board, imported into a board
by an administrator (``reviews.archive``)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accesslog.middleware import record
from accounts.models import Board
from reviews import archive
from reviews.access import get_review_for_user
from scrqm.forms import GDSFormMixin


@require_http_methods(["GET", "POST"])
def archive_export(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    error = ""
    if request.method == "POST":
        try:
            out, _, _ = archive.export_review(review, by=request.user)
        except archive.ArchiveError as e:
            error = str(e)
        else:
            record(request, review.pk, "reviews:archive_export")
            name = f"{review.reference}-whole-file-{timezone.localdate():%Y-%m-%d}.zip"
            response = FileResponse(
                out, as_attachment=True, filename=name, content_type="application/zip"
            )
            response["Cache-Control"] = "private, no-store"
            return response
    return render(
        request,
        "reviews/archive_export.html",
        {"review": review, "access": access, "tab": "overview", "error": error},
        status=409 if error else 200,
    )


class ImportForm(GDSFormMixin, forms.Form):
    submit_label = "Import the review"
    archive = forms.FileField(
        label="Archive of the review (.zip)",
        help_text="A review's whole file, exported from this service.",
    )
    board = forms.ModelChoiceField(
        label="Board the review joins",
        queryset=Board.objects.all(),
        empty_label=None,
        help_text="The review is created in this board; its people are found by e-mail address.",
    )


@require_http_methods(["GET", "POST"])
def archive_import(request):
    if not request.user.is_staff:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = archive.import_review(
                form.cleaned_data["archive"], board=form.cleaned_data["board"], by=request.user
            )
        except archive.ArchiveError as e:
            form.add_error("archive", str(e))
        else:
            return render(request, "reviews/archive_imported.html", {"result": result})
    return render(request, "reviews/archive_import.html", {"form": form})
