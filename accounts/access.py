"""Who belongs to which board. The one place the membership lookup happens."""

from accounts.models import Membership, User


def memberships_of(user: User) -> dict[int, Membership]:
    """The user's memberships keyed by board id, fetched once and cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = {
            m.board_id: m
            for m in Membership.objects.filter(user=user).select_related("board", "agency")
        }
        user._memberships_cache = cached
    return cached


def boards_where(user: User, *roles: str) -> list[int]:
    return [board_id for board_id, m in memberships_of(user).items() if m.role in roles]
