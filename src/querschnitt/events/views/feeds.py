"""iCalendar feeds of the calendar: all events, a format's, an organiser's, one event's.
They stream, so that a feed of ten thousand events costs the memory of one; feeds show what
the public sees and may be shared and cached."""

from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.events.ical_out import calendar_stream
from querschnitt.events.models import Event, EventDate, Format
from querschnitt.events.selectors.calendar import CalendarFilters, filtered, listed_dates
from querschnitt.events.selectors.organisers import named_organiser

# Dates that ended longer ago than this are left out of the feeds.
DAYS_BACK = 400


def _dates(
    municipality: Municipality, filters: CalendarFilters | None = None
) -> QuerySet[EventDate]:
    since = timezone.now() - timedelta(days=DAYS_BACK)
    dates = listed_dates(municipality=municipality).filter(end__gte=since)
    if filters is not None:
        dates = filtered(dates, filters)
    return dates.order_by("start", "pk")


def _response(
    dates: QuerySet[EventDate], municipality: Municipality, name: str, filename: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        calendar_stream(dates, municipality=municipality, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def calendar_feed(request: HttpRequest, municipality: str) -> StreamingHttpResponse:
    place: Municipality = request.municipality  # type: ignore[attr-defined]
    name = _("Events – %(name)s") % {"name": place.name}
    return _response(_dates(place), place, name, "veranstaltungen")


def format_feed(request: HttpRequest, municipality: str, slug: str) -> StreamingHttpResponse:
    place: Municipality = request.municipality  # type: ignore[attr-defined]
    found = get_object_or_404(Format.objects.filter(municipality=place), slug=slug)
    dates = _dates(place, CalendarFilters(format=found.slug))
    return _response(dates, place, f"{found.name} – {place.name}", found.slug)


def organiser_feed(request: HttpRequest, municipality: str, key: str) -> StreamingHttpResponse:
    """The events of the office (`office`), a body (`body-<id>`) or an organisation
    (`org-<id>`), if the public may see it named."""
    place: Municipality = request.municipality  # type: ignore[attr-defined]
    name = named_organiser(municipality=place, key=key)
    if name is None:
        raise Http404
    dates = _dates(place, CalendarFilters(organiser=key))
    return _response(dates, place, f"{name} – {place.name}", key)


def event_feed(request: HttpRequest, municipality: str, pk: int) -> StreamingHttpResponse:
    """One event's dates, to add it to one's own calendar."""
    place: Municipality = request.municipality  # type: ignore[attr-defined]
    event = get_object_or_404(
        Event.objects.filter(municipality=place, state=Event.State.PUBLISHED), pk=pk
    )
    dates = listed_dates(municipality=place).filter(event=event).order_by("start", "pk")
    return _response(dates, place, str(event), f"veranstaltung-{event.pk}")
