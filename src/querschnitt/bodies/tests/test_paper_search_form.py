"""The paper search's fields are written with labels and choices remembered for the public
per content version (`core.versioned`, as its bodies): a renamed or a new public body shows in
it on the next request, in every language, and never in the other municipality's; a member
of a non-public body sees that body in it, the public does not. The form's filters and markup
are remembered together for the public (`PaperSearchView.search_form`): a search made from
them is the search made afresh."""

import re
from html import unescape

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.bodies.models import Body
from querschnitt.bodies.views import public
from querschnitt.core import form_markup, selectors

pytestmark = pytest.mark.django_db


def body_options(path: str, language: str) -> list[str]:
    client = Client()
    client.cookies["qs_language"] = language
    html = client.get(path).content.decode()
    select = re.search(r'<select name="body".*?</select>', html, re.S)
    assert select is not None
    return [
        unescape(text) for text in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))
    ]


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_a_renamed_and_a_new_body_show_at_once_and_only_here(mannheim, bamberg, language) -> None:
    for path in ("/mannheim/vorlagen/", "/bamberg/vorlagen/", "/mannheim/vorlagen/?q=x"):
        body_options(path, language)  # remembered
    with scope(municipality=mannheim):
        body = Body.objects.filter(is_public=True).order_by("pk").first()
        body.name = "Umbenanntes Gremium"
        body.save()
        Body.objects.create(municipality=mannheim, name="Neues Gremium", slug="neu", is_public=True)
        Body.objects.create(
            municipality=mannheim, name="Geschlossenes Gremium", slug="zu", is_public=False
        )
    # the stamp that makes every process read the municipality again moves on commit, which
    # the test's transaction never reaches
    selectors._recent.clear()
    for path in ("/mannheim/vorlagen/", "/mannheim/vorlagen/?q=x"):
        shown = body_options(path, language)
        assert "Umbenanntes Gremium" in shown
        assert "Neues Gremium" in shown
        assert "Geschlossenes Gremium" not in shown
    elsewhere = body_options("/bamberg/vorlagen/", language)
    assert not {"Umbenanntes Gremium", "Neues Gremium"} & set(elsewhere)


SEARCHES = [
    "",
    "?q=integration",
    "?q=integration&type=motion",
    "?reference=2024",
    "?date_from=2024-01-01&date_to=2024-12-31",
    "?date_from=01.01.2024",  # read in German's formats, not in every language's
    "?date_from=kein+Datum",  # an error: made each time
    "?body=999999",
    "?q=integration&nach=garbage",
]


def searched(path: str, language: str) -> bytes:
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content


def forget_forms() -> None:
    public._searches.clear()
    form_markup._markup.clear()


def test_a_remembered_search_is_the_search_made_afresh(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        body = Body.objects.filter(is_public=True).order_by("pk").first()
    paths = [
        f"/{place}/vorlagen/{search}" for place in ("mannheim", "bamberg") for search in SEARCHES
    ]
    paths.append(f"/mannheim/vorlagen/?body={body.pk}&q=integration")
    paths.append(f"/bamberg/vorlagen/?body={body.pk}")  # not Bamberg's: an error there
    languages = ("de", "en", "ar")
    fresh = {}
    for path in paths:
        for language in languages:
            forget_forms()
            fresh[path, language] = searched(path, language)
    forget_forms()
    for _ in range(2):  # made, then remembered
        for path in paths:
            for language in languages:
                assert searched(path, language) == fresh[path, language], (path, language)
    assert public._searches
    assert not any(("date_from", ("kein Datum",)) in key[-1] for key in public._searches)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_body_the_visitor_may_not_search_is_an_error(mannheim, bamberg, language) -> None:
    """The search checked without the form (`PaperSearchForm.valid_filters`) refuses what
    the form refuses: the other town's body and, for the public, a body that is not public."""
    with scope(municipality=mannheim):
        mannheims = Body.objects.filter(is_public=True).order_by("pk").first()
        closed = Body.objects.create(
            municipality=mannheim, name="Geschlossenes Gremium", slug="zu", is_public=False
        )
    selectors._recent.clear()
    for path in (
        f"/bamberg/vorlagen/?body={mannheims.pk}&q=integration",
        f"/mannheim/vorlagen/?body={closed.pk}",
    ):
        forget_forms()
        client = Client()
        client.cookies["qs_language"] = language
        html = client.get(path).content.decode()
        assert 'id="id_body_error"' in html, path
        assert 'aria-invalid="true" aria-describedby="id_body_error"' in html, path
        assert "Geschlossenes Gremium" not in html
        assert f'<option value="{mannheims.pk}" selected' not in html
