"""The public calendar: dates as a list paged by key and as a month, filtered, and the next
date of a format. Every read takes the municipality, runs a fixed number of queries whatever
the number of events, and shows published events only."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import RawRows, column, converted_rows, statement_rows
from querschnitt.events.models import Event, EventDate, Format, Registration
from querschnitt.events.recurrence import local_midnight
from querschnitt.events.selectors.organisers import organiser_choices as organiser_choices
from querschnitt.events.selectors.organisers import organiser_named_in, with_organiser_named
from querschnitt.events.selectors.upcoming_sql import converted_values, upcoming_values

PAGE_SIZE = 25
UNPUBLISHED = [state for state in Event.State.values if state != Event.State.PUBLISHED]
PER_DAY = 3


@dataclass(frozen=True)
class CalendarFilters:
    """What the visitor narrowed the calendar to."""

    format: str = ""
    organiser: str = ""
    language: str = ""
    target_group: str = ""
    accessible: bool = False
    free: bool = False
    online: bool = False

    @property
    def any(self) -> bool:
        return any((self.format, self.organiser, self.language, self.target_group)) or any(
            (self.accessible, self.free, self.online)
        )


@dataclass(frozen=True)
class Cursor:
    """Where the next page of the list begins: after this start and id."""

    start: datetime
    pk: int

    def __str__(self) -> str:
        return f"{int(self.start.timestamp())}.{self.pk}"

    @classmethod
    def parse(cls, value: str) -> "Cursor | None":
        stamp, _dot, pk = value.partition(".")
        if not (stamp.isdigit() and pk.isdigit()) or len(stamp) > 12 or len(pk) > 12:
            return None
        return cls(datetime.fromtimestamp(int(stamp), tz=timezone.get_current_timezone()), int(pk))


def listed_dates(*, municipality: Municipality) -> QuerySet[EventDate]:
    """Dates of published events, with what a row of the calendar shows. The few events
    that are not published (drafts, submissions) are left out by their ids, so that counting
    a month's dates reads an index alone instead of each date's event."""
    unpublished = Event.objects.filter(municipality=municipality, state__in=UNPUBLISHED)
    return (
        EventDate.objects.filter(municipality=municipality)
        .exclude(event__in=unpublished.values("pk"))
        .select_related(
            "event", "event__format", "event__organiser_body", "event__organiser_organisation"
        )
    )


def shown(dates: QuerySet[EventDate]) -> QuerySet[EventDate]:
    """Dates as rows show them: with `organiser_named`, whether the organiser may be named."""
    return with_organiser_named(dates, prefix="event__")


def filtered(queryset: QuerySet[EventDate], filters: CalendarFilters) -> QuerySet[EventDate]:
    if filters.format:
        queryset = queryset.filter(event__format__slug=filters.format)
    organiser = filters.organiser
    if organiser == "office":
        queryset = queryset.filter(event__organiser=Event.Organiser.OFFICE)
    elif organiser.startswith("body-") and organiser[5:].isdigit():
        queryset = queryset.filter(event__organiser_body_id=int(organiser[5:]))
    elif organiser.startswith("org-") and organiser[4:].isdigit():
        queryset = queryset.filter(event__organiser_organisation_id=int(organiser[4:]))
    if filters.language:
        # JSON lists are matched as text on every database: the code with its quotes.
        queryset = queryset.filter(event__languages__icontains=f'"{filters.language}"')
    if filters.target_group:
        queryset = queryset.filter(event__target_groups__icontains=f'"{filters.target_group}"')
    if filters.accessible:
        queryset = queryset.filter(event__step_free=True)
    if filters.free:
        queryset = queryset.filter(event__free=True)
    if filters.online:
        queryset = queryset.filter(event__online=True)
    return queryset


def _upcoming(
    *,
    municipality: Municipality,
    filters: CalendarFilters,
    after: Cursor | None,
    since: date | None,
    now: datetime | None,
) -> QuerySet[EventDate]:
    """Dates that have not ended (from `since` on), after the cursor, in order. Dates
    running now come first, up to a date's longest length back."""
    now = now or timezone.now()
    # the rows join the event anyway: its state is asked there (cheaper to build than the
    # exclusion `listed_dates` makes for the month's counts)
    dates = EventDate.objects.filter(municipality=municipality, event__state=Event.State.PUBLISHED)
    queryset = filtered(dates, filters)
    if since is not None:
        queryset = queryset.filter(start__gte=local_midnight(since))
    else:
        queryset = queryset.filter(start__gte=now - timedelta(days=Event.MAX_DAYS), end__gte=now)
    if after is not None:
        queryset = queryset.filter(Q(start__gt=after.start) | Q(start=after.start, pk__gt=after.pk))
    return queryset.order_by("start", "pk")


def _paged[T: (EventDate, "DateRow")](found: list[T], size: int) -> tuple[list[T], Cursor | None]:
    if len(found) <= size:
        return found, None
    found = found[:size]
    return found, Cursor(found[-1].start, found[-1].pk)


def upcoming_page(
    *,
    municipality: Municipality,
    filters: CalendarFilters,
    after: Cursor | None = None,
    since: date | None = None,
    now: datetime | None = None,
    size: int = PAGE_SIZE,
) -> tuple[list[EventDate], Cursor | None]:
    """One page of dates that have not ended (from `since` on), and where the next page
    begins."""
    queryset = _upcoming(
        municipality=municipality, filters=filters, after=after, since=since, now=now
    )
    related = ("event", "event__format", "event__organiser_body", "event__organiser_organisation")
    return _paged(list(shown(queryset.select_related(*related))[: size + 1]), size)


@dataclass(frozen=True, slots=True)
class DateRow:
    """A row of the calendar as plain values: the date, its event's title and facts, and
    whom the public sees as organiser (`organiser_shown`: None for the office)."""

    pk: int
    event_id: int
    start: datetime
    end: datetime
    cancelled: bool
    moved_at: datetime | None
    all_day: bool
    title: dict[str, str]
    format_name: str | None
    organiser_shown: str | None
    place_text: str
    online: bool
    step_free: bool | None
    free: bool


ROW_FIELDS = (
    "pk",
    "event_id",
    "start",
    "end",
    "cancelled",
    "moved_at",
    "event__all_day",
    "event__title",
    "event__format_id",
    "event__format__name",
    "event__organiser",
    "event__organiser_body__name",
    "event__organiser_body__is_public",
    "event__organiser_organisation__name",
    "event__organiser_organisation__status",
    "event__organiser_organisation__visibility",
    "event__place_name",
    "event__room",
    "event__street_address",
    "event__postal_code",
    "event__locality",
    "event__online",
    "event__step_free",
    "event__free",
)


def _date_row(values: tuple) -> DateRow:
    (pk, event_id, start, end, cancelled, moved_at, all_day, title, format_id, format_name,
     organiser, body_name, body_is_public, organisation_name, organisation_status,
     organisation_visibility, place_name, room, street, postal_code, locality, online,
     step_free, free) = values  # fmt: skip
    named = organiser_named_in(
        organiser=organiser,
        body_is_public=body_is_public,
        organisation_status=organisation_status,
        organisation_visibility=organisation_visibility,
    )
    shown_name = None
    if named and organiser == Event.Organiser.BODY:
        shown_name = body_name
    elif named and organiser == Event.Organiser.ORGANISATION:
        shown_name = organisation_name
    town = f"{postal_code} {locality}".strip()
    return DateRow(
        pk=pk,
        event_id=event_id,
        start=start,
        end=end,
        cancelled=cancelled,
        moved_at=moved_at,
        all_day=all_day,
        title=title,
        format_name=format_name if format_id is not None else None,
        organiser_shown=shown_name,
        place_text=", ".join(part for part in (place_name, room, street, town) if part),
        online=online,
        step_free=step_free,
        free=free,
    )


def upcoming_rows(
    *,
    municipality: Municipality,
    filters: CalendarFilters,
    after: Cursor | None = None,
    since: date | None = None,
    now: datetime | None = None,
    size: int = PAGE_SIZE,
) -> tuple[list[DateRow], Cursor | None]:
    """`upcoming_page` as plain values read in one plain SQL query (`upcoming_sql`), with
    the organiser rule applied to the values (`organiser_named_in`) instead of the query's
    annotation."""
    found = upcoming_found(
        municipality=municipality,
        filters=filters,
        after=after,
        since=since,
        now=now or timezone.now(),
        limit=size + 1,
    )
    return _paged(found, size)


def upcoming_found(
    *,
    municipality: Municipality,
    filters: CalendarFilters,
    after: Cursor | None,
    since: date | None,
    now: datetime,
    limit: int,
) -> list["DateRow"]:
    """The first `limit` rows of `upcoming_rows`, the one that tells a next page included."""
    values = upcoming_values(
        municipality=municipality, filters=filters, after=after, since=since, now=now, limit=limit
    )
    return [_date_row(found) for found in values]


def dates_of(found: RawRows) -> list["DateRow"]:
    """The rows of `upcoming_raw` (as the database gave them) as `upcoming_found` gives them."""
    return [_date_row(values) for values in converted_values(found)]


def paged_rows(found: list["DateRow"], size: int) -> tuple[list["DateRow"], Cursor | None]:
    return _paged(found, size)


@dataclass
class Day:
    day: date
    count: int = 0
    dates: list[EventDate] = field(default_factory=list)
    in_month: bool = True

    @property
    def more(self) -> int:
        return self.count - len(self.dates)


def month_weeks(
    *, municipality: Municipality, filters: CalendarFilters, month: date
) -> list[list[Day]]:
    """The weeks of a month (Monday first) with each day's number of dates and its first
    few (two queries: counts per day, and the first dates of each day)."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    queryset = filtered(listed_dates(municipality=municipality), filters).filter(
        day__gte=first, day__lt=following
    )
    counts = dict(
        queryset.order_by()
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    # Ranked by their ids alone; only the few shown are read whole.
    firsts = (
        queryset.order_by()
        .annotate(
            # in the order of the index (day, start, event, id): nothing to sort
            rank=Window(
                RowNumber(),
                partition_by=[F("day")],
                order_by=[F("start"), F("event_id"), F("pk")],
            )
        )
        .filter(rank__lte=PER_DAY)
        .values("pk")
    )
    by_day: dict[date, list[EventDate]] = {}
    shown_dates = shown(listed_dates(municipality=municipality)).filter(
        day__gte=first, day__lt=following, pk__in=firsts
    )
    for found in shown_dates.order_by("start", "event_id", "pk"):
        by_day.setdefault(found.day, []).append(found)
    start = first - timedelta(days=first.weekday())
    weeks = []
    current = start
    while current < following:
        week = []
        for _index in range(7):
            week.append(
                Day(
                    day=current,
                    count=counts.get(current, 0),
                    dates=by_day.get(current, []),
                    in_month=first <= current < following,
                )
            )
            current += timedelta(days=1)
        weeks.append(week)
    return weeks


def next_date(
    *, municipality: Municipality, format: Format | None = None, now: datetime | None = None
) -> EventDate | None:
    """The next date that is not cancelled and has not ended (of the format, or of all)."""
    now = now or timezone.now()
    queryset = listed_dates(municipality=municipality).filter(
        cancelled=False, start__gte=now - timedelta(days=Event.MAX_DAYS), end__gte=now
    )
    if format is not None:
        queryset = queryset.filter(event__format=format)
    return shown(queryset).order_by("start", "pk").first()


def format_choices(*, municipality: Municipality) -> list[tuple[str, str]]:
    """(slug, name) of the active formats, by name (`core.sql_rows.statement_rows`)."""
    return list(statement_rows(Format, active_formats, municipality))


def active_formats(municipality: Municipality) -> QuerySet[Format, tuple[str, str]]:
    return (
        Format.objects.filter(municipality=municipality, is_active=True)
        .order_by("name", "pk")
        .values_list("slug", "name")
    )


@dataclass(frozen=True)
class Places:
    """How full a date is: places held (confirmed and offered) and people waiting."""

    held: int = 0
    waiting: int = 0

    def free(self, capacity: int | None) -> int | None:
        return None if capacity is None else max(0, capacity - self.held)


PLACES_SQL = """
SELECT r."date_id",
       SUM(CASE WHEN r."state" IN (%s, %s) THEN r."places" ELSE 0 END),
       SUM(CASE WHEN r."state" = %s THEN 1 ELSE 0 END)
FROM "events_registration" r
WHERE r."municipality_id" = %s AND r."state" IN (%s, %s, %s) AND r."date_id" IN ({})
GROUP BY r."date_id"
"""


def places_of(*, municipality: Municipality, dates: list[EventDate]) -> dict[int, Places]:
    """How full each of the dates is (one plain SQL query for all of them, none for no
    dates; the municipality named in its WHERE)."""
    if not dates:
        return {}
    holding = [Registration.State.CONFIRMED, Registration.State.OFFERED]
    sql = PLACES_SQL.format(", ".join(["%s"] * len(dates)))
    params = [*holding, Registration.State.WAITING, municipality.pk, *Registration.ACTIVE]
    rows = converted_rows(
        sql, [*params, *(found.pk for found in dates)], (column(Registration, "date"), None, None)
    )
    return {date_id: Places(held or 0, waiting or 0) for date_id, held, waiting in rows}
