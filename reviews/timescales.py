"""Timescales: when each milestone of a review is due, and whether it was met.

Pure functions over dates (no database access): working days exclude weekends and the bank
holidays of England and Wales (the ``holidays`` package, substitute days included).
``review_milestones`` reads a review whose related records are already loaded.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share bank holidays; subdiv "ENG" gives them with substitute days.
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


bank_holidays = _bank_holidays


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(n)))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 August + 6 months: 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Rules:
    """A board's timescale settings."""

    notification_working_days: int = 5
    rapid_review_working_days: int = 15
    referral_decision_working_days: int = 15
    review_completion_months: int = 6
    national_bodies_days_before_publication: int = 7
    publication_months: int = 12

    @classmethod
    def for_board(cls, board) -> "Rules":
        return cls(**{f: getattr(board, f) for f in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    basis: str
    due_on: date
    done_on: date | None = None
    # False for "available until" dates, which are never overdue.
    is_deadline: bool = True

    def days_left(self, today: date) -> int:
        """Calendar days until the due date; negative when overdue."""
        return (self.due_on - today).days

    def is_overdue(self, today: date) -> bool:
        return self.is_deadline and self.done_on is None and today > self.due_on

    def was_late(self) -> bool:
        return self.is_deadline and self.done_on is not None and self.done_on > self.due_on

    def is_missed(self, today: date) -> bool:
        """Overdue now, or met late: either way marker 8 asks for a reason for the delay."""
        return self.is_overdue(today) or self.was_late()

    def status(self, today: date) -> str:
        if not self.is_deadline:
            return "until"
        if self.done_on is not None:
            return "late" if self.was_late() else "met"
        return "overdue" if self.is_overdue(today) else "due"


# What each milestone is, by key (agency contributions are "Contribution from <agency>").
LABELS = {
    "notification": "Serious incident notified to the national bodies",
    "rapid_review": "Rapid review sent to the National Panel",
    "decision": "Decision whether to hold a review",
    "completion": "Review completed (final report received)",
    "national_bodies": "Report sent to the national bodies",
    "publication": "Published report kept available",
}


def contribution_label(agency) -> str:
    return f"Contribution from {agency}"


def compute_milestones(
    dates: dict[str, date | None],
    rules: Rules,
    *,
    rapid_review_sent_on: date | None = None,
    with_rapid_review: bool = False,
    with_completion: bool = True,
    contributions: list[tuple[str, str, date | None, date | None]] = (),
) -> list[Milestone]:
    """The milestones that can be dated from what is known, in due-date order.

    ``dates`` maps the review's key date field names to dates; ``contributions`` lists
    (key, label, due_on, received_on) for agency contributions asked for.
    """
    out = []
    if dates.get("aware_on"):
        n = rules.notification_working_days
        out.append(
            Milestone(
                "notification",
                LABELS["notification"],
                f"{n} working days after the local authority became aware",
                add_working_days(dates["aware_on"], n),
                dates.get("notified_on"),
            )
        )
    if with_rapid_review and dates.get("notified_on"):
        n = rules.rapid_review_working_days
        out.append(
            Milestone(
                "rapid_review",
                LABELS["rapid_review"],
                f"{n} working days after the notification",
                add_working_days(dates["notified_on"], n),
                rapid_review_sent_on,
            )
        )
    if dates.get("referral_on"):
        n = rules.referral_decision_working_days
        out.append(
            Milestone(
                "decision",
                LABELS["decision"],
                f"{n} working days after the referral",
                add_working_days(dates["referral_on"], n),
                dates.get("decision_on"),
            )
        )
    if with_completion and dates.get("decision_on"):
        n = rules.review_completion_months
        out.append(
            Milestone(
                "completion",
                LABELS["completion"],
                f"{n} months after the decision to hold it",
                add_months(dates["decision_on"], n),
                dates.get("report_received_on"),
            )
        )
    if dates.get("published_on"):
        n = rules.national_bodies_days_before_publication
        out.append(
            Milestone(
                "national_bodies",
                LABELS["national_bodies"],
                f"at least {n} days before publication",
                dates["published_on"] - timedelta(days=n),
                dates.get("sent_to_national_bodies_on"),
            )
        )
        n = rules.publication_months
        out.append(
            Milestone(
                "publication",
                LABELS["publication"],
                f"at least {n} months after publication",
                add_months(dates["published_on"], n),
                is_deadline=False,
            )
        )
    for key, label, due_on, received_on in contributions:
        if due_on:
            basis = "the date the agency was asked for"
            out.append(Milestone(key, label, basis, due_on, received_on))
    return sorted(out, key=lambda m: (m.due_on, m.key))


def review_milestones(review) -> list[Milestone]:
    """Milestones of a review. Expects ``board``, ``rapid_review`` and ``contributions``
    loaded (``select_related``/``prefetch_related``) when called for many reviews."""
    from reviews.models import KEY_DATES, RapidReview

    try:
        rapid = review.rapid_review
    except RapidReview.DoesNotExist:
        rapid = None
    contributions = [
        (f"contribution-{c.pk}", contribution_label(c.agency), c.due_on, c.received_on)
        for c in review.contributions.all()
        if not c.is_withdrawn
    ]
    return compute_milestones(
        {name: getattr(review, name) for name, _ in KEY_DATES},
        Rules.for_board(review.board),
        rapid_review_sent_on=rapid.sent_to_panel_on if rapid else None,
        with_rapid_review=review.kind == "rapid" or rapid is not None,
        with_completion=review.kind != "rapid" and review.stage != "not_proceeding",
        contributions=contributions,
    )


def next_milestone(milestones: list[Milestone]) -> Milestone | None:
    """The earliest deadline not yet met."""
    return next((m for m in milestones if m.is_deadline and m.done_on is None), None)


def is_overdue(milestones: list[Milestone], today: date) -> bool:
    return any(m.is_overdue(today) for m in milestones)
