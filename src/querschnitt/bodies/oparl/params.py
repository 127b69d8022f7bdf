"""The query parameters of OParl lists: the four date filters, omit_internal, paging by key.

Clients send date-times raw (`modified_since=2025-03-01T12:00:00+01:00`, whose `+` a query
string turns into a space) or percent-encoded (`%2B01%3A00`); both are understood. The
filters are carried into every link in one fixed order, percent-encoded.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.http import QueryDict
from django.utils import timezone

DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
BERLIN = ZoneInfo("Europe/Berlin")
# "2025-03-01T12:00:00 01:00": a raw "+" that the query string made a space
SPACE_FOR_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class BadParameter(ValueError):
    """A parameter that cannot be understood; the message says which and how to write it."""


def parse_datetime(name: str, raw: str) -> datetime:
    value = SPACE_FOR_PLUS.sub(r"\1+\2", raw.strip())
    if value.endswith(("z", "Z")):
        value = value[:-1] + "+00:00"
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            parsed = datetime.combine(datetime.fromisoformat(value).date(), time.min)
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadParameter(
            f"{name} must be a date-time like 2025-03-01T12:00:00+01:00, not {raw!r}."
        ) from None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=BERLIN)
    return parsed


def format_datetime(value: datetime) -> str:
    """OParl's date-time: seconds and an offset, in Berlin's time."""
    return value.astimezone(BERLIN).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ListParams:
    dates: dict[str, datetime] = field(default_factory=dict)
    omit_internal: bool = False
    limit: int = DEFAULT_LIMIT
    limit_given: bool = False
    after: int | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> "ListParams":
        dates = {
            name: parse_datetime(name, str(query.get(name, "")))
            for name in DATE_FILTERS
            if query.get(name)
        }
        omit = query.get("omit_internal", "").lower()
        if omit not in ("", "true", "false", "1", "0"):
            raise BadParameter("omit_internal must be true or false.")
        limit, limit_given = DEFAULT_LIMIT, False
        if query.get("limit"):
            try:
                limit = min(max(int(str(query.get("limit"))), 1), MAX_LIMIT)
                limit_given = True
            except ValueError:
                raise BadParameter("limit must be a whole number.") from None
        after = None
        if query.get("after"):
            try:
                after = int(str(query.get("after")))
            except ValueError:
                raise BadParameter(
                    "after must be the id number that the last page ended with."
                ) from None
        return cls(
            dates=dates,
            omit_internal=omit in ("true", "1"),
            limit=limit,
            limit_given=limit_given,
            after=after,
        )

    @property
    def with_deleted(self) -> bool:
        return "modified_since" in self.dates

    def query_string(self, *, after: int | None = None) -> str:
        pairs: list[tuple[str, str]] = [
            (name, format_datetime(self.dates[name])) for name in DATE_FILTERS if name in self.dates
        ]
        if self.omit_internal:
            pairs.append(("omit_internal", "true"))
        if self.limit_given:
            pairs.append(("limit", str(self.limit)))
        if after is not None:
            pairs.append(("after", str(after)))
        return urlencode(pairs)
