from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reviews import redaction
from scrqm import dashboard


@require_GET
def home(request):
    """What needs the user's attention today: one section per board, the panels of their role
    there (scrqm.dashboard)."""
    sections = dashboard.sections_for(request.user)
    redaction.note_reviews(dashboard.review_ids(sections))
    return render(request, "home.html", {"sections": sections})


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
@require_GET
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
