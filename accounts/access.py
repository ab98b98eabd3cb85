"""Who belongs to which board. The one place the membership lookup happens."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import Membership, User
from scrqm.prepared import PreparedObjects


def memberships_of(user: User) -> dict[int, Membership]:
    """The user's memberships keyed by board id, in the order of the boards' names, fetched
    once and cached on the user object (on a signed-in request, with the user: Backend)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = _keep(user, _memberships().filter(user=user))
    return cached


def boards_where(user: User, *roles: str) -> list[int]:
    return [board_id for board_id, m in memberships_of(user).items() if m.role in roles]


def _memberships():
    # Sorted by _keep rather than by Membership's ordering, which joins the user table too
    # (one user here) and costs more to build than the query's few rows take to sort.
    return Membership.objects.select_related("board", "agency").order_by()


def _keep(user: User, memberships) -> dict[int, Membership]:
    user._memberships_cache = {
        m.board_id: m for m in sorted(memberships, key=lambda m: m.board.name)
    }
    return user._memberships_cache


# The signed-in user with their memberships: its SQL compiled once per process.
_SIGNED_IN = PreparedObjects(
    lambda user_id: _memberships().filter(user_id=user_id).select_related("user")
)


class Backend(ModelBackend):
    """Django's ModelBackend, but the user a session names (read on every signed-in request)
    is read with their memberships in one query, which every page needs anyway (the
    navigation, the access checks): one query fewer per page. Someone on no board (an
    administrator) is read as ModelBackend does."""

    def get_user(self, user_id):
        memberships = _SIGNED_IN.run(user_id=int(user_id))
        if not memberships:
            user = super().get_user(user_id)
            if user is not None:
                _keep(user, [])
            return user
        user = memberships[0].user
        for m in memberships:
            m.user = user
        _keep(user, memberships)
        return user if self.user_can_authenticate(user) else None
