"""One rule names organisers in public: a body only if it is public, an organisation only if
the network lists it publicly. One that is not is offered as no filter, gets no feed and is
named on no page, row, embed or JSON-LD; its events still appear, with the office as
organiser."""

from typing import Any

import extruct
import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.bodies.models import Body
from querschnitt.core.models import Visibility
from querschnitt.events.models import Event, Format
from querschnitt.events.selectors.organisers import organiser_named_in, with_organiser_named
from querschnitt.events.tests.helpers import fresh, make_event
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


def organisers(mannheim: Any, *, named: bool) -> dict[str, Any]:
    """A published public organisation and a public body, each organising an event; with
    `named=False` the organisation is archived and the body made non-public afterwards."""
    with scope(municipality=mannheim):
        organisation = Organisation.objects.filter(municipality=mannheim).order_by("pk").first()
        body = Body.objects.filter(municipality=mannheim).order_by("pk").first()
        Organisation.objects.filter(pk=organisation.pk).update(
            status=Organisation.Status.PUBLISHED, visibility="public", name="Verein Ohnenamen"
        )
        Body.objects.filter(pk=body.pk).update(is_public=True, name="Gremium Ohnenamen")
    by_organisation = make_event(
        mannheim,
        title={"de": "Abend des Vereins"},
        organiser="organisation",
        organiser_organisation=organisation,
    )
    by_body = make_event(
        mannheim, title={"de": "Sitzung des Gremiums"}, organiser="body", organiser_body=body
    )
    if not named:
        with scope(municipality=mannheim):
            Organisation.objects.filter(pk=organisation.pk).update(
                status=Organisation.Status.ARCHIVED
            )
            Body.objects.filter(pk=body.pk).update(is_public=False)
    fresh()
    return {
        "org": f"org-{organisation.pk}",
        "body": f"body-{body.pk}",
        "org_event": by_organisation,
        "body_event": by_body,
        "office": mannheim.office_name,
    }


NAMES = ("Verein Ohnenamen", "Gremium Ohnenamen")


@pytest.mark.parametrize("named", [True, False])
def test_filter_options_offer_only_named_organisers(mannheim, named) -> None:
    found = organisers(mannheim, named=named)
    html = Client().get("/mannheim/veranstaltungen/").content.decode()
    options = html[html.index('name="veranstalter"') :]
    options = options[: options.index("</select>")]
    for key in (found["org"], found["body"]):
        assert (f'value="{key}"' in options) is named
    assert "Abend des Vereins" in html, "the event itself stays in the calendar"
    fresh()
    filtered = Client().get(f"/mannheim/veranstaltungen/?veranstalter={found['org']}")
    assert filtered.status_code == 200
    assert ("Sitzung des Gremiums" not in filtered.content.decode()) is named


@pytest.mark.parametrize("named", [True, False])
def test_organiser_feeds_only_for_named_organisers(mannheim, named) -> None:
    found = organisers(mannheim, named=named)
    for key in (found["org"], found["body"]):
        response = Client().get(f"/mannheim/veranstaltungen/veranstalter/{key}/kalender.ics")
        assert response.status_code == (200 if named else 404)
        if not named:
            assert not any(name in response.content.decode() for name in NAMES)


@pytest.mark.parametrize("named", [True, False])
def test_event_pages_and_rows_name_the_office_instead(mannheim, named) -> None:
    found = organisers(mannheim, named=named)
    for event, name in ((found["org_event"], NAMES[0]), (found["body_event"], NAMES[1])):
        page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/mannheim/veranstaltungen/{event.pk}/")
        organised = page.content.decode().split("Organised by</dt>")[1].split("</dd>")[0]
        assert (name in organised) is named
        assert (found["office"] in organised) is not named
    listing = Client().get("/mannheim/veranstaltungen/").content.decode()
    for name in NAMES:
        assert (name in listing) is named


@pytest.mark.parametrize("named", [True, False])
def test_json_ld_names_the_office_instead(mannheim, named) -> None:
    found = organisers(mannheim, named=named)
    html = Client().get(f"/mannheim/veranstaltungen/{found['org_event'].pk}/").content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    organizer = next(item for item in data if item.get("@type") == "Event")["organizer"]
    if named:
        assert organizer == {"@type": "Organization", "name": NAMES[0]}
    else:
        assert organizer == {"@type": "GovernmentOrganization", "name": found["office"]}


@pytest.mark.parametrize("named", [True, False])
def test_embedded_next_date_names_the_office_instead(mannheim, named) -> None:
    """The JSON of the next date: the next one of a format of the test's own, so that the
    organisation's event is the one shown whatever else the city has planned."""
    found = organisers(mannheim, named=named)
    with scope(municipality=mannheim):
        own = Format.objects.create(municipality=mannheim, name="Einbettung", slug="einbettung")
        Event.objects.filter(pk=found["org_event"].pk).update(format=own)
    fresh()
    response = Client().get("/mannheim/veranstaltungen/naechster-termin.json?format=einbettung")
    shown = response.json()["next"]
    assert shown["title"] == "Abend des Vereins"
    assert shown["organiser"] == (NAMES[0] if named else found["office"])


def test_the_rule_on_values_is_the_rule_of_the_query(mannheim) -> None:
    """`organiser_named_in` (rows read as values) says what the query's annotation says, for
    every state and visibility of an organisation and both kinds of body."""
    found = organisers(mannheim, named=True)
    office = make_event(mannheim, title={"de": "Abend des Amts"})
    events = [found["org_event"].pk, found["body_event"].pk, office.pk]
    fields = (
        "organiser",
        "organiser_body__is_public",
        "organiser_organisation__status",
        "organiser_organisation__visibility",
    )
    seen = set()
    with scope(municipality=mannheim):
        organisation = found["org_event"].organiser_organisation
        body = found["body_event"].organiser_body
        for status in Organisation.Status.values:
            for visibility in Visibility.values:
                Organisation.objects.filter(pk=organisation.pk).update(
                    status=status, visibility=visibility
                )
                Body.objects.filter(pk=body.pk).update(is_public=visibility == Visibility.PUBLIC)
                rows = with_organiser_named(Event.objects.filter(pk__in=events)).values(
                    "organiser_named", *fields
                )
                for row in rows:
                    by_values = organiser_named_in(
                        organiser=row["organiser"],
                        body_is_public=row["organiser_body__is_public"],
                        organisation_status=row["organiser_organisation__status"],
                        organisation_visibility=row["organiser_organisation__visibility"],
                    )
                    assert by_values is bool(row["organiser_named"]), row
                    seen.add((row["organiser"], by_values))
    assert seen == {
        ("office", True),
        *((kind, named) for kind in ("body", "organisation") for named in (True, False)),
    }
