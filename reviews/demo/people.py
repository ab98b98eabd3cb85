from dataclasses import dataclass, field

from accounts.models import Agency, Board, Membership, User
from reviews.demo.stories import AGENCIES, SOUTHMOOR_AGENCIES

DEMO_PASSWORD = "demo-only-Kestrel-42"

PEOPLE = [
    # username, first name, last name, role, agency
    ("manager", "Morgan", "Hale", Membership.Role.BOARD_MANAGER, None),
    ("chair", "Priya", "Raman", Membership.Role.CHAIR, None),
    ("reviewer", "Alex", "Reviewer", Membership.Role.LEAD_REVIEWER, None),
    ("reviewer2", "Sam", "Okafor", Membership.Role.LEAD_REVIEWER, None),
    ("member", "Dana", "Whitfield", Membership.Role.BOARD_MEMBER, "Northshire Constabulary"),
    (
        "member2",
        "Chris",
        "Ndlovu",
        Membership.Role.BOARD_MEMBER,
        "Northshire Children's Social Care",
    ),
]


@dataclass
class DemoCast:
    board: Board
    users: dict[str, User]
    agencies: dict[str, Agency]
    accounts: list[tuple[str, str]] = field(default_factory=list)
    other_board: Board | None = None
    other_agencies: dict[str, Agency] = field(default_factory=dict)


def _user(username: str, first: str, last: str, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.invalid",
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_people() -> DemoCast:
    board, _ = Board.objects.get_or_create(
        slug="northshire", defaults={"name": "Northshire Safeguarding Children Partnership"}
    )
    agencies = {name: Agency.objects.get_or_create(board=board, name=name)[0] for name in AGENCIES}
    cast = DemoCast(board=board, users={}, agencies=agencies)
    for username, first, last, role, agency in PEOPLE:
        user = _user(username, first, last)
        Membership.objects.get_or_create(
            user=user,
            board=board,
            defaults={"role": role, "agency": agencies.get(agency) if agency else None},
        )
        cast.users[username] = user
        label = Membership.Role(role).label + (f" ({agency})" if agency else "")
        cast.accounts.append((username, label))
    # A member of another board, to show that boards never see each other's reviews.
    other, _ = Board.objects.get_or_create(
        slug="southmoor", defaults={"name": "Southmoor Safeguarding Children Partnership"}
    )
    cast.other_board = other
    cast.other_agencies = {
        name: Agency.objects.get_or_create(board=other, name=name)[0] for name in SOUTHMOOR_AGENCIES
    }
    outsider = _user("outsider", "Jo", "Marsh")
    Membership.objects.get_or_create(
        user=outsider, board=other, defaults={"role": Membership.Role.BOARD_MANAGER}
    )
    cast.users["outsider"] = outsider
    cast.accounts.append(("outsider", "Board manager of another board"))
    cast.users["admin"] = _user("admin", "Ada", "Admin", is_staff=True, is_superuser=True)
    cast.accounts.append(("admin", "Administrator (Django admin)"))
    return cast
