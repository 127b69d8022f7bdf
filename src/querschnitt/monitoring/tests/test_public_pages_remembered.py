"""The overview's and an indicator page's content is rendered once per content version,
language and URL map and then reused: a new import and a changed definition show on the next
request, in every language, and leave the other municipality's pages as they were."""

import re

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.monitoring.models import FigureTable, Indicator
from querschnitt.monitoring.services.computation import indicators_recompute
from querschnitt.monitoring.services.indicators import indicator_update

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "ar", "fa"]
OVERVIEW = "/{}/monitoring/"
INDICATOR = "/{}/monitoring/indikatoren/auslaenderanteil/"


@pytest.fixture(autouse=True)
def _without_the_page_cache(settings) -> None:
    """Every page rendered by its view, as for a signed-in visitor."""
    settings.PAGE_CACHE = False


def page(path: str, language: str) -> str:
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def pages(slug: str) -> dict[tuple[str, str], str]:
    return {
        (path, language): page(path.format(slug), language)
        for path in (OVERVIEW, INDICATOR)
        for language in LANGUAGES
    }


def test_a_changed_definition_shows_at_once_in_every_language(
    mannheim, django_capture_on_commit_callbacks
) -> None:
    before, bamberg = pages("mannheim"), pages("bamberg")
    assert pages("mannheim") == before  # remembered: the same markup again
    with scope(municipality=mannheim), django_capture_on_commit_callbacks(execute=True):
        indicator = Indicator.objects.get(municipality=mannheim, key="auslaenderanteil")
        indicator_update(indicator=indicator, by=None, name={"de": "Anteil Neuzugewanderter"})
    after = pages("mannheim")
    for (path, language), html in after.items():
        assert "Anteil Neuzugewanderter" in html, (path, language)
        assert "Anteil Neuzugewanderter" not in before[path, language]
    assert pages("bamberg") == bamberg


def test_a_new_import_shows_at_once_in_every_language(
    mannheim, django_capture_on_commit_callbacks
) -> None:
    bamberg = pages("bamberg")
    before = pages("mannheim")
    assert all("2023" not in html for html in before.values())
    with scope(municipality=mannheim), django_capture_on_commit_callbacks(execute=True):
        for table in FigureTable.objects.filter(municipality=mannheim, year=2022):
            table.pk = None
            table.year = 2023  # a year more, as an import of the next extract brings
            table.save()
        indicators_recompute(municipality=mannheim)
    after = pages("mannheim")
    for language in LANGUAGES:
        assert "2023" in after[OVERVIEW, language], language
        assert 'scope="row">2023</th>' in after[INDICATOR, language], language
    assert pages("bamberg") == bamberg


def test_an_indicator_taken_off_and_published_again_shows_at_once(
    mannheim, django_capture_on_commit_callbacks
) -> None:
    """The indicator page remembers the published keys and the indicator asked per content
    version: taking it off is a 404 on the next request, publishing it again shows it."""
    pages("mannheim")
    bamberg = pages("bamberg")

    def status(language: str) -> int:
        client = Client()
        client.cookies["qs_language"] = language
        return client.get(INDICATOR.format("mannheim")).status_code

    with scope(municipality=mannheim), django_capture_on_commit_callbacks(execute=True):
        indicator = Indicator.objects.get(municipality=mannheim, key="auslaenderanteil")
        indicator_update(indicator=indicator, by=None, is_published=False)
    assert [status(language) for language in LANGUAGES] == [404] * len(LANGUAGES)
    assert all(
        "auslaenderanteil" not in page(OVERVIEW.format("mannheim"), language)
        for language in LANGUAGES
    )
    assert pages("bamberg") == bamberg
    with scope(municipality=mannheim), django_capture_on_commit_callbacks(execute=True):
        indicator_update(indicator=indicator, by=None, is_published=True)
    assert [status(language) for language in LANGUAGES] == [200] * len(LANGUAGES)
