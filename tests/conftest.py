"""Shared fixtures: the marker library, and the standard users of a board.

The standard cast (STYLE.md, convention 8): board manager, chair, lead reviewer on the review,
lead reviewer not on it, board member (with an agency), an outsider (board manager of another
board) and an administrator (superuser with no membership).
"""

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from accounts.models import Board, Membership, User
from reviews.models import Review, ReviewRole
from tests.factories import (
    AgencyFactory,
    BoardFactory,
    MembershipFactory,
    ReviewFactory,
    ReviewRoleFactory,
    UserFactory,
)

MARKER_FIXTURE = "fixtures/scr_quality_markers_2016.json"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 18 markers once for the whole run, as every deployment does."""
    with django_db_blocker.unblock():
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)


@dataclass
class Cast:
    board: Board
    other_board: Board
    review: Review
    manager: User
    chair: User
    reviewer: User
    reviewer_off: User
    member: User
    outsider: User
    admin: User
    agency: object
    other_agency: object

    def kinds(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "manager": self.manager,
            "chair": self.chair,
            "reviewer": self.reviewer,
            "reviewer_off": self.reviewer_off,
            "member": self.member,
            "outsider": self.outsider,
            "admin": self.admin,
        }


def make_cast() -> Cast:
    board = BoardFactory(name="Northshire Safeguarding Children Partnership", slug="northshire")
    other_board = BoardFactory(name="Southmoor Safeguarding Children Partnership", slug="southmoor")
    agency = AgencyFactory(board=board, name="Northshire Police")
    other_agency = AgencyFactory(board=board, name="Northshire Health")
    R = Membership.Role
    users = {}
    for username, role, b, ag in [
        ("manager", R.BOARD_MANAGER, board, None),
        ("chair", R.CHAIR, board, None),
        ("reviewer", R.LEAD_REVIEWER, board, None),
        ("reviewer_off", R.LEAD_REVIEWER, board, None),
        ("member", R.BOARD_MEMBER, board, agency),
        ("outsider", R.BOARD_MANAGER, other_board, None),
    ]:
        user = UserFactory(username=username)
        MembershipFactory(user=user, board=b, role=role, agency=ag)
        users[username] = user
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    review = ReviewFactory(board=board, reference="SCR-2026-001", title="Child R")
    ReviewRoleFactory(review=review, user=users["reviewer"], role=ReviewRole.Role.LEAD_REVIEWER)
    ReviewRoleFactory(review=review, user=users["chair"], role=ReviewRole.Role.CHAIR)
    ReviewRoleFactory(review=review, user=users["manager"], role=ReviewRole.Role.BOARD_MANAGER)
    return Cast(
        board=board,
        other_board=other_board,
        review=review,
        admin=admin,
        agency=agency,
        other_agency=other_agency,
        **users,
    )


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def as_user(client):
    """Sign the test client in as a user (or out, with None) and return it."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Kept figures (analytics.kept) are keyed by ids a rolled-back test may hand out again.
    from django.core.cache import cache

    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` (races, restore) need PostgreSQL's locks and tools: without
    DATABASE_URL=postgres://... they are not run, and the run says so. CI's profile
    (SCRQM_TEST_PROFILE=ci, set by .ci/run) refuses to leave them out."""
    import os

    needing = [i for i in items if i.get_closest_marker("postgres")]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if needing:
            print(f"\n{len(needing)} tests marked postgres run on PostgreSQL")
        return
    if needing and os.environ.get("SCRQM_TEST_PROFILE") == "ci":
        raise pytest.UsageError(
            "The CI profile runs the tests marked postgres: set DATABASE_URL=postgres://..."
        )
    if needing:
        items[:] = [i for i in items if not i.get_closest_marker("postgres")]
        config.hook.pytest_deselected(items=needing)
        print(f"\n{len(needing)} tests need PostgreSQL (set DATABASE_URL=postgres://...): not run")
