"""The calendar's filters are remembered per content version (`core.versioned`): a new
organiser or a renamed format shows in them on the next request, in every language."""

import re
from html import unescape

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.events.models import Event, Format
from querschnitt.events.tests.helpers import make_event
from querschnitt.network.models import Organisation

pytestmark = pytest.mark.django_db


def options(path: str, language: str, name: str) -> list[str]:
    client = Client()
    client.cookies["qs_language"] = language
    html = client.get(path).content.decode()
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    return [
        unescape(text) for text in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))
    ]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_new_organiser_and_a_renamed_format_show_at_once(mannheim, language: str) -> None:
    # with a query: rendered afresh, not from the whole-page cache
    path = "/mannheim/veranstaltungen/?sprache="
    with scope(municipality=mannheim):
        organisation = (
            Organisation.objects.filter(status="published", visibility="public")
            .exclude(
                pk__in=Event.objects.filter(organiser_organisation__isnull=False).values(
                    "organiser_organisation"
                )
            )
            .first()
        )
        found_format = Format.objects.filter(is_active=True).first()
    assert organisation.name not in options(path, language, "veranstalter")
    assert found_format.name in options(path, language, "format")
    make_event(
        mannheim, organiser=Event.Organiser.ORGANISATION, organiser_organisation=organisation
    )
    with scope(municipality=mannheim):
        found_format.name = "Umbenanntes Format"
        found_format.save()
    assert organisation.name in options(path, language, "veranstalter")
    assert "Umbenanntes Format" in options(path, language, "format")
    assert options(path, language, "veranstalter") == options(path, language, "veranstalter")
