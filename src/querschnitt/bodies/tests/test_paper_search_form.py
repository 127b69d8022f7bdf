"""The paper search's form is remembered for the public per content version
(`core.form_markup`, its bodies by `core.versioned`): a renamed or a new public body shows in
it on the next request, in every language, and never in the other municipality's; a member
of a non-public body sees that body in it, the public does not."""

import re
from html import unescape

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.bodies.models import Body
from querschnitt.core import selectors

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
