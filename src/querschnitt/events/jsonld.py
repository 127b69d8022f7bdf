"""schema.org Event in JSON-LD for the public event page (one object per date shown)."""

from typing import Any

from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.events.models import Event, EventDate

MODES = {
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}


def _status(date: EventDate) -> str:
    if date.cancelled:
        return "https://schema.org/EventCancelled"
    if date.moved_at:
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def _when(date: EventDate, value: Any) -> str:
    local = timezone.localtime(value)
    if date.event.all_day:
        return local.date().isoformat()
    return local.replace(microsecond=0).isoformat()


def _locations(event: Event, url: str) -> list[dict[str, Any]]:
    found = []
    if event.has_place:
        found.append(
            {
                "@type": "Place",
                "name": event.place_name or event.street_address,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.street_address,
                    "postalCode": event.postal_code,
                    "addressLocality": event.locality,
                    "addressCountry": "DE",
                },
            }
        )
    if event.online:
        # The link itself is for registered people only: the page stands for it.
        found.append({"@type": "VirtualLocation", "url": url})
    return found


def _organizer(organiser: str | None, municipality: Municipality) -> dict[str, Any]:
    if organiser is None:
        # the office, or an organiser the public may not see named, shown as the office
        return {"@type": "GovernmentOrganization", "name": municipality.office_name}
    return {"@type": "Organization", "name": organiser}


def event_json_ld(
    *,
    event: Event,
    dates: list[EventDate],
    municipality: Municipality,
    url: str,
    free: dict,
    organiser: str | None,
) -> list[dict[str, Any]]:
    """One schema.org Event per date; `free`: free places per date id (None: no limit);
    `organiser`: the organiser's name as the public may see it (None: the office)."""
    title = translate(event.title).text
    description = translate(event.description).text
    found = []
    for date in dates:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": title,
            "startDate": _when(date, date.start),
            "endDate": _when(date, date.end),
            "eventStatus": _status(date),
            "eventAttendanceMode": MODES[event.attendance_mode],
            "location": _locations(event, url),
            "organizer": _organizer(organiser, municipality),
            "url": url,
            "isAccessibleForFree": event.free,
        }
        if description:
            data["description"] = description[:5000]
        if event.languages:
            data["inLanguage"] = event.languages
        if event.registration:
            left = free.get(date.pk)
            data["offers"] = {
                "@type": "Offer",
                "url": url,
                "price": "0" if event.free else "",
                "priceCurrency": "EUR",
                "availability": "https://schema.org/SoldOut"
                if left == 0
                else "https://schema.org/InStock",
            }
            if not event.free:
                data["offers"].pop("price")
        found.append(data)
    return found
