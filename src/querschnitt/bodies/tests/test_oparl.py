"""OParl 1.1: every object validates against the schema of its type (embedded ones too) and
the rules of the prose; a crawler walks the whole API from the System object; non-public
objects never appear; filters, paging, errors, files and CORS behave as clients expect.
Runs on SQLite and PostgreSQL (the suite runs on both)."""

import json
import re
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.bodies.models import AgendaItem, Body, File, Meeting, Paper
from querschnitt.bodies.oparl.params import format_datetime
from querschnitt.bodies.tests.oparl_helpers import (
    check_prose,
    crawl,
    embedded,
    fetch,
    path_of,
    urls_in,
    validate,
    walk_list,
)

# every test here reads the database, so they run together, before any test that empties it
pytestmark = pytest.mark.django_db

OBJECT_URL = re.compile(r"/oparl/v1/body/[\w-]+/\w+/\d+$")
BODY_URL = re.compile(r"/oparl/v1/body/[\w-]+$")


@pytest.fixture(scope="module")
def crawled(django_db_setup: Any, django_db_blocker: Any) -> dict[str, dict[str, Any]]:
    with django_db_blocker.unblock():
        return crawl(Client())


def all_objects(crawled: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [obj for top in crawled.values() for obj in embedded(top)]


def test_the_crawl_reaches_both_municipalities_and_every_kind(crawled) -> None:
    kinds = {obj["type"].rsplit("/", 1)[1] for obj in all_objects(crawled)}
    assert kinds == {
        "System",
        "Body",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
        "LegislativeTerm",
    }
    bodies = [obj for obj in crawled.values() if obj["type"].endswith("/Body")]
    assert {body["ags"] for body in bodies} == {"08222000", "09461000"}


def test_every_object_validates_against_the_schema_of_its_type(crawled) -> None:
    for top in crawled.values():
        validate(top)  # recurses into every embedded object


def test_every_object_keeps_the_rules_of_the_prose(crawled) -> None:
    problems = [problem for top in crawled.values() for problem in check_prose(top)]
    assert problems == []
    for obj in all_objects(crawled):
        if obj["type"].endswith(("/Meeting", "/AgendaItem", "/Paper")):
            assert isinstance(obj.get("auxiliaryFile", []), list)


@pytest.mark.django_db
def test_every_id_answers_with_itself_and_is_in_its_bodys_list(crawled) -> None:
    client = Client()
    listed = set(crawled)
    ids = {obj["id"] for obj in all_objects(crawled)}
    linked = {url for top in crawled.values() for url in urls_in(top)}
    for url in sorted(ids | {u for u in linked if OBJECT_URL.search(u) or BODY_URL.search(u)}):
        assert url in listed, f"{url} is linked but in no list"
        assert fetch(client, url)["id"] == url
    for url in sorted(
        u for u in linked if u.endswith(("/meeting", "/consultation")) and "/organization/" in u
    ):
        walk_list(client, url)


@pytest.mark.django_db
def test_files_are_served_with_the_right_headers(crawled) -> None:
    client = Client()
    files = [obj for obj in crawled.values() if obj["type"].endswith("/File")]
    assert files
    for document in files[:5]:
        access = client.get(path_of(document["accessUrl"]))
        assert access.status_code == 200
        assert access["Content-Type"] == document["mimeType"]
        assert access["Content-Disposition"].startswith("inline")
        assert access["Access-Control-Allow-Origin"] == "*"
        content = b"".join(access.streaming_content)  # type: ignore[attr-defined]
        assert len(content) == document["size"] == int(access["Content-Length"])
        download = client.get(path_of(document["downloadUrl"]))
        assert download["Content-Disposition"].startswith("attachment; filename=")
        again = client.get(path_of(document["downloadUrl"]), HTTP_IF_NONE_MATCH=download["ETag"])
        assert again.status_code == 304


@pytest.mark.django_db
def test_objects_the_public_may_not_see_never_appear(crawled) -> None:
    ids = {obj["id"] for obj in all_objects(crawled)}
    text = json.dumps(list(crawled.values()), ensure_ascii=False)
    with scopes_disabled():
        hidden = {
            "agendaItem": AgendaItem.objects.filter(public=False),
            "paper": Paper.objects.exclude(public=True, published_at__isnull=False),
            "meeting": Meeting.objects.exclude(published_at__isnull=False, body__is_public=True),
            "organization": Body.objects.filter(is_public=False),
            "file": File.objects.filter(public=False),
        }
        for kind, objects in hidden.items():
            assert objects.exists(), f"the demo has no hidden {kind}"
            for obj in objects.select_related("municipality"):
                assert not any(i.endswith(f"/{obj.municipality.slug}/{kind}/{obj.pk}") for i in ids)
        for paper in Paper.objects.filter(public=False):
            assert paper.reference not in text
            assert paper.name not in text
        for body in Body.objects.filter(is_public=False):
            assert body.name not in text
        for item in AgendaItem.objects.filter(public=False):
            if item.resolution_text:
                assert item.resolution_text not in text


@pytest.mark.django_db
def test_ids_are_https_behind_a_proxy_that_says_so() -> None:
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        system = fetch(Client(), "/oparl/v1/system", HTTP_X_FORWARDED_PROTO="https")
        body = walk_list(Client(), system["body"], HTTP_X_FORWARDED_PROTO="https")[0]
    assert system["id"].startswith("https://")
    assert body["id"].startswith("https://")
    assert all(url.startswith("https://") for url in urls_in(body))


@pytest.mark.django_db
@pytest.mark.parametrize("encode", [False, True])
def test_date_filters_work_raw_or_encoded_and_are_carried_into_every_link(encode) -> None:
    since = timezone.now() - timedelta(days=400)
    value = format_datetime(since)
    written = quote(value, safe="") if encode else value  # raw: the "+" arrives as a space
    page = fetch(Client(), f"/oparl/v1/body/mannheim/paper?modified_since={written}&limit=2")
    assert len(page["data"]) == 2
    for link in page["links"].values():
        assert "modified_since=" + quote(value, safe="") in link
    assert "next" in page["links"]
    rest = walk_list(Client(), page["links"]["next"])
    assert all(obj.get("modified") >= value for obj in page["data"] + rest)


@pytest.mark.django_db
def test_a_filter_that_matches_nothing_answers_an_empty_list() -> None:
    future = quote(format_datetime(timezone.now() + timedelta(days=30)), safe="")
    page = fetch(Client(), f"/oparl/v1/body/mannheim/meeting?created_since={future}")
    assert page["data"] == []
    assert "next" not in page["links"]
    assert page["pagination"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/oparl/v1/body/mannheim/paper?modified_since=yesterday", 400),
        ("/oparl/v1/body/mannheim/paper?after=x", 400),
        ("/oparl/v1/body/mannheim/paper/999999999", 404),
        ("/oparl/v1/body/mannheim/nonsense", 404),
        ("/oparl/v1/body/atlantis", 404),
        ("/oparl/v2/system", 404),
    ],
)
def test_errors_are_oparl_error_objects(url, status) -> None:
    response = Client().get(url)
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    error = json.loads(response.content)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert error["message"]


@pytest.mark.django_db
def test_another_spelling_of_an_address_redirects_to_the_canonical_one() -> None:
    response = Client().get("/oparl/v1/system/")
    assert response.status_code == 301
    assert response["Location"] == "/oparl/v1/system"
    assert Client().get("/oparl/v1/").status_code == 301


@pytest.mark.django_db
def test_cors_preflight_is_answered_and_writes_are_refused() -> None:
    preflight = Client().options("/oparl/v1/system")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert Client().post("/oparl/v1/system").status_code == 405


@pytest.mark.django_db
def test_omit_internal_leaves_out_what_the_standard_names() -> None:
    body = fetch(Client(), "/oparl/v1/body/mannheim?omit_internal=true")
    assert "legislativeTerm" not in body
    meetings = fetch(Client(), "/oparl/v1/body/mannheim/meeting?omit_internal=true")["data"]
    assert meetings
    assert all("agendaItem" not in m and "auxiliaryFile" not in m for m in meetings)
    persons = fetch(Client(), "/oparl/v1/body/mannheim/person?omit_internal=true")["data"]
    assert all("membership" not in p for p in persons)
    full = fetch(Client(), "/oparl/v1/body/mannheim/meeting")["data"]
    assert any("agendaItem" in m for m in full)


@pytest.mark.django_db
def test_paging_by_key_reaches_every_object_once() -> None:
    whole = fetch(Client(), "/oparl/v1/body/mannheim/person?limit=500")["data"]
    paged = walk_list(Client(), "/oparl/v1/body/mannheim/person?limit=7")
    assert [p["id"] for p in paged] == [p["id"] for p in whole]
    assert len(whole) > 7


@pytest.mark.django_db
def test_a_list_page_costs_the_same_number_of_queries_on_every_page() -> None:
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    counts = {
        kind: {queries(f"/oparl/v1/body/mannheim/{kind}?limit={n}") for n in (1, 3, 20)}
        for kind in ("paper", "meeting", "person", "organization", "agendaItem", "file")
    }
    assert all(len(found) == 1 for found in counts.values()), counts
