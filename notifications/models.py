from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ADDED = "added", "You are added to a review"
    DECISION_WAITING = "decision_waiting", "A decision is waiting for the chair"
    CHALLENGE_RAISED = "challenge_raised", "A challenge is raised on your review"
    CHALLENGE_ANSWERED = "challenge_answered", "Your challenge is answered"
    POINT_SIGNED_OFF = "point_signed_off", "An assessment point is signed off"
    CONTRIBUTION_OVERDUE = "contribution_overdue", "An agency contribution is overdue"


class OptOut(models.Model):
    """A kind of e-mail a user has turned off. Everything is on until turned off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_each")]

    def __str__(self) -> str:
        return f"{self.user}: no e-mail when {self.get_kind_display().lower()}"


class Sent(models.Model):
    """One e-mail sent: the unique key makes a retried request (or a rerun command) send
    nothing twice. ``key`` names the event, never case details."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="one_notification_each")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user}"
