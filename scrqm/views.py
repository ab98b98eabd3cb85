from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import boards_where
from accounts.models import Membership
from reviews.models import Action, Review
from reviews.views.review import annotate_milestones, with_timescales


def home(request):
    """The dashboard of live reviews: stage, days elapsed, next milestone, overdue first."""
    reviews = list(
        with_timescales(
            Review.objects.visible_to(request.user)
            .exclude(stage__in=[Review.Stage.CLOSED, Review.Stage.NOT_PROCEEDING])
            .order_by("-created_at")[:200]
        )
    )
    annotate_milestones(reviews, timezone.localdate())
    reviews.sort(
        key=lambda r: (not r.is_overdue, r.next_milestone.due_on if r.next_milestone else date.max)
    )
    return render(
        request,
        "home.html",
        {
            "reviews": reviews,
            "overdue": sum(r.is_overdue for r in reviews),
            **_overdue_actions(request.user),
        },
    )


def _overdue_actions(user) -> dict:
    """Overdue improvement actions for board managers' home page (an include of its own)."""
    boards = boards_where(user, Membership.Role.BOARD_MANAGER)
    if not boards:
        return {"overdue_actions": None}
    overdue = Action.objects.filter(review__board_id__in=boards).overdue()
    return {
        "overdue_actions": list(overdue.for_list().order_by("target_date")[:20]),
        "overdue_count": overdue.count(),
    }


@login_not_required
@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def accessibility(request):
    return render(request, "accessibility.html")


@login_not_required
def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


@login_not_required
def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


@login_not_required
def server_error(request):
    return render(request, "errors/500.html", status=500)
