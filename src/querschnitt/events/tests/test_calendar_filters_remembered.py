"""The calendar's filters (what they ask for, their markup, the query string) are remembered
under the values of the form's fields, the content version, the language and the URL map,
and the first page's rows with the dates kept (`KeptDates`): each page, remembered, is the
page made afresh, in every language, alternately."""

import pytest

from conftest import public_page

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "?x=1",
    "?format=nope",
    "?sprache=zz",
    "?sprache=ar&zielgruppe=families&kostenlos=on",
    "?barrierefrei=on&online=on",
    "?format=migrationsforum",
    "?format=migrationsforum&format=netzwerktreffen",
    "?veranstalter=office",
    "?online=on&nach=garbage",
    "?ab=2026-01-01",
    "?format=" + "a" * 1200,
]
LANGUAGES = ["de", "en", "ar"]


@pytest.mark.parametrize("city", ["mannheim", "bamberg"])
def test_remembered_filters_and_rows_are_fresh_ones(city) -> None:
    for view in ("veranstaltungen/", "veranstaltungen/monat/"):
        for query in QUERIES:
            path = f"/{city}/{view}{query}"
            fresh = {language: public_page(path, language, forget=True) for language in LANGUAGES}
            for language in LANGUAGES * 2:
                assert public_page(path, language) == fresh[language], (path, language)


def test_the_list_keeps_its_filters_apart_from_the_month() -> None:
    for path in ("/mannheim/veranstaltungen/monat/?online=on", "/mannheim/veranstaltungen/"):
        fresh = public_page(path, "en", forget=True)
        public_page("/mannheim/veranstaltungen/?online=on", "en")
        assert public_page(path, "en") == fresh
