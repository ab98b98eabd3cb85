"""What the board manager's home flags about reading (issue 12, finding 3): people who open
many reviews they have no part in, and any role on the board given to an administrator
(an administrator can give themselves board manager in Django admin and read everything).

Three queries whatever the size of the log or the board: the readers are counted in the
database; administrators' memberships are read as they are now and, for the ones removed
since, from the membership history.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from accesslog.models import AccessEntry
from accounts.models import Membership
from reviews.models import ReviewRole

ROWS = 5
# Board managers and chairs oversee every review of their board: reading them is their part.
OVERSIGHT = [Membership.Role.BOARD_MANAGER, Membership.Role.CHAIR]
ADMIN = Q(user__is_staff=True) | Q(user__is_superuser=True)


@dataclass
class AccessAlerts:
    days: int
    threshold: int
    readers: list[dict] = field(default_factory=list)
    admins: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.readers) + len(self.admins)


def heavy_readers(board_id: int, since) -> list[dict]:
    """People who opened at least ACCESS_LOG_FLAG_REVIEWS of the board's reviews since
    ``since`` while on none of those reviews' teams (and not the board's managers or chair):
    most reviews first."""
    on_team = ReviewRole.objects.filter(review=OuterRef("review"), user=OuterRef("user"))
    overseer = Membership.objects.filter(
        board_id=board_id, user=OuterRef("user"), role__in=OVERSIGHT
    )
    return list(
        AccessEntry.objects.filter(review__board_id=board_id, at__gte=since)
        .exclude(Exists(on_team))
        .exclude(Exists(overseer))
        .values("user", "user__username", "user__first_name", "user__last_name")
        .annotate(reviews=Count("review", distinct=True), last=Max("at"))
        .filter(reviews__gte=settings.ACCESS_LOG_FLAG_REVIEWS)
        .order_by("-reviews", "-last")
    )


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def administrators(board_id: int, since) -> list[dict]:
    """Every role on the board held by an administrator (staff or superuser), with when and
    by whom it was given, and those removed since ``since``: newest first."""
    history = Membership.history.model
    given_by = history.objects.filter(id=OuterRef("pk"), history_type="+").order_by("history_id")
    held = (
        Membership.objects.filter(ADMIN, board_id=board_id)
        .select_related("user")
        .annotate(
            by_first=Subquery(given_by.values("history_user__first_name")[:1]),
            by_last=Subquery(given_by.values("history_user__last_name")[:1]),
            by_username=Subquery(given_by.values("history_user__username")[:1]),
        )
    )
    removed = (
        history.objects.filter(ADMIN, board_id=board_id, history_type="-", history_date__gte=since)
        .select_related("user", "history_user")
        .order_by("-history_date")
    )
    rows = [
        {
            "user": m.user,
            "role": m.get_role_display(),
            "at": m.created_at,
            "by": _name(m.by_first or "", m.by_last or "", m.by_username or ""),
            "removed_at": None,
        }
        for m in held
    ]
    rows += [
        {
            "user": h.user,
            "role": Membership.Role(h.role).label,
            "at": None,
            "by": str(h.history_user or ""),
            "removed_at": h.history_date,
        }
        for h in removed
    ]
    return sorted(rows, key=lambda r: r["removed_at"] or r["at"], reverse=True)


def for_board(board_id: int, now=None) -> AccessAlerts:
    now = now or timezone.now()
    days = settings.ACCESS_LOG_FLAG_DAYS
    since = now - timedelta(days=days)
    readers = heavy_readers(board_id, since)
    for r in readers:
        r["name"] = _name(r["user__first_name"], r["user__last_name"], r["user__username"])
    return AccessAlerts(
        days=days,
        threshold=settings.ACCESS_LOG_FLAG_REVIEWS,
        readers=readers,
        admins=administrators(board_id, since),
    )
