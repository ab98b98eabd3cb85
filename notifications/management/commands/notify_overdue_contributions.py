"""Tell each board manager about agency contributions that are overdue, once per
contribution: run daily (cron); a second run sends nothing again."""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from notifications.models import Kind
from notifications.send import absolute, notify
from reviews.models import AgencyContribution, Review


class Command(BaseCommand):
    help = "E-mail board managers about overdue agency contributions (once each)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        late = (
            AgencyContribution.objects.current()
            .filter(received_on__isnull=True, due_on__lt=today)
            .exclude(review__stage__in=[Review.Stage.CLOSED, Review.Stage.NOT_PROCEEDING])
            .select_related("review")
        )
        managers: dict[int, list] = {}
        for m in Membership.objects.filter(role=Membership.Role.BOARD_MANAGER).select_related(
            "user"
        ):
            managers.setdefault(m.board_id, []).append(m.user)
        count = 0
        for c in late:
            notify(
                Kind.CONTRIBUTION_OVERDUE,
                managers.get(c.review.board_id, []),
                review=c.review,
                key=f"contribution:{c.pk}:{c.due_on}",
                url=absolute(None, reverse("reviews:records", args=[c.review_id])),
            )
            count += 1
        self.stdout.write(f"{count} overdue contribution(s) checked")
