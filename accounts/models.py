from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


def person_name(first_name: str, last_name: str, username: str) -> str:
    """How the app names a person (``str(user)``), from those three columns alone: for pages
    that read people as values rather than as users."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A person who signs in. What they may do comes from their board memberships."""

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name, self.username)


class Board(models.Model):
    """One safeguarding partnership (formerly an LSCB). Reviews belong to exactly one board."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    reference_prefix = models.CharField(
        max_length=10,
        default="SCR",
        help_text="Used to generate review references, e.g. SCR-2026-004.",
    )
    # Timescales: defaults from the statutory guidance; each board can change them.
    notification_working_days = models.PositiveSmallIntegerField(
        "Serious incident notification (working days after becoming aware)", default=5
    )
    rapid_review_working_days = models.PositiveSmallIntegerField(
        "Rapid review (working days after notification)", default=15
    )
    referral_decision_working_days = models.PositiveSmallIntegerField(
        "Decision on a referral (working days after referral)", default=15
    )
    review_completion_months = models.PositiveSmallIntegerField(
        "Review completion (months after the decision to hold it)", default=6
    )
    national_bodies_days_before_publication = models.PositiveSmallIntegerField(
        "Report sent to national bodies (days before publication)", default=7
    )
    publication_months = models.PositiveSmallIntegerField(
        "Published report available for at least (months)", default=12
    )
    require_two_factor = models.BooleanField(
        "Members must sign in with a security code",
        default=False,
        help_text="Every member of the board uses an authenticator app as well as a password.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A partner agency of a board (police, health, children's social care, education...)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="agencies")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="unique_agency_per_board")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        BOARD_MANAGER = "board_manager", "Board manager"
        CHAIR = "chair", "Chair"
        LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
        BOARD_MEMBER = "board_member", "Board member"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="For board members: the agency they represent. They update its actions.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["board__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "board"], name="one_role_per_board")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.board}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.agency_id and self.agency.board_id != self.board_id:
            raise ValidationError({"agency": "The agency must belong to the same board."})


class PasswordResetRequest(models.Model):
    """A request for a password-reset e-mail, kept a day to limit how many one address or
    one e-mail address can ask for (accounts.security.reset_allowed)."""

    email = models.EmailField(db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} at {self.at:%Y-%m-%d %H:%M}"
