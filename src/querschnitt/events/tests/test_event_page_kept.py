"""The public event page's event (its instance, format and organiser links) is kept by its
row as read (`event_page.public_event_page`): the first request after a change elsewhere
(the content version moved, the row as it was) makes nothing; a change of the event, its
format or its organiser, even one that no signal reports, shows at once and is the page
made afresh."""

from collections.abc import Callable
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from conftest import content_moved, public_page
from querschnitt.bodies.models import Body
from querschnitt.core.models import Municipality, Visibility
from querschnitt.events import event_page
from querschnitt.events.models import Event, Format
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(monkeypatch) -> list[int]:
    """The events whose page was made of their row."""
    found: list[int] = []
    original = event_page.event_page_of

    def counted(rows: Any, **kwargs: Any) -> Any:
        page = original(rows, **kwargs)
        found.append(page.event.pk)
        return page

    monkeypatch.setattr(event_page, "event_page_of", counted)
    return found


def address(event: Event) -> str:
    return f"/mannheim/veranstaltungen/{event.pk}/"


def published(mannheim: Municipality, **conditions: Any) -> Event:
    with scopes_disabled():
        return (
            Event.objects.filter(municipality=mannheim, state=Event.State.PUBLISHED, **conditions)
            .order_by("pk")
            .first()
        )


def test_kept_when_the_content_version_moves_alone(mannheim, made) -> None:
    event = published(mannheim)
    fresh = {
        language: public_page(address(event), language, forget=True) for language in ["de", "ar"]
    }
    for language in ("de", "ar"):
        public_page(address(event), language)
    made.clear()
    for language in ("de", "ar", "de", "ar"):
        content_moved(mannheim)
        assert public_page(address(event), language) == fresh[language]
    assert made == []


def test_a_change_no_signal_reports_shows_at_once(mannheim, bamberg, made) -> None:
    formatted = published(mannheim, format__isnull=False)
    by_organisation = published(
        mannheim,
        organiser=Event.Organiser.ORGANISATION,
        organiser_organisation__status=Organisation.Status.PUBLISHED,
        organiser_organisation__visibility=Visibility.PUBLIC,
    )
    by_body = published(mannheim, organiser=Event.Organiser.BODY, organiser_body__is_public=True)
    assert formatted
    assert by_organisation
    assert by_body
    with scopes_disabled():
        body_link = f'/mannheim/gremien/{Body.objects.get(pk=by_body.organiser_body_id).slug}/"'
    changes: list[tuple[Event, Callable[[], Any], bytes, bool]] = [
        (
            formatted,
            lambda: Event.objects.filter(pk=formatted.pk).update(title={"de": "Umbenannt"}),
            b"Umbenannt",
            True,
        ),
        (
            formatted,
            lambda: Event.objects.filter(pk=formatted.pk).update(room="Saal 17"),
            b"Saal 17",
            True,
        ),
        (
            formatted,
            lambda: Format.objects.filter(pk=formatted.format_id).update(name="Anderes Format"),
            b"Anderes Format",
            True,
        ),
        (
            by_organisation,
            lambda: Organisation.objects.filter(
                pk=by_organisation.organiser_organisation_id
            ).update(name="Anderer Verein"),
            b"Anderer Verein",
            True,
        ),
        (
            by_organisation,
            lambda: Organisation.objects.filter(
                pk=by_organisation.organiser_organisation_id
            ).update(status=Organisation.Status.ARCHIVED),
            b"Anderer Verein",
            False,
        ),
        (
            by_body,
            lambda: Body.objects.filter(pk=by_body.organiser_body_id).update(is_public=False),
            body_link.encode(),
            False,
        ),
    ]
    for event, change, text, shown in changes:
        for language in ("en", "ar"):
            public_page(address(event), language)  # kept in both languages
        with scope(municipality=mannheim):
            change()
        pages = {}
        for language in ("en", "ar"):
            content_moved(mannheim)
            made.clear()
            pages[language] = public_page(address(event), language)
            assert (text in pages[language]) is shown, (text, language)
            # made once, for the first language (read once per content version for all)
            assert made == ([event.pk] if language == "en" else [])
        for language, page in pages.items():
            assert page == public_page(address(event), language, forget=True)
