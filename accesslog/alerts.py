"""What the board manager's home flags about reading (issue 12, finding 3): people who open
many reviews they have no part in, and any role on the board given to an administrator
(an administrator can give themselves board manager in Django admin and read everything).

Two queries whatever the size of the log or the board (built once per process:
``scrqm.prepared``): the readers are counted in the database; administrators' memberships are
read as they are now and, for the ones removed since, from the membership history.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery, Value
from django.utils import timezone

from accesslog.models import AccessEntry
from accounts.models import Membership
from scrqm.prepared import Prepared

ROWS = 5
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


def heavy_readers(board_id: int, since, threshold: int):
    """People who opened at least ``threshold`` of the board's reviews since ``since`` while
    outside those reviews' teams (and not the board's managers or chair): most reviews first.

    Each read is judged as it was when it happened (``AccessEntry.outside_team``, recorded at
    the read): someone who read a review from outside its team and was put on the team later
    still counts for that read, and someone who read it while on the team and has left it
    since does not. Only the reads from outside a team are read (a partial index), however
    much the team and the board's managers read."""
    return (
        AccessEntry.objects.filter(review__board_id=board_id, at__gte=since, outside_team=True)
        .values("user", "user__username", "user__first_name", "user__last_name")
        .annotate(reviews=Count("review", distinct=True), last=Max("at"))
        .filter(reviews__gte=threshold)
        .order_by("-reviews", "-last")
    )


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def administrators(board_id: int, since):
    """Every role on the board held by an administrator (staff or superuser), with when and
    by whom it was given, and those removed since ``since`` (by whom). One query: the
    memberships as they are, and the removals in the membership history."""
    history = Membership.history.model
    given = history.objects.filter(id=OuterRef("pk"), history_type="+").order_by("history_id")
    columns = ["user_id", "user__first_name", "user__last_name", "user__username", "role"]
    columns += ["at", "by_first", "by_last", "by_username", "removed_at"]
    no_date = Value(None, output_field=DateTimeField())
    held = (
        Membership.objects.filter(ADMIN, board_id=board_id)
        .annotate(
            at=F("created_at"),
            by_first=Subquery(given.values("history_user__first_name")[:1]),
            by_last=Subquery(given.values("history_user__last_name")[:1]),
            by_username=Subquery(given.values("history_user__username")[:1]),
            removed_at=no_date,
        )
        .values(*columns)
    )
    removed = (
        history.objects.filter(ADMIN, board_id=board_id, history_type="-", history_date__gte=since)
        .annotate(
            at=no_date,
            by_first=F("history_user__first_name"),
            by_last=F("history_user__last_name"),
            by_username=F("history_user__username"),
            removed_at=F("history_date"),
        )
        .values(*columns)
    )
    return held.order_by().union(removed.order_by(), all=True)


def _admin_rows(found: list[dict]) -> list[dict]:
    """The rows of ``administrators`` as the page shows them: newest first."""
    rows = [
        {
            "user_id": r["user_id"],
            "name": _name(r["user__first_name"], r["user__last_name"], r["user__username"]),
            "role": Membership.Role(r["role"]).label,
            "at": r["at"],
            "by": _name(r["by_first"] or "", r["by_last"] or "", r["by_username"] or ""),
            "removed_at": r["removed_at"],
        }
        for r in found
    ]
    return sorted(rows, key=lambda r: r["removed_at"] or r["at"], reverse=True)


def _queries(board_id: int, since, threshold: int) -> dict:
    return {
        "readers": heavy_readers(board_id, since, threshold),
        "admins": administrators(board_id, since),
    }


# Built once per process (scrqm.prepared): building them took more time than running them.
_QUERIES = Prepared(_queries)


def for_board(board_id: int, now=None) -> AccessAlerts:
    now = now or timezone.now()
    days = settings.ACCESS_LOG_FLAG_DAYS
    since = now - timedelta(days=days)
    threshold = settings.ACCESS_LOG_FLAG_REVIEWS
    found = _QUERIES.run(board_id=board_id, since=since, threshold=threshold)
    readers = found["readers"]
    for r in readers:
        r["name"] = _name(r["user__first_name"], r["user__last_name"], r["user__username"])
    return AccessAlerts(
        days=days, threshold=threshold, readers=readers, admins=_admin_rows(found["admins"])
    )
