"""The iCalendar feeds: strict RFC 5545 (vobject with validate=True), the same through
`icalendar`, a Europe/Berlin VTIMEZONE, stable UIDs, SEQUENCE growing with each change,
cancelled dates kept as CANCELLED; all, per format, per organiser, per event; streamed."""

from typing import Any

import icalendar
import pytest
import vobject
from django.http import StreamingHttpResponse
from django.test import Client
from django_scopes import scope, scopes_disabled

from querschnitt.events.models import Event, Format
from querschnitt.events.services.events import event_date_cancel, event_date_move, event_update
from querschnitt.events.tests.helpers import at, first_date, make_event, office_user

pytestmark = pytest.mark.django_db


def fetch(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    assert isinstance(response, StreamingHttpResponse), "feeds stream"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return b"".join(response.streaming_content).decode()


def strictly_valid(text: str) -> icalendar.Calendar:
    """vobject's strict validation, then a round trip through icalendar."""
    parsed = vobject.readOne(text, validate=True)
    assert parsed.name == "VCALENDAR"
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.to_ical().decode().count("BEGIN:VEVENT") == text.count("BEGIN:VEVENT")
    return calendar


def events_of(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(component["uid"]): component for component in calendar.walk("VEVENT")}


def test_every_feed_of_the_demo_is_valid_rfc_5545() -> None:
    paths = ["/mannheim/veranstaltungen/kalender.ics", "/bamberg/veranstaltungen/kalender.ics"]
    with scopes_disabled():
        for found in Format.objects.select_related("municipality"):
            paths.append(
                f"/{found.municipality.slug}/veranstaltungen/formate/{found.slug}/kalender.ics"
            )
        event = Event.objects.filter(municipality__slug="mannheim", state="published").first()
        organisation = (
            Event.objects.filter(
                municipality__slug="mannheim", state="published", organiser="organisation"
            )
            .values_list("organiser_organisation_id", flat=True)
            .first()
        )
    paths += [
        f"/mannheim/veranstaltungen/{event.pk}/kalender.ics",
        "/mannheim/veranstaltungen/veranstalter/office/kalender.ics",
        f"/mannheim/veranstaltungen/veranstalter/org-{organisation}/kalender.ics",
    ]
    for path in paths:
        text = fetch(path)
        calendar = strictly_valid(text)
        assert "TZID:Europe/Berlin" in text
        zones = calendar.walk("VTIMEZONE")
        assert [str(zone["tzid"]) for zone in zones] == ["Europe/Berlin"]
        assert all(line.endswith("\r") or not line for line in text.split("\n")[:-1]), "CRLF"


def test_uid_stays_and_sequence_grows_with_each_change_cancelled_stays(mannheim) -> None:
    event = make_event(mannheim, title={"de": "Feedtest Sommerfest"})
    date = first_date(event)
    path = f"/mannheim/veranstaltungen/{event.pk}/kalender.ics"
    ((uid, first),) = events_of(strictly_valid(fetch(path))).items()
    assert int(first["sequence"]) == 0
    assert first["dtstart"].dt.tzinfo is not None
    assert first["dtstart"].params["TZID"] == "Europe/Berlin"
    with scope(municipality=mannheim):
        event_update(event=event, by=office_user(), title={"de": "Feedtest Herbstfest"})
    ((uid_after, renamed),) = events_of(strictly_valid(fetch(path))).items()
    assert uid_after == uid
    assert int(renamed["sequence"]) == 1
    assert str(renamed["summary"]) == "Feedtest Herbstfest"
    with scope(municipality=mannheim):
        event_update(event=event, by=office_user(), cost_note="Spende erbeten")
    ((_uid, unchanged),) = events_of(strictly_valid(fetch(path))).items()
    assert int(unchanged["sequence"]) == 1, "a change a calendar need not take over"
    with scope(municipality=mannheim):
        event_date_move(date=date, by=office_user(), start=at(11), end=at(11, 20))
        event_date_cancel(date=date, by=office_user())
    ((_uid, cancelled),) = events_of(strictly_valid(fetch(path))).items()
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) == 3
    everything = fetch("/mannheim/veranstaltungen/kalender.ics")
    assert uid in everything, "a cancelled date stays in the feed"


def test_all_day_dates_are_dates_and_repeats_are_dates_of_their_own(mannheim) -> None:
    event = make_event(
        mannheim, all_day=True, start=at(30, 0), end=at(32, 0), rrule="FREQ=WEEKLY;COUNT=3"
    )
    found = events_of(strictly_valid(fetch(f"/mannheim/veranstaltungen/{event.pk}/kalender.ics")))
    assert len(found) == 3
    for component in found.values():
        assert "VALUE" in component["dtstart"].params or not hasattr(
            component["dtstart"].dt, "hour"
        )
        assert (component["dtend"].dt - component["dtstart"].dt).days == 2


def test_feeds_show_only_what_the_public_sees(mannheim, bamberg) -> None:
    draft = make_event(mannheim, title={"de": "Entwurf Geheim"})
    with scope(municipality=mannheim):
        Event.objects.filter(pk=draft.pk).update(state=Event.State.DRAFT)
    assert "Entwurf Geheim" not in fetch("/mannheim/veranstaltungen/kalender.ics")
    client = Client()
    assert client.get(f"/mannheim/veranstaltungen/{draft.pk}/kalender.ics").status_code == 404
    with scope(municipality=bamberg):
        bamberg_format = Format.objects.filter(municipality=bamberg).first()
    assert (
        client.get(
            f"/mannheim/veranstaltungen/formate/{bamberg_format.slug}/kalender.ics"
        ).status_code
        == 404
    )
    assert (
        client.get("/mannheim/veranstaltungen/veranstalter/nobody/kalender.ics").status_code == 404
    )
    with scope(municipality=bamberg):
        bamberg_event = Event.objects.filter(municipality=bamberg).first()
    assert (
        client.get(f"/mannheim/veranstaltungen/{bamberg_event.pk}/kalender.ics").status_code == 404
    )


def test_an_organisation_that_is_not_listed_has_no_public_feed(mannheim) -> None:
    from querschnitt.network.models import Organisation

    with scope(municipality=mannheim):
        organisation = Organisation.objects.filter(municipality=mannheim).first()
        path = f"/mannheim/veranstaltungen/veranstalter/org-{organisation.pk}/kalender.ics"
        Organisation.objects.filter(pk=organisation.pk).update(
            status=Organisation.Status.PUBLISHED, visibility="public"
        )
        listed = Client().get(path)
        Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.ARCHIVED)
    assert listed.status_code == 200
    hidden = Client().get(path)
    assert hidden.status_code == 404
    assert organisation.name not in hidden.content.decode()
