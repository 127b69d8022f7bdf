"""Feeds: the meetings as iCalendar (RFC 5545, all public meetings or one body's) and new
papers and meetings as Atom (a search, or a body). Feeds show what the public sees, whoever
fetches them: feed readers share and keep what they fetch."""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from querschnitt.bodies.forms import PaperSearchForm
from querschnitt.bodies.models import Meeting
from querschnitt.bodies.selectors.meetings import visible_meeting_list
from querschnitt.bodies.selectors.papers import PaperFilters, bodies_for_filter, paper_search
from querschnitt.bodies.visibility import PUBLIC, visible_bodies
from querschnitt.core.routing import municipality_reverse

FEED_DAYS_BACK = 400
FEED_LIMIT = 500
ATOM_ITEMS = 30


def berlin_timezone() -> Timezone:
    """Europe/Berlin by its rules (summer time from the last Sunday of March, 02:00, to the
    last Sunday of October, 03:00), valid for any year."""
    zone = Timezone()
    zone.add("tzid", "Europe/Berlin")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def meetings_calendar(request: HttpRequest, meetings: list[Meeting], name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Querschnitt//Gremien//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add_component(berlin_timezone())
    host = request.get_host().split(":")[0]
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(meeting.start).replace(microsecond=0))
        if meeting.end:
            event.add("dtend", timezone.localtime(meeting.end).replace(microsecond=0))
        event.add("summary", meeting.name)
        event.add("last-modified", meeting.modified_at.astimezone(UTC).replace(microsecond=0))
        event.add(
            "url",
            request.build_absolute_uri(
                municipality_reverse(request.municipality, "bodies:meeting_detail", pk=meeting.pk)  # type: ignore[attr-defined]
            ),
        )
        if meeting.location:
            where = meeting.location
            parts = [str(where), where.street_address, f"{where.postal_code} {where.locality}"]
            event.add("location", ", ".join(part.strip() for part in parts if part.strip()))
        elif meeting.online_url:
            event.add("location", meeting.online_url)
        event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
        event.add("categories", [meeting.body.name])
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _public_meetings(municipality: Any, body: Any = None) -> list[Meeting]:
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    meetings = visible_meeting_list(municipality=municipality, viewer=PUBLIC).filter(
        start__gte=since
    )
    if body is not None:
        meetings = meetings.filter(body=body)
    return list(meetings.order_by("start", "pk")[:FEED_LIMIT])


def calendar_feed(request: HttpRequest, municipality: str) -> HttpResponse:
    place = request.municipality  # type: ignore[attr-defined]
    name = _("Meetings – %(name)s") % {"name": place.name}
    return meetings_calendar(request, _public_meetings(place), name)


def body_calendar_feed(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    place = request.municipality  # type: ignore[attr-defined]
    body = get_object_or_404(visible_bodies(municipality=place, viewer=PUBLIC), slug=slug)
    return meetings_calendar(request, _public_meetings(place, body), f"{body.name} – {place.name}")


def _atom(
    request: HttpRequest, title: str, link: str, entries: list[dict[str, Any]]
) -> HttpResponse:
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(link),
        description=title,
        language="de",
        feed_url=request.build_absolute_uri(),
    )
    for entry in entries:
        feed.add_item(**entry)
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _paper_entries(
    request: HttpRequest, municipality: Any, filters: PaperFilters
) -> list[dict[str, Any]]:
    search = paper_search(municipality=municipality, viewer=PUBLIC, filters=filters)
    papers = list(search.listed(broad=search.count()[1])[:ATOM_ITEMS])
    entries = []
    for paper in papers:
        url = request.build_absolute_uri(
            municipality_reverse(municipality, "bodies:paper_detail", pk=paper.pk)
        )
        entries.append(
            {
                "title": f"{paper.reference} {paper.name}",
                "link": url,
                "unique_id": url,
                "description": paper.summary[:1000],
                "pubdate": paper.published_at,
                "updateddate": paper.modified_at,
                "categories": [str(paper.get_paper_type_display())],
            }
        )
    return entries


def paper_feed(request: HttpRequest, municipality: str) -> HttpResponse:
    """New papers matching a search (the search page's parameters)."""
    place = request.municipality  # type: ignore[attr-defined]
    form = PaperSearchForm(
        request.GET or None, bodies=bodies_for_filter(municipality=place, viewer=PUBLIC)
    )
    filters = form.filters()
    title = _("Papers – %(name)s") % {"name": place.name}
    if filters.query:
        title = _("Papers with “%(q)s” – %(name)s") % {"q": filters.query, "name": place.name}
    return _atom(
        request,
        title,
        municipality_reverse(place, "bodies:paper_search"),
        _paper_entries(request, place, filters),
    )


def body_feed(request: HttpRequest, municipality: str, slug: str) -> HttpResponse:
    """A body's newly published meetings and the papers on its path."""
    place = request.municipality  # type: ignore[attr-defined]
    body = get_object_or_404(visible_bodies(municipality=place, viewer=PUBLIC), slug=slug)
    entries = _paper_entries(request, place, PaperFilters(body=body.pk))
    meetings = (
        visible_meeting_list(municipality=place, viewer=PUBLIC)
        .filter(body=body)
        .order_by("-published_at")[:ATOM_ITEMS]
    )
    for meeting in meetings:
        url = request.build_absolute_uri(
            municipality_reverse(place, "bodies:meeting_detail", pk=meeting.pk)
        )
        entries.append(
            {
                "title": f"{meeting.name} ({timezone.localtime(meeting.start):%d.%m.%Y %H:%M})",
                "link": url,
                "unique_id": url,
                "description": _("Meeting of %(body)s") % {"body": body.name},
                "pubdate": meeting.published_at,
                "updateddate": meeting.modified_at,
            }
        )
    entries.sort(key=lambda entry: entry["pubdate"] or entry["updateddate"], reverse=True)
    return _atom(
        request,
        f"{body.name} – {place.name}",
        municipality_reverse(place, "bodies:body_detail", slug=slug),
        entries[:ATOM_ITEMS],
    )
