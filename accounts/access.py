"""Who belongs to which board. The one place the membership lookup happens."""

from accounts.models import Membership, User


def memberships_of(user: User) -> dict[int, Membership]:
    """The user's memberships keyed by board id, in the order of the boards' names, fetched
    once and cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        # Sorted here rather than by Membership's ordering, which joins the user table too
        # (one user here) and costs more to build than the query's rows take to sort.
        rows = Membership.objects.filter(user=user).select_related("board", "agency").order_by()
        cached = {m.board_id: m for m in sorted(rows, key=lambda m: m.board.name)}
        user._memberships_cache = cached
    return cached


def boards_where(user: User, *roles: str) -> list[int]:
    return [board_id for board_id, m in memberships_of(user).items() if m.role in roles]
