"""Public pages of the calendar: the list and the month, a format's page, an event's page,
registering for a date, working groups. Only anonymous visitors' pages without a query string
are cached (`core.page_cache`)."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import router
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.views.generic import TemplateView

from querschnitt.core import versioned
from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.kept import Kept, around
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.ratelimit import rate_limit_exceeded
from querschnitt.core.sql_rows import RawRows
from querschnitt.core.versioned import remembered
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.events.event_dates import dates_section
from querschnitt.events.event_page import (
    EventPage,
    event_dates,
    groups_founded_at,
    public_event_page,
)
from querschnitt.events.forms.public import CalendarFilterForm, RegistrationForm, drawn_from
from querschnitt.events.jsonld import event_json_ld
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.rows import date_rows
from querschnitt.events.selectors.calendar import (
    PAGE_SIZE,
    CalendarFilters,
    Cursor,
    DateRow,
    dates_of,
    format_choices,
    month_weeks,
    organiser_choices,
    paged_rows,
    places_of,
    upcoming_rows,
)
from querschnitt.events.selectors.organisers import with_organiser_named
from querschnitt.events.selectors.upcoming_sql import upcoming_raw
from querschnitt.events.selectors.working_groups import horizon, public_groups
from querschnitt.events.services.registrations import registration_submit, waiting_rank
from querschnitt.events.working_group_markup import working_group_content
from querschnitt.events.working_group_page import (
    WorkingGroupPage,
    group_meetings,
    group_members,
    group_organisations,
    group_results,
    public_working_group,
)

REGISTRATION_WINDOW = 600


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


MAX_FILTER_DATA = 1000  # what nobody types: a form made each time, not remembered
REMEMBERED_FILTERS = 1024
_asked: dict[tuple[Any, ...], tuple[CalendarFilters, dict[str, str], str]] = (
    versioned.kept_elsewhere({})
)
FILTER_NAMES = frozenset(CalendarFilterForm.base_fields)


class CalendarMixin(MunicipalityMixin):
    """The filters, shared by the list and the month."""

    def asked_filters(self) -> tuple[CalendarFilters, dict[str, str], str]:
        """What the filter form asks for, its markup and its query string. A form without
        errors is remembered as these three: they follow from the values of its fields in
        the request, its choices (formats and organisers, as read: the content version's
        first request reads them, and a change elsewhere leaves them), the language and the
        URL map, for every visitor."""
        data = self.request.GET
        municipality = self.municipality
        formats, organisers, drawn = self.choices()
        try:
            key = (
                municipality.pk,
                drawn,
                get_language(),
                get_script_prefix(),
                get_urlconf(),
                tuple(
                    sorted(
                        (name, tuple(values))
                        for name, values in data.lists()
                        if name in FILTER_NAMES
                    )
                ),
            )
            found = _asked.get(key) if len(repr(data)) <= MAX_FILTER_DATA else None
        except TypeError:  # a value that cannot be a key
            return self.made_filters(formats, organisers)[1]
        if found is not None:
            return found
        form, found = self.made_filters(formats, organisers)
        if not form.errors and len(repr(data)) <= MAX_FILTER_DATA:
            if len(_asked) >= REMEMBERED_FILTERS:
                _asked.pop(next(iter(_asked)), None)
            _asked[key] = found
        return found

    def choices(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]], tuple[Any, ...]]:
        """The formats and the organisers the filter form offers, and all it shows of the
        database (`drawn_from`), read per content version."""
        municipality = self.municipality

        def read() -> tuple[list[tuple[str, str]], list[tuple[str, str]], tuple[Any, ...]]:
            formats = format_choices(municipality=municipality)
            organisers = organiser_choices(municipality=municipality)
            return formats, organisers, drawn_from(formats, organisers)

        return remembered(municipality, "events:filter_choices", read)

    def made_filters(
        self, formats: list[tuple[str, str]], organisers: list[tuple[str, str]]
    ) -> tuple[CalendarFilterForm, tuple[CalendarFilters, dict[str, str], str]]:
        form = CalendarFilterForm(self.request.GET, formats=formats, organisers=organisers)
        return form, (form.filters(), self.filter_markup(form), self.filter_query(form))

    def filter_markup(self, form: CalendarFilterForm) -> dict[str, str]:
        """The form's selects and checkboxes, kept by their choices (`core.form_markup`)."""
        return {
            group: filter_form_markup(
                form,
                municipality=self.municipality,
                fields=fields,
                between="\n      ",
                drawn_from=form.drawn_from,
            )
            for group, fields in (
                ("selects", ("format", "veranstalter", "sprache", "zielgruppe")),
                ("checks", ("barrierefrei", "kostenlos", "online")),
            )
        }

    def filter_query(self, form: CalendarFilterForm) -> str:
        if not form.is_valid():
            return ""
        return urlencode(
            {name: value for name, value in form.cleaned_data.items() if value not in ("", False)},
            doseq=True,
        )


@method_decorator(cache_public_page, name="get")
class CalendarList(CalendarMixin, TemplateView):
    """What comes next, page by page (by key, so the hundredth page costs what the first
    does)."""

    template_name = "events/calendar_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filters, filter_markup, query = self.asked_filters()
        cursor = Cursor.parse(self.request.GET.get("nach", ""))
        since = _day(self.request.GET.get("ab", ""))
        if cursor is None and since is None and not filters.any:
            dates, following, rows = self.first_page()
        else:
            dates, following = upcoming_rows(
                municipality=self.municipality, filters=filters, after=cursor, since=since
            )
            rows = date_rows(dates, municipality=self.municipality)
        return super().get_context_data(**kwargs) | {
            "filter_markup": filter_markup,
            "dates": dates,
            "rows": rows,
            "following": following,
            "query": query,
            "is_first_page": cursor is None and since is None,
            "since": since,
        }

    def first_page(self) -> tuple[list[DateRow], Cursor | None, SafeString]:
        """The first page without filters and its rows, kept per content version while no
        date on it (nor the one that tells a next page) ends or starts longer ago than an
        event lasts; the rows per language, time zone and URL map. Below that, the dates and
        their rows are kept by the rows read as the database gave them (`core.kept`): most
        changes of a municipality's data move its content version but leave these rows."""
        municipality = self.municipality

        def read(now: datetime) -> tuple[RawRows, list[DateRow]]:
            found = upcoming_raw(
                municipality=municipality,
                filters=CalendarFilters(),
                after=None,
                since=None,
                now=now,
                limit=PAGE_SIZE + 1,
            )
            key = (municipality.pk, router.db_for_read(EventDate), found)
            return found, _first_dates.get(key, lambda: dates_of(found))

        kept = remembered(municipality, "events:calendar:first", KeptDates)
        drawn, found, written = kept.kept_at(timezone.now(), read)
        dates, following = paged_rows(found, PAGE_SIZE)
        key = (municipality.office_name, *around(municipality))
        rows = written.get(key)
        if rows is None:
            rows = written[key] = _first_rows.get(
                (drawn, *key), lambda: date_rows(dates, municipality=municipality)
            )
        return dates, following, rows


# The calendar's first page: its dates and their rows (`CalendarList.first_page`), by the
# municipality and the rows read and, for the markup, all it is written in.
_first_dates: Kept[list[DateRow]] = Kept(64)
_first_rows: Kept[SafeString] = Kept(256)


class KeptDates:
    """The dates that have not ended, read at one moment (as the database gave them, and as
    rows): the same at every later moment up to the first end (or start plus an event's
    longest length) among them; none enters. With them, their rows as written, by whatever
    the writing depends on beside them."""

    def __init__(self) -> None:
        self.kept: tuple[datetime, datetime | None, Any, list[DateRow], dict[Any, Any]] | None
        self.kept = None

    def kept_at(
        self, now: datetime, read: Callable[[datetime], tuple[Any, list[DateRow]]]
    ) -> tuple[Any, list[DateRow], dict[Any, Any]]:
        kept = self.kept
        if kept is not None and kept[0] <= now and (kept[1] is None or now <= kept[1]):
            return kept[2], kept[3], kept[4]
        drawn, found = read(now)
        leaves = [min(row.end, row.start + timedelta(days=Event.MAX_DAYS)) for row in found]
        self.kept = (now, min(leaves) if leaves else None, drawn, found, {})
        return drawn, found, self.kept[4]


@method_decorator(cache_public_page, name="get")
class CalendarMonth(CalendarMixin, TemplateView):
    template_name = "events/calendar_month.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filters, filter_markup, query = self.asked_filters()
        month = _month(self.request.GET.get("monat", ""))
        following = (month + timedelta(days=32)).replace(day=1)
        return super().get_context_data(**kwargs) | {
            "filter_markup": filter_markup,
            "month": month,
            "previous": (month - timedelta(days=1)).replace(day=1),
            "following": following,
            "weeks": month_weeks(municipality=self.municipality, filters=filters, month=month),
            "query": query,
            "today": timezone.localdate(),
        }


@method_decorator(cache_public_page, name="get")
class FormatDetail(MunicipalityMixin, TemplateView):
    template_name = "events/format_detail.html"

    def load_objects(self) -> None:
        self.format = get_object_or_404(
            Format.objects.filter(municipality=self.municipality), slug=self.kwargs["slug"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from querschnitt.events.selectors.calendar import CalendarFilters

        dates, following = upcoming_rows(
            municipality=self.municipality,
            filters=CalendarFilters(format=self.format.slug),
            size=10,
        )
        return super().get_context_data(**kwargs) | {
            "format": self.format,
            "dates": dates,
            "rows": date_rows(dates, municipality=self.municipality),
            "more": following is not None,
        }


def public_event(municipality: Any, pk: int) -> Event:
    events = Event.objects.filter(municipality=municipality, state=Event.State.PUBLISHED)
    return get_object_or_404(
        with_organiser_named(events).select_related(
            "format", "organiser_body", "organiser_organisation"
        ),
        pk=pk,
    )


@method_decorator(cache_public_page, name="get")
class EventDetail(MunicipalityMixin, TemplateView):
    """An event with its dates (those to come, and the last few), each with its places."""

    template_name = "events/event_detail.html"
    SHOWN = 12

    def load_objects(self) -> None:
        """The event and its working groups, remembered per content version and URL map
        (`core.versioned`); its dates, which pass, and their places are read each time."""
        municipality, pk = self.municipality, self.kwargs["pk"]

        def read() -> tuple[EventPage, list[tuple[Any, ...]]]:
            page = public_event_page(municipality=municipality, pk=pk)
            if page is None:
                raise Http404
            return page, groups_founded_at(municipality=municipality, event=page.event)

        name = f"events:event:{pk}:{get_urlconf()}:{get_script_prefix()}"
        self.page, self.working_groups = remembered(municipality, name, read)
        self.event = self.page.event

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        now = timezone.now()
        event = self.event
        upcoming, past = event_dates(
            municipality=self.municipality, event=event, now=now, shown=self.SHOWN, past=3
        )
        # places are shown (and offered in the JSON-LD) only for an event with registration
        places = (
            places_of(municipality=self.municipality, dates=upcoming) if event.registration else {}
        )
        free = {found.pk: places.get(found.pk, _empty()).free(event.capacity) for found in upcoming}
        url = self.request.build_absolute_uri()
        return (
            super().get_context_data(**kwargs)
            | {
                "event": event,
                "format": self.page.format,
                "organiser": self.page.organiser,
                "dates_section": dates_section(
                    event=event,
                    upcoming=[
                        (found, places.get(found.pk, _empty()), free[found.pk])
                        for found in upcoming
                    ],
                    past=past,
                    municipality=self.municipality,
                    now=now,
                ),
                "json_ld": event_json_ld(
                    event=event,
                    dates=upcoming or past[:1],
                    municipality=self.municipality,
                    url=url,
                    free=free,
                    organiser=self.page.organiser_name,
                ),
            }
            | self.event_markup()
        )

    def event_markup(self) -> dict[str, SafeString]:
        """The heading and description, and the sections after the dates (where,
        accessibility, good to know, working groups): they show the event's data alone,
        remembered per content version, language and URL map, and below that kept by the
        rows they are drawn from (the event's with its format and organiser, its working
        groups'), the office's name and all they are written in (`core.kept`)."""
        municipality, page = self.municipality, self.page
        context = {
            "event": page.event,
            "format": page.format,
            "organiser": page.organiser,
            "working_groups": self.working_groups,
            "municipality": municipality,
        }

        def draw() -> dict[str, SafeString]:
            return {
                name: mark_safe(render_to_string(f"events/_{name}.html", context))
                for name in ("event_heading", "event_about")
            }  # rendered by the template engine, which escapes

        def kept() -> dict[str, SafeString]:
            key = (
                page.row,
                tuple(self.working_groups),
                municipality.office_name,
                *around(municipality),
            )
            return _drawn_events.get(key, draw)

        name = (
            f"events:event:{page.event.pk}:markup:{get_language()}:"
            f"{get_urlconf()}:{get_script_prefix()}"
        )
        return remembered(municipality, name, kept)


# The event pages' heading and sections after the dates, by all they are drawn from (see
# `EventDetail.event_markup`): most changes of a municipality's data move its content version
# but leave an event's rows as they were.
_drawn_events: Kept[dict[str, SafeString]] = Kept(256)


def _empty() -> Any:
    from querschnitt.events.selectors.calendar import Places

    return Places()


class Register(MunicipalityMixin, TemplateView):
    """The registration form of one date; the answer says where the person stands."""

    template_name = "events/register.html"
    private = True

    def load_objects(self) -> None:
        self.event = public_event(self.municipality, self.kwargs["pk"])
        self.date = get_object_or_404(
            EventDate.objects.filter(municipality=self.municipality, event=self.event),
            pk=self.kwargs["date_pk"],
        )
        self.date.event = self.event

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        places = places_of(municipality=self.municipality, dates=[self.date]).get(self.date.pk)
        return super().get_context_data(**kwargs) | {
            "event": self.event,
            "date": self.date,
            "is_open": self.date.registration_is_open(),
            "places": places or _empty(),
            "free": (places or _empty()).free(self.event.capacity),
            "form": kwargs.get("form") or RegistrationForm(event=self.event),
        }

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RegistrationForm(request.POST, event=self.event)
        if form.is_spam():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if rate_limit_exceeded(
            request,
            scope="events.register",
            limit=settings.EVENTS_REGISTRATIONS_PER_ADDRESS,
            window=REGISTRATION_WINDOW,
        ):
            form.add_error(None, _too_many())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        data = form.cleaned_data
        try:
            registration, _token = registration_submit(
                date=self.date,
                name=data["name"],
                email=data["email"],
                places=data["places"] or 1,
                answers=form.answers(),
                organisation_name=data.get("organisation_name") or "",
                language=get_language() or "de",
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return TemplateResponse(
            request,
            "events/registered.html",
            self.get_context_data()
            | {"registration": registration, "rank": waiting_rank(registration)},
        )


def _too_many() -> str:
    from django.utils.translation import gettext as _

    return _("Too many registrations from your connection. Please try again in a few minutes.")


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


@method_decorator(cache_public_page, name="get")
class WorkingGroupList(MunicipalityMixin, TemplateView):
    template_name = "events/working_group_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        groups = public_groups(municipality=self.municipality)
        return super().get_context_data(**kwargs) | {
            "groups": [(group, horizon(group, today)) for group in groups],
        }


@method_decorator(cache_public_page, name="get")
class WorkingGroupDetail(MunicipalityMixin, TemplateView):
    """A working group's public page. It shows the municipality's public data alone (and
    today's date), so the group and the page's content are remembered per content version
    (`core.versioned`), with the URL map and the language, and the content with the time
    zone and the day."""

    template_name = "events/working_group_detail.html"

    def load_objects(self) -> None:
        municipality, slug = self.municipality, self.kwargs["slug"]

        def read() -> WorkingGroupPage:
            page = public_working_group(municipality=municipality, slug=slug)
            if page is None:
                raise Http404
            return page

        # the event it was founded at is named in the language
        name = f"events:working_group:{slug}:{get_language()}:{get_urlconf()}:{get_script_prefix()}"
        self.page = remembered(municipality, name, read)
        self.group = self.page.group

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        name = (
            f"events:working_group:{self.group.pk}:content:{today.isoformat()}:{get_language()}:"
            f"{get_current_timezone_name()}:{get_urlconf()}:{get_script_prefix()}"
        )
        content = remembered(self.municipality, name, lambda: self.content(today))
        return super().get_context_data(**kwargs) | {
            "group": self.group,
            "body": self.group.body,
            "content": content,
        }

    def content(self, today: date) -> SafeString:
        municipality, group = self.municipality, self.group
        body = group.body
        return working_group_content(
            municipality=municipality,
            group=group,
            body=body,
            founded_at=self.page.founded_at,
            horizon=horizon(group, today),
            meetings=group_meetings(municipality=municipality, body=body),
            members=group_members(municipality=municipality, body=body, today=today),
            organisations=group_organisations(municipality=municipality, group=group),
            results=group_results(municipality=municipality, group=group),
        )
