"""Who has seen what: per review and per user, for the board's managers; exportable as CSV."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accesslog import alerts
from accesslog.models import AccessEntry
from accounts.access import boards_where
from accounts.models import Board, Membership, User
from reviews.access import get_review_for_user

PAGE_SIZE = 100
COLUMNS = ["When", "Who", "Address", "Review", "What", "Page"]


def _rows(entries):
    for e in entries:
        yield [
            e.at.isoformat(timespec="seconds"),
            e.user.get_username(),
            e.address or "",
            e.review.reference if e.review else "",
            e.what,
            e.path,
        ]


def _csv(filename: str, entries) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    # Paths and names are ours or users', never starting a formula: neutralise anyway.
    for row in _rows(entries):
        writer.writerow(["'" + c if c[:1] in "=+-@\t\r" else c for c in row])
    return response


@require_GET
def review_log(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    entries = AccessEntry.objects.filter(review=review).select_related("user", "review")
    if request.GET.get("format") == "csv":
        return _csv(f"{review.reference}-access-log.csv", entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accesslog/review_log.html",
        {
            "review": review,
            "access": access,
            "page": page,
            "tab": "history",
            "retention_days": settings.ACCESS_LOG_RETENTION_DAYS,
            "label": "Access log pages",
        },
    )


@require_GET
def user_log(request, user_pk: int):
    """What one person who is, or was, of the viewer's boards has seen: pages of those boards'
    reviews, and what belongs to no one review (lists, exports across reviews, the analytics
    pack). 404 for a person never of the boards the viewer manages."""
    boards = boards_where(request.user, Membership.Role.BOARD_MANAGER)
    person = get_object_or_404(User, pk=user_pk)
    if not boards or not (
        Membership.history.filter(user=person, board_id__in=boards).exists()
        or Membership.objects.filter(user=person, board_id__in=boards).exists()
        or AccessEntry.objects.filter(user=person, review__board_id__in=boards).exists()
    ):
        raise Http404("No such person")
    entries = AccessEntry.objects.filter(
        Q(review__board_id__in=boards) | Q(review__isnull=True), user=person
    ).select_related("user", "review")
    if request.GET.get("format") == "csv":
        return _csv(f"{person.get_username()}-access-log.csv", entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accesslog/user_log.html",
        {"person": person, "page": page, "label": "Access log pages"},
    )


@require_GET
def board_alerts(request, board_pk: int):
    """The whole of the home page's "Access to check" panel, for the board's managers."""
    if board_pk not in boards_where(request.user, Membership.Role.BOARD_MANAGER):
        raise Http404("No such board")
    board = get_object_or_404(Board, pk=board_pk)
    return render(
        request,
        "accesslog/board_alerts.html",
        {"board": board, "alerts": alerts.for_board(board.pk)},
    )
