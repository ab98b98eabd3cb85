from datetime import date

import pytest

from reviews.timescales import (
    Rules,
    add_months,
    add_working_days,
    compute_milestones,
    is_overdue,
    is_working_day,
    next_milestone,
    working_days_between,
)


@pytest.mark.parametrize(
    "day,expected",
    [
        (date(2026, 3, 2), True),  # a Monday
        (date(2026, 3, 7), False),  # Saturday
        (date(2026, 3, 8), False),  # Sunday
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day falls on a Saturday: substitute Monday
        (date(2026, 8, 31), False),  # late summer bank holiday (England and Wales)
        (date(2026, 8, 3), True),  # Scotland's summer bank holiday is not ours
        (date(2026, 3, 17), True),  # nor is St Patrick's Day
    ],
)
def test_it_knows_working_days_in_england_and_wales(day, expected):
    assert is_working_day(day) is expected


def test_it_adds_working_days_over_a_weekend():
    assert add_working_days(date(2026, 3, 5), 5) == date(2026, 3, 12)  # Thu -> next Thu


def test_it_skips_easter_when_adding_working_days():
    # Thursday 2 April 2026; Good Friday and Easter Monday do not count.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 2), 5) == date(2026, 4, 13)


def test_it_skips_christmas_and_the_substitute_boxing_day():
    # Thursday 24 December 2026: 25th Fri, 26-27 weekend, 28th substitute, 29th first day.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # Across the new year: 1 January 2027 is a bank holiday.
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert add_working_days(date(2026, 12, 24), 4) == date(2027, 1, 4)


def test_it_counts_working_days_between_dates():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 5
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == -5
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_it_adds_months_clamping_to_the_end_of_the_month():
    assert add_months(date(2026, 3, 3), 6) == date(2026, 9, 3)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 12) == date(2027, 11, 15)


def test_it_dates_the_notification_from_when_the_la_became_aware():
    [m] = compute_milestones({"aware_on": date(2026, 4, 1)}, Rules())
    assert m.key == "notification"
    assert m.due_on == date(2026, 4, 10)  # Wed 1 April + 5 working days over Easter
    assert m.status(date(2026, 4, 10)) == "due"
    assert m.days_left(date(2026, 4, 8)) == 2
    assert m.status(date(2026, 4, 13)) == "overdue"
    assert m.days_left(date(2026, 4, 13)) == -3


def test_it_marks_a_milestone_met_or_late():
    on_time = compute_milestones(
        {"aware_on": date(2026, 3, 2), "notified_on": date(2026, 3, 9)}, Rules()
    )[0]
    late = compute_milestones(
        {"aware_on": date(2026, 3, 2), "notified_on": date(2026, 3, 10)}, Rules()
    )[0]
    assert on_time.status(date(2026, 6, 1)) == "met"
    assert late.status(date(2026, 6, 1)) == "late"
    assert late.is_missed(date(2026, 6, 1))
    assert not on_time.is_missed(date(2026, 6, 1))


def test_it_follows_the_boards_own_settings():
    rules = Rules(notification_working_days=10, review_completion_months=9)
    ms = compute_milestones({"aware_on": date(2026, 3, 2), "decision_on": date(2026, 3, 2)}, rules)
    by_key = {m.key: m for m in ms}
    assert by_key["notification"].due_on == date(2026, 3, 16)
    assert by_key["completion"].due_on == date(2026, 12, 2)


def test_it_dates_the_rapid_review_from_the_notification():
    ms = compute_milestones(
        {"notified_on": date(2026, 12, 14)},
        Rules(),
        with_rapid_review=True,
        rapid_review_sent_on=None,
    )
    [rapid] = [m for m in ms if m.key == "rapid_review"]
    # 15 working days from Mon 14 Dec 2026, skipping Christmas, Boxing Day (substitute 28th)
    # and New Year's Day.
    assert rapid.due_on == date(2027, 1, 7)


def test_it_checks_the_report_reached_the_national_bodies_before_publication():
    ms = compute_milestones(
        {"published_on": date(2026, 10, 20), "sent_to_national_bodies_on": date(2026, 10, 16)},
        Rules(),
    )
    by_key = {m.key: m for m in ms}
    assert by_key["national_bodies"].due_on == date(2026, 10, 13)
    assert by_key["national_bodies"].was_late()
    assert by_key["publication"].due_on == date(2027, 10, 20)
    assert not by_key["publication"].is_overdue(date(2030, 1, 1))


def test_it_counts_outstanding_contributions_towards_timeliness():
    ms = compute_milestones(
        {},
        Rules(),
        contributions=[
            ("contribution-1", "Police chronology", date(2026, 3, 10), None),
            ("contribution-2", "Health records", date(2026, 3, 20), date(2026, 3, 12)),
        ],
    )
    assert is_overdue(ms, date(2026, 3, 11))
    assert next_milestone(ms).key == "contribution-1"


def test_it_dates_nothing_without_dates():
    assert compute_milestones({}, Rules()) == []
    assert next_milestone([]) is None
