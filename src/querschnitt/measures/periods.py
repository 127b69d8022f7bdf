"""Reporting periods: calendar quarters or calendar years. Pure functions, no database."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

QUARTER_KEY = re.compile(r"^(\d{4})-Q([1-4])$")
YEAR_KEY = re.compile(r"^(\d{4})$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    @property
    def is_quarter(self) -> bool:
        return self.start.month != 1 or self.end.month != 12

    @property
    def key(self) -> str:
        """As it appears in addresses and files: 2025-Q2, or 2025."""
        if self.is_quarter:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.is_quarter:
            return _("Q%(quarter)s %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        return str(self.start.year)


def quarter_of(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = (
        date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    )
    return Period(start, following - timedelta(days=1))


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def period_of(day: date, interval: str) -> Period:
    return quarter_of(day) if interval == "quarterly" else year_of(day)


def period_from_key(key: str) -> Period | None:
    """The period a key names (2025-Q2, 2025), or None for anything else."""
    if match := QUARTER_KEY.match(key):
        year, quarter = int(match[1]), int(match[2])
        if 1900 < year < 2200:
            return quarter_of(date(year, 3 * quarter, 1))
    elif (match := YEAR_KEY.match(key)) and 1900 < int(match[1]) < 2200:
        return year_of(date(int(match[1]), 1, 1))
    return None


def last_ended(today: date, interval: str) -> Period:
    """The latest period that has ended before today."""
    return period_of(period_of(today, interval).start - timedelta(days=1), interval)


def periods_between(start: date, end: date, interval: str) -> list[Period]:
    """Every period that overlaps the days from `start` to `end`, in order."""
    found = []
    period = period_of(start, interval)
    while period.start <= end:
        found.append(period)
        period = period_of(period.end + timedelta(days=1), interval)
    return found
