"""The demo's clock: what the demo creates is dated on the day it happens in the story, and
its history rows name the person who did it, as if the board had used the app for years.

History rows are dated through django-simple-history's ``pre_create_historical_record``
signal, connected only while the demo is being seeded. Fields filled in automatically on
creation (``created_at``, ``at``, ``added_at``...) are dated afterwards with ``backdate``.
"""

from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from reviews.timescales import add_working_days, is_working_day

_UID = "scrqm-demo-clock"


def working_days_before(day: date, n: int) -> date:
    """The ``n``-th working day before ``day``."""
    counted = 0
    while counted < n:
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


class Clock:
    def __init__(self, today: date):
        self.today = today
        self.now = timezone.now()
        self._at: datetime | None = None
        self._user = None
        self._ticks: dict[date, int] = defaultdict(int)

    def moment(self, day: date) -> datetime:
        """A time on ``day`` in office hours, a few minutes after the last one used that day,
        and never later than now."""
        self._ticks[day] += 1
        minutes = 9 * 60 + 7 * self._ticks[day] % (8 * 60)
        at = timezone.make_aware(datetime.combine(day, time(0, 0))) + timedelta(minutes=minutes)
        return min(at, self.now - timedelta(minutes=1))

    def wd(self, day: date, n: int) -> date:
        return add_working_days(day, n) if n >= 0 else working_days_before(day, -n)

    def done(self, day: date) -> date:
        """A date something was done: never after today."""
        return min(day, self.today)

    @contextmanager
    def acting(self, user, day: date):
        """Everything recorded inside happened on ``day``, done by ``user``."""
        saved = self._at, self._user
        self._at, self._user = self.moment(day), user
        try:
            yield self._at
        finally:
            self._at, self._user = saved

    def _stamp(self, sender, history_instance, **kwargs):
        if self._at is not None:
            history_instance.history_date = self._at
        if self._user is not None and history_instance.history_user_id is None:
            history_instance.history_user = self._user

    @contextmanager
    def running(self):
        pre_create_historical_record.connect(self._stamp, weak=False, dispatch_uid=_UID)
        try:
            yield self
        finally:
            pre_create_historical_record.disconnect(dispatch_uid=_UID)


def backdate(obj, at: datetime, *fields: str) -> None:
    """Set fields filled in on creation (auto_now_add) to ``at``, without a history row."""
    type(obj).objects.filter(pk=obj.pk).update(**{f: at for f in fields})
    for f in fields:
        setattr(obj, f, at)
