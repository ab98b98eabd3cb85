"""A review's whole file: exported by the board managers of its board, imported into a board
by an administrator (``reviews.archive``)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accesslog.middleware import record
from accounts.models import Board
from reviews import archive
from reviews.access import get_review_for_user
from scrqm.forms import GDSFormMixin


@require_GET
def archive_export(request, pk: int):
    """What the archive holds, and the button that downloads it."""
    review, access = get_review_for_user(request.user, pk, need="manage")
    return _export_page(request, review, access)


def _export_page(request, review, access, error=""):
    return render(
        request,
        "reviews/archive_export.html",
        {"review": review, "access": access, "tab": "overview", "error": error},
        status=409 if error else 200,
    )


@require_POST
def archive_download(request, pk: int):
    """The archive itself: made, recorded (history and access log), downloaded."""
    review, access = get_review_for_user(request.user, pk, need="manage")
    try:
        out, _, _ = archive.export_review(review, by=request.user)
    except archive.ArchiveError as e:
        return _export_page(request, review, access, str(e))
    record(request, review.pk, "reviews:archive_download")
    name = f"{review.reference}-whole-file-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(out, as_attachment=True, filename=name, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


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
