"""The public pages' head links and descriptions are `{% chrome %}` sections: kept by the
municipality, the language and the frame's version, so the municipality's name, another
language, the event shown and the static files' address show at once."""

import pytest
from django.test import Client

from querschnitt.core.services import municipality_update
from querschnitt.events.models import Event

pytestmark = pytest.mark.django_db


def published_events(slug: str) -> list[Event]:
    return list(
        Event.objects.filter(municipality__slug=slug, state=Event.State.PUBLISHED).order_by("pk")
    )


def test_a_rename_another_language_and_static_address_show_in_the_heads(
    mannheim, django_capture_on_commit_callbacks, settings
) -> None:
    client = Client()
    pages = ("/mannheim/massnahmen/", "/mannheim/steuerung/", "/mannheim/sitzungen/")
    for path in pages:
        page = client.get(path).content.decode()
        assert " Mannheim" in page.split('<meta name="description" content="')[1].split('">')[0]
    catalogue = client.get("/mannheim/massnahmen/").content.decode()
    assert 'href="/static/measures/measures.css"' in catalogue
    calendar = client.get("/mannheim/sitzungen/").content.decode()
    assert 'title="Alle öffentlichen Sitzungen" href="/mannheim/sitzungen.ics"' in calendar
    assert (
        'href="/static/monitoring/monitoring.css"'
        in client.get("/mannheim/monitoring/").content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        municipality_update(municipality=mannheim, by=None, name="Stadt Mannheim-Nord")
    # the rename alone (a changed setting below forgets every section)
    for path in pages:
        page = client.get(path).content.decode()
        description = page.split('<meta name="description" content="')[1].split('">')[0]
        assert "Stadt Mannheim-Nord" in description, path
    settings.STATIC_URL = "/files/"
    client.cookies["qs_language"] = "en"
    english = (
        "The measures with which Stadt Mannheim-Nord works",
        "How far the catalogue of measures of Stadt Mannheim-Nord has come",
        "advisory councils of Stadt Mannheim-Nord, month by month",
    )
    for path, expected in zip(pages, english, strict=True):
        page = client.get(path).content.decode()
        description = page.split('<meta name="description" content="')[1].split('">')[0]
        assert expected in description, path
    assert (
        'href="/files/measures/measures.css"' in client.get("/mannheim/steuerung/").content.decode()
    )
    assert (
        'href="/files/monitoring/monitoring.css"'
        in client.get("/mannheim/monitoring/").content.decode()
    )
    calendar = client.get("/mannheim/sitzungen/").content.decode()
    assert 'title="All public meetings"' in calendar
    assert 'href="/files/bodies/bodies.css"' in calendar


def test_each_event_page_links_its_own_calendar(unscoped) -> None:
    client = Client()
    first, second, *_ = published_events("mannheim")
    [bamberg, *_] = published_events("bamberg")
    for event in (first, second, first):
        page = client.get(f"/mannheim/veranstaltungen/{event.pk}/").content.decode()
        assert f'href="/mannheim/veranstaltungen/{event.pk}/kalender.ics"' in page
    page = client.get(f"/bamberg/veranstaltungen/{bamberg.pk}/").content.decode()
    assert f'href="/bamberg/veranstaltungen/{bamberg.pk}/kalender.ics"' in page
    assert 'href="/bamberg/veranstaltungen/kalender.ics"' in page
