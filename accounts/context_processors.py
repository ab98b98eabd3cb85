def memberships(request):
    """The signed-in user's boards and roles, for the navigation (one query, cached per request)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from accounts.access import memberships_of

    ms = memberships_of(user)
    return {
        "user_memberships": list(ms.values()),
        "is_board_manager": any(m.role == m.Role.BOARD_MANAGER for m in ms.values()),
    }
