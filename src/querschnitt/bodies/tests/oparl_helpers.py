"""What the OParl tests share: a client that crawls the API as real clients do, and a
validator that checks an object against the schema of its type (recursing into embedded
objects) and against the rules of the specification's prose."""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from django.test import Client

SCHEMA_DIR = Path(__file__).parent / "oparl_schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"
LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "locationList",
    "legislativeTermList",
)
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
MIME_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
}


@cache
def schema(type_name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{type_name}.json").read_text())


def type_name(obj: dict[str, Any]) -> str:
    return obj["type"].removeprefix(TYPE_PREFIX)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def fetch(client: Client, url: str, **headers: Any) -> dict[str, Any]:
    response = client.get(path_of(url), **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def walk_list(client: Client, url: str, **headers: Any) -> list[dict[str, Any]]:
    """Every object of a list, following `links.next` to the last page."""
    found: list[dict[str, Any]] = []
    seen_pages = set()
    while url:
        assert url not in seen_pages, f"paging loops at {url}"
        seen_pages.add(url)
        page = fetch(client, url, **headers)
        assert set(page) == {"data", "pagination", "links"}, url
        assert isinstance(page["pagination"], dict)
        found += page["data"]
        url = page["links"].get("next", "")
    return found


def crawl(client: Client, **headers: Any) -> dict[str, dict[str, Any]]:
    """The whole API as a client sees it: System → bodies → every list of every body.
    Returns every top-level object by id (a Body's list objects and the Bodies)."""
    system = fetch(client, "/oparl/v1/system", **headers)
    objects: dict[str, dict[str, Any]] = {system["id"]: system}
    for body in walk_list(client, system["body"], **headers):
        objects[body["id"]] = body
        for name in LISTS:
            for obj in walk_list(client, body[name], **headers):
                assert obj["id"] not in objects or objects[obj["id"]] == obj, obj["id"]
                objects[obj["id"]] = obj
    return objects


def embedded(obj: Any) -> list[dict[str, Any]]:
    """The object and every object embedded in it, at any depth."""
    found: list[dict[str, Any]] = []
    if isinstance(obj, dict):
        if "id" in obj and "type" in obj:
            found.append(obj)
        for value in obj.values():
            found += embedded(value)
    elif isinstance(obj, list):
        for value in obj:
            found += embedded(value)
    return found


def urls_in(obj: Any) -> list[str]:
    """Every URL in an object that points into OParl (ids, links, list addresses)."""
    found = []
    if isinstance(obj, dict):
        for value in obj.values():
            found += urls_in(value)
    elif isinstance(obj, list):
        for value in obj:
            found += urls_in(value)
    elif isinstance(obj, str) and "/oparl/v1/" in obj and obj.startswith("http"):
        found.append(obj)
    return found


def check_prose(obj: Any, key: str = "") -> list[str]:
    """The rules of the prose: no null, no empty string, no empty optional array, no control
    character in a string; created and modified on every object."""
    problems = []
    if obj is None:
        problems.append(f"{key}: null")
    elif isinstance(obj, str):
        if obj == "":
            problems.append(f"{key}: empty string")
        if CONTROL.search(obj):
            problems.append(f"{key}: control character")
    elif isinstance(obj, list):
        if not obj and key != "legislativeTerm":
            problems.append(f"{key}: empty array")
        for item in obj:
            problems += check_prose(item, key)
    elif isinstance(obj, dict):
        if (
            "type" in obj
            and str(obj["type"]).startswith(TYPE_PREFIX)
            and "Error" not in obj["type"]
        ):
            for required in ("id", "created", "modified"):
                if required not in obj:
                    problems.append(f"{obj.get('id')}: no {required}")
        for name, value in obj.items():
            problems += check_prose(value, name)
    return problems


def validate(obj: dict[str, Any], expected_type: str | None = None) -> None:
    """Validate against the schema of the object's type and, recursively, each embedded
    object against its own schema; plus the formats the schema names."""
    name = type_name(obj)
    if expected_type:
        assert name == expected_type, (obj.get("id"), name, expected_type)
    definition = schema(name)
    jsonschema.validate(obj, definition)
    for key, spec in definition["properties"].items():
        if key not in obj:
            continue
        value = obj[key]
        _check_format(obj["id"], key, spec, value)
        if spec.get("type") == "object" and "schema" in spec:
            validate(value, spec["schema"].removesuffix(".json"))
        # an external list's "items" describe the list's objects, not this value
        items = spec.get("items", {}) if spec.get("type") == "array" else {}
        if "schema" in items:
            for item in value:
                validate(item, items["schema"].removesuffix(".json"))
        elif items.get("format") == "url":
            for item in value:
                _check_format(obj["id"], key, items, item)
    if name == "File" and not obj.get("deleted"):
        assert obj["mimeType"] in MIME_TYPES, obj
        assert obj["accessUrl"]
        assert obj["downloadUrl"]
    if name == "Location" and "geojson" in obj:
        assert obj["geojson"]["type"] == "Feature"
        assert obj["geojson"]["geometry"]["type"] == "Point"
    if name == "Body":
        for list_name in LISTS:
            assert list_name in obj, (obj["id"], list_name)


def _check_format(object_id: str, key: str, spec: dict[str, Any], value: Any) -> None:
    fmt = spec.get("format")
    if fmt == "url":
        assert isinstance(value, str), (object_id, key)
        assert value.startswith(("http://", "https://")), (object_id, key, value)
    elif fmt == "date-time":
        assert DATE_TIME.match(value), (object_id, key, value)
    elif fmt == "date":
        assert DATE.match(value), (object_id, key, value)
