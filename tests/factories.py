import factory

from accounts.models import Agency, Board, Membership, User
from reviews.models import Review, ReviewRole


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Board {n} Safeguarding Children Partnership")
    slug = factory.Sequence(lambda n: f"board-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    role = Membership.Role.BOARD_MEMBER


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    board = factory.SubFactory(BoardFactory)
    reference = factory.Sequence(lambda n: f"SCR-2026-{n:03d}")
    title = factory.Sequence(lambda n: f"Child {chr(65 + n % 26)}")
    kind = Review.Kind.SCR

    @factory.lazy_attribute
    def marker_set(self):
        from markers.models import MarkerSet

        return MarkerSet.objects.get(slug="scr-qm-lipp-2016")


class ReviewRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewRole

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(UserFactory)
    role = ReviewRole.Role.LEAD_REVIEWER
