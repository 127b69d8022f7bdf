"""The public calendar: list and month with filters, the event page with schema.org Event as
a search engine reads it, the embeddable next date in any frame and as open JSON, the working
groups, and nothing of another municipality."""

import extruct
import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Visibility
from querschnitt.events.models import (
    Event,
    EventDate,
    Format,
    WorkingGroup,
    WorkingGroupOrganisation,
)
from querschnitt.events.services.events import event_date_cancel
from querschnitt.events.tests.helpers import at, first_date, fresh, make_event, office_user
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> list[dict]:
    return extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]


def test_the_event_page_carries_schema_org_events_and_a_calendar_link(mannheim) -> None:
    event = make_event(
        mannheim,
        title={"de": "Sprachcafé am Ring"},
        step_free=True,
        hearing_loop=None,
        childcare=False,
        languages=["de", "ar"],
        rrule="FREQ=WEEKLY;COUNT=2",
    )
    html = Client().get(f"/mannheim/veranstaltungen/{event.pk}/").content.decode()
    found = [item for item in json_ld(html) if item.get("@type") == "Event"]
    assert len(found) == 2
    assert found[0]["name"] == "Sprachcafé am Ring"
    assert found[0]["eventStatus"] == "https://schema.org/EventScheduled"
    assert found[0]["location"][0]["@type"] == "Place"
    assert found[0]["startDate"].endswith("+01:00") or found[0]["startDate"].endswith("+02:00")
    assert found[0]["organizer"]["@type"] == "GovernmentOrganization"
    assert found[0]["offers"]["availability"] == "https://schema.org/InStock"
    assert 'type="text/calendar"' in html
    assert f"/veranstaltungen/{event.pk}/kalender.ics" in html
    # three values: yes, no and "not known"
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/mannheim/veranstaltungen/{event.pk}/")
    text = english.content.decode()
    assert 'Hearing loop</dt><dd class="kern-description-list-item__value">not known' in text
    assert 'Childcare</dt><dd class="kern-description-list-item__value">no' in text
    assert 'Step-free access</dt><dd class="kern-description-list-item__value">yes' in text
    with scope(municipality=mannheim):
        event_date_cancel(date=first_date(event), by=office_user())
    fresh()
    html = Client().get(f"/mannheim/veranstaltungen/{event.pk}/").content.decode()
    statuses = [item["eventStatus"] for item in json_ld(html) if item.get("@type") == "Event"]
    assert statuses[0] == "https://schema.org/EventCancelled"


def test_the_list_pages_by_key_and_filters(mannheim) -> None:
    client = Client()
    page = client.get("/mannheim/veranstaltungen/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'rel="alternate" type="text/calendar"' in html
    assert "nach=" in html, "the demo has more than one page"
    following = html.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(f"/mannheim/veranstaltungen/{following}")
    assert second.status_code == 200
    first_titles = html.count('class="qs-events-date')
    assert first_titles > 0
    online = client.get("/mannheim/veranstaltungen/?online=on").content.decode()
    assert "Einbürgerung" in online
    assert "Werkstatt" not in online
    formats = client.get("/mannheim/veranstaltungen/?format=einander-aktionstage").content.decode()
    assert "Einbürgerung" not in formats
    bad = client.get("/mannheim/veranstaltungen/?nach=junk&format=%3Cscript%3E&sprache=xx")
    assert bad.status_code == 200, "bad filters are ignored, never a 500"


def test_the_month_view_groups_by_day_with_a_calendar_link(mannheim) -> None:
    with scope(municipality=mannheim):
        aktionstage = (
            EventDate.objects.filter(event__format__slug="einander-aktionstage")
            .order_by("start")
            .first()
        )
    month = aktionstage.day.strftime("%Y-%m")
    response = Client().get(f"/mannheim/veranstaltungen/monat/?monat={month}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="text/calendar"' in html
    assert html.count('class="qs-events-month__dates"') >= 10, "the Aktionstage fill the month"
    assert Client().get("/mannheim/veranstaltungen/monat/?monat=2027-13").status_code == 200


def test_the_embedded_next_date_may_be_framed_by_any_site(mannheim) -> None:
    response = Client().get("/mannheim/veranstaltungen/naechster-termin/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "<script" not in response.content.decode()
    # every other page keeps refusing frames
    other = Client().get("/mannheim/veranstaltungen/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_nothing_planned_is_said_plainly_in_the_visitors_language(mannheim) -> None:
    with scope(municipality=mannheim):
        empty = Format.objects.create(municipality=mannheim, name="Ohne Termine", slug="leer")
    fragment = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        "/mannheim/veranstaltungen/naechster-termin/?format=leer"
    )
    assert "Nothing is planned at the moment." in fragment.content.decode()
    arabic = Client().get("/mannheim/veranstaltungen/naechster-termin/?format=leer&sprache=ar")
    assert 'lang="ar" dir="rtl"' in arabic.content.decode()
    data = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        "/mannheim/veranstaltungen/naechster-termin.json?format=leer"
    )
    assert data["Access-Control-Allow-Origin"] == "*"
    assert data.json() == {
        "municipality": "Mannheim",
        "format": empty.name,
        "language": "en",
        "next": None,
        "message": "Nothing is planned at the moment.",
    }
    assert (
        Client().get("/mannheim/veranstaltungen/naechster-termin.json?format=nope").status_code
        == 404
    )


def test_the_next_date_is_the_next_one_not_cancelled(mannheim) -> None:
    with scope(municipality=mannheim):
        found = Format.objects.create(municipality=mannheim, name="Nächstes", slug="naechstes")
    soon = make_event(mannheim, format=found, start=at(2), end=at(2, 20))
    later = make_event(mannheim, format=found, start=at(5), end=at(5, 20))
    data = Client().get("/mannheim/veranstaltungen/naechster-termin.json?format=naechstes").json()
    assert data["next"]["url"].endswith(f"/mannheim/veranstaltungen/{soon.pk}/")
    with scope(municipality=mannheim):
        event_date_cancel(date=first_date(soon), by=office_user())
    data = Client().get("/mannheim/veranstaltungen/naechster-termin.json?format=naechstes").json()
    assert data["next"]["url"].endswith(f"/mannheim/veranstaltungen/{later.pk}/")
    assert data["next"]["start"].startswith(str(at(5).date()))


def test_working_groups_show_where_they_stand(bamberg) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    html = client.get("/bamberg/arbeitsgruppen/").content.decode()
    assert "AG Sprachförderung im Sport" in html
    assert "Ends soon" in html
    detail = client.get("/bamberg/arbeitsgruppen/ag-sprachfoerderung-im-sport/")
    assert detail.status_code == 200
    assert "of the planned time has passed" in detail.content.decode()
    assert client.get("/mannheim/arbeitsgruppen/ag-sprachfoerderung-im-sport/").status_code == 404


def test_a_working_group_names_only_publicly_listed_organisations(bamberg) -> None:
    with scope(municipality=bamberg):
        group = WorkingGroup.objects.get(body__slug="ag-sprachfoerderung-im-sport")
        for name, status, visibility in (
            ("Offener Treff Gaustadt", Organisation.Status.PUBLISHED, Visibility.PUBLIC),
            ("Elterninitiative im Aufbau", Organisation.Status.IN_REVIEW, Visibility.PUBLIC),
            ("Beratungsstelle intern", Organisation.Status.PUBLISHED, Visibility.INTERNAL),
            ("Netzwerk nur angemeldet", Organisation.Status.PUBLISHED, Visibility.NETWORK),
            ("Aufgelöster Verein", Organisation.Status.ARCHIVED, Visibility.PUBLIC),
        ):
            organisation = Organisation.objects.create(
                municipality=bamberg, name=name, status=status, visibility=visibility
            )
            WorkingGroupOrganisation.objects.create(
                municipality=bamberg, group=group, organisation=organisation
            )
    fresh()
    html = Client().get("/bamberg/arbeitsgruppen/ag-sprachfoerderung-im-sport/").content.decode()
    assert "Offener Treff Gaustadt" in html
    for hidden in (
        "Elterninitiative im Aufbau",
        "Beratungsstelle intern",
        "Netzwerk nur angemeldet",
        "Aufgelöster Verein",
    ):
        assert hidden not in html


def test_another_municipalitys_objects_are_not_found(mannheim, bamberg) -> None:
    with scopes_disabled():
        event = Event.objects.filter(municipality=bamberg, state="published").first()
        date = EventDate.objects.filter(event=event).first()
        found = Format.objects.filter(municipality=bamberg).first()
    client = Client()
    for path in [
        f"/mannheim/veranstaltungen/{event.pk}/",
        f"/mannheim/veranstaltungen/{event.pk}/termine/{date.pk}/anmelden/",
        f"/mannheim/veranstaltungen/formate/{found.slug}/",
        f"/mannheim/veranstaltungen/naechster-termin/?format={found.slug}",
    ]:
        assert client.get(path).status_code == 404, path


def test_drafts_and_submissions_stay_off_the_public_pages(mannheim) -> None:
    with scopes_disabled():
        submitted = Event.objects.filter(municipality=mannheim, state="submitted").first()
    assert Client().get(f"/mannheim/veranstaltungen/{submitted.pk}/").status_code == 404
    listed = Client().get("/mannheim/veranstaltungen/?format=einander-aktionstage")
    assert f"/veranstaltungen/{submitted.pk}/" not in listed.content.decode()


def test_the_start_page_shows_the_next_dates(mannheim) -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/mannheim/").content.decode()
    assert "Next dates" in html
    assert "/mannheim/veranstaltungen/" in html
