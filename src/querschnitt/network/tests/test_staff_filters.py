"""Filters of the staff lists show the state the list is in, and call nothing "optional"."""

import re

import pytest
from django.test import Client

from conftest import signed_in_client

pytestmark = pytest.mark.django_db

LISTS = [
    "/mannheim/verwaltung/unterzeichnungen/",
    "/mannheim/verwaltung/akteure/",
    "/mannheim/verwaltung/kontakte/",
    "/mannheim/verwaltung/protokoll/",
]


def office() -> Client:
    client = signed_in_client("admin@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


def filter_form(html: str) -> str:
    """The GET form of the page (the filter), as markup."""
    match = re.search(r'<form method="get".*?</form>', html, re.S)
    assert match is not None
    return match.group(0)


def selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select.group(0))


@pytest.mark.parametrize("path", LISTS)
def test_no_filter_field_is_labelled_optional(path: str) -> None:
    html = office().get(path).content.decode()
    assert "optional" not in filter_form(html)


def test_the_signature_filter_shows_the_state_the_list_shows_without_a_choice() -> None:
    response = office().get("/mannheim/verwaltung/unterzeichnungen/")
    assert {row["state"] for row in response.context["object_list"]} == {"pending_review"}
    assert selected(response.content.decode(), "zustand") == ["pending_review"]


def test_pressing_show_without_a_change_keeps_the_list() -> None:
    client = office()
    before = client.get("/mannheim/verwaltung/unterzeichnungen/")
    chosen = selected(before.content.decode(), "zustand")
    after = client.get("/mannheim/verwaltung/unterzeichnungen/", {"zustand": chosen[0]})
    assert list(after.context["object_list"]) == list(before.context["object_list"])


def test_a_chosen_state_stays_selected() -> None:
    html = office().get("/mannheim/verwaltung/unterzeichnungen/?zustand=alle").content.decode()
    assert selected(html, "zustand") == ["alle"]


def test_the_signature_list_narrows_to_those_past_the_target() -> None:
    response = office().get("/mannheim/verwaltung/unterzeichnungen/?ueberfaellig=on")
    rows = list(response.context["object_list"])
    assert len(rows) == 3
    assert all(row["waiting"].past_target for row in rows)
    checkbox = re.search(r'<input[^>]*name="ueberfaellig"[^>]*>', response.content.decode())
    assert checkbox is not None
    assert " checked" in checkbox.group(0)


def test_a_contact_search_shows_what_was_asked_also_when_its_form_is_remembered() -> None:
    client = office()
    path = "/mannheim/verwaltung/kontakte/"
    first = filter_form(client.get(f"{path}?q=anna&einwilligung=ja").content.decode())
    again = filter_form(client.get(f"{path}?q=anna&einwilligung=ja").content.decode())
    assert first == again
    assert 'value="anna"' in first
    assert selected(first, "einwilligung") == ["ja"]
    too_long = filter_form(client.get(f"{path}?q={'a' * 201}").content.decode())
    assert "200" in too_long  # the length error, shown for what was typed
    other = filter_form(client.get(f"{path}?q=bert").content.decode())
    assert 'value="bert"' in other
    assert 'value="anna"' not in other
    # an organisation asked for is looked up, every time
    unknown = filter_form(client.get(f"{path}?organisation=Gibt+es+nicht").content.decode())
    assert 'value="Gibt es nicht"' in unknown
    assert 'aria-invalid="true"' in unknown
