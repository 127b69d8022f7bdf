"""The embeddable "next date": an HTML fragment for an iframe on any website (no JavaScript)
and the same as JSON (open to every origin). The project forbids framing everywhere else;
these two answers allow it (`X-Frame-Options` left out, CSP `frame-ancestors *`)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import translate
from querschnitt.events.models import EventDate, Format
from querschnitt.events.selectors.calendar import next_date

EMBEDDABLE: dict[str, Any] = {
    **settings.SECURE_CSP,
    "frame-ancestors": ["*"],
    "form-action": [CSP.NONE],
}


def _chosen_language(request: HttpRequest, municipality: Municipality) -> None:
    """`?sprache=ar` fixes the language (a frame on another site sends no cookie of ours)."""
    wanted = request.GET.get("sprache", "")
    if wanted in municipality.offered_languages:
        translation.activate(wanted)
        request.LANGUAGE_CODE = wanted


def _format(request: HttpRequest, municipality: Municipality) -> Format | None:
    slug = request.GET.get("format", "")
    if not slug:
        return None
    return get_object_or_404(Format.objects.filter(municipality=municipality), slug=slug)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


@xframe_options_exempt
@csp_override(EMBEDDABLE)
def next_date_fragment(request: HttpRequest, municipality: str) -> HttpResponse:
    place: Municipality = request.municipality  # type: ignore[attr-defined]
    _chosen_language(request, place)
    found_format = _format(request, place)
    found = next_date(municipality=place, format=found_format)
    response = render(
        request,
        "events/next_date_fragment.html",
        {
            "municipality": place,
            "format": found_format,
            "date": found,
            "event_url": _absolute(
                request, municipality_reverse(place, "events:detail", pk=found.event_id)
            )
            if found
            else "",
            "calendar_url": _absolute(request, municipality_reverse(place, "events:calendar")),
            "language": translation.get_language(),
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
        },
    )
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _json(found: EventDate | None, request: HttpRequest, place: Municipality) -> dict[str, Any]:
    if found is None:
        return {"next": None, "message": _("Nothing is planned at the moment.")}
    event = found.event
    local = timezone.localtime(found.start)
    return {
        "next": {
            "title": translate(event.title).text,
            "start": local.isoformat() if not event.all_day else local.date().isoformat(),
            "end": timezone.localtime(found.end).isoformat()
            if not event.all_day
            else found.last_day.isoformat(),
            "all_day": event.all_day,
            "place": event.place_text,
            "online": event.online,
            "format": event.format.name if event.format else None,
            "organiser": event.organiser_name
            if getattr(found, "organiser_named", False)
            else place.office_name,
            "url": _absolute(request, municipality_reverse(place, "events:detail", pk=event.pk)),
        },
        "message": "",
    }


def next_date_json(request: HttpRequest, municipality: str) -> JsonResponse:
    place: Municipality = request.municipality  # type: ignore[attr-defined]
    _chosen_language(request, place)
    found_format = _format(request, place)
    found = next_date(municipality=place, format=found_format)
    if found is not None:
        found.event.municipality = place
    data = {
        "municipality": place.name,
        "format": found_format.name if found_format else None,
        "language": translation.get_language(),
        **_json(found, request, place),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Accept-Language"
    return response
