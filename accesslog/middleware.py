"""The one place reads are recorded: every successful GET of a review's pages, downloads and
exports, and of the reports and exports across reviews (the ``reviews``, ``documents`` and
``analytics`` URL namespaces: evidence and draft downloads, quality-assurance summaries,
actions exports, the analytics page and annual-report pack), after the view has checked
access through ``reviews.access`` (a refused request is a 403/404 and is not a read).

Each read of a review records whether the reader was outside its team then: the checkpoint
(``get_review_for_user``) has noted it for ``reviews.redaction``, whose middleware holds it
around this one, so it costs no query."""

from accesslog.models import AccessEntry
from accounts.security import client_address
from reviews import redaction

LOGGED_NAMESPACES = {"reviews", "documents", "analytics"}


def record(request, review_id: int | None, what: str) -> AccessEntry:
    """Record one read by hand (for a read that is not a GET of a logged page)."""
    return AccessEntry.objects.create(
        user=request.user,
        address=client_address(request),
        review_id=review_id,
        what=what[:100],
        path=request.get_full_path()[:500],
        outside_team=redaction.outside_team(review_id),
    )


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.namespace in LOGGED_NAMESPACES
            and request.method == "GET"
            and response.status_code == 200
            and request.user.is_authenticated
        ):
            record(request, match.kwargs.get("pk"), f"{match.namespace}:{match.url_name}")
        return response
