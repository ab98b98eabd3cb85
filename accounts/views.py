from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import memberships_of


@require_GET
def account(request):
    """The signed-in user's account: their boards and roles."""
    memberships = sorted(memberships_of(request.user).values(), key=lambda m: m.board.name)
    return render(request, "accounts/account.html", {"memberships": memberships})
