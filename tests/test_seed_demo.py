from io import StringIO

from django.core.management import call_command

from accounts.models import Membership, User


def test_it_seeds_one_user_per_role_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    counts = (User.objects.count(), Membership.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Membership.objects.count()) == counts
    roles = set(Membership.objects.filter(board__slug="northshire").values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert User.objects.get(username="manager").check_password("demo-only-Kestrel-42")
