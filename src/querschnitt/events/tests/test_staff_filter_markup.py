"""The office's event list remembers its formats and its filter form's markup per content
version (`core.versioned`, `core.form_markup`): a new, renamed or deleted format shows in the
filter on the next request, in every language, and never in the other municipality."""

import re
from html import unescape

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.events.forms.staff import EventListFilter
from querschnitt.events.models import Format
from querschnitt.events.services.formats import format_create
from querschnitt.events.tests.helpers import office_user

pytestmark = pytest.mark.django_db


def options(client, path: str, language: str) -> list[tuple[str, str]]:
    client.cookies["qs_language"] = language
    html = client.get(path).content.decode()
    select = re.search(r'<select name="format".*?</select>', html, re.S)
    assert select is not None
    return [
        (value, unescape(text))
        for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[0])
    ]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_new_renamed_or_deleted_format_shows_at_once(mannheim, bamberg, language: str) -> None:
    office = signed_in_client("admin@mannheim.example")
    other = signed_in_client("admin@bamberg.example")
    path = "/mannheim/verwaltung/veranstaltungen/"
    before = options(office, path, language)
    assert before == options(office, path, language)  # the second time remembered
    bamberg_before = options(other, "/bamberg/verwaltung/veranstaltungen/", language)
    with scope(municipality=mannheim):
        added = format_create(
            municipality=mannheim, by=office_user(), name="Neues Format", is_active=False
        )
    assert (str(added.pk), "Neues Format") in options(office, path, language)
    with scope(municipality=mannheim):
        added.name = "Umbenanntes Format"
        added.save()
    chosen = f"{path}?format={added.pk}"
    assert (str(added.pk), "Umbenanntes Format") in options(office, chosen, language)
    assert f'<option value="{added.pk}" selected>' in office.get(chosen).content.decode()
    with scope(municipality=mannheim):
        added.delete()
    assert options(office, path, language) == before
    assert options(other, "/bamberg/verwaltung/veranstaltungen/", language) == bamberg_before


# The two fields as events/staff/event_list.html rendered them before their markup was remembered
FIELDS = Template("{{ form.zeige.as_field_group }}\n    {{ form.format.as_field_group }}")


@pytest.mark.parametrize("language", ["de", "en", "ar"])
@pytest.mark.parametrize(
    "query", ["", "zeige=vergangen", "format=FORMAT", "zeige=entwurf&format=FORMAT", "format=x"]
)
def test_the_remembered_markup_is_the_templates(mannheim, language: str, query: str) -> None:
    with scope(municipality=mannheim):
        formats = list(Format.objects.filter(municipality=mannheim).order_by("name"))
    query = query.replace("FORMAT", str(formats[0].pk))
    client = signed_in_client("admin@mannheim.example")
    client.cookies["qs_language"] = language
    for _ in range(2):  # rendered, then remembered
        page = client.get(f"/mannheim/verwaltung/veranstaltungen/?{query}").content.decode()
        with translation.override(language):
            form = EventListFilter(RequestFactory().get(f"/?{query}").GET, formats=formats)
            fields = FIELDS.render(Context({"form": form}))
        assert f"\n    {fields}\n" in page
