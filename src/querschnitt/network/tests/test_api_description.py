"""The API's description is a valid OpenAPI 3.1 document, says what the server enforces, and
describes every answer the server gives."""

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"detail", "errors"}
EXAMPLE_ARGUMENTS = {
    "municipality": "mannheim",
    "organisation_id": "1",
    "slug": "mannheimer-buendnis",
    "key": "einwohner",
}


@pytest.fixture(scope="module")
def description() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_served_description_is_a_valid_openapi_31_document(description) -> None:
    assert description["openapi"].startswith("3.1")
    validate(description)  # raises on anything a generated client could trip over


def parameters(description: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, parameter)
        for path, operations in description["paths"].items()
        for parameter in operations["get"]["parameters"]
    ]


def constraint_schema(parameter: dict[str, Any]) -> dict[str, Any]:
    """The schema that holds a parameter's constraints (of its items, for a repeated one;
    the non-null alternative, for an optional one)."""
    schema = parameter["schema"]
    for alternative in schema.get("anyOf", []):
        if alternative.get("type") != "null":
            schema = alternative
    return schema.get("items", schema)


def breaking_values(schema: dict[str, Any]) -> dict[str, str]:
    """For each constraint of a schema, a value that breaks it."""
    values = {}
    if "maxLength" in schema:
        values["maxLength"] = "a" * (schema["maxLength"] + 1)
    if "minimum" in schema:
        values["minimum"] = str(schema["minimum"] - 1)
    if "maximum" in schema:
        values["maximum"] = str(schema["maximum"] + 1)
    if "pattern" in schema:
        values["pattern"] = "!"
    if "enum" in schema:
        values["enum"] = "no-such-value"
    if schema.get("type") == "integer":
        values["type"] = "1.5"
    if schema.get("type") == "boolean":
        values["type"] = "perhaps"
    return values


def request_breaking(path: str, parameter: dict[str, Any], value: str) -> Any:
    arguments = dict(EXAMPLE_ARGUMENTS)
    query = {}
    if parameter["in"] == "path":
        arguments[parameter["name"]] = value
    else:
        query[parameter["name"]] = value
    return Client().get(path.format(**arguments), query)


def test_every_parameter_constraint_of_the_description_is_enforced(description) -> None:
    checked = []
    for path, parameter in parameters(description):
        for constraint, value in breaking_values(constraint_schema(parameter)).items():
            response = request_breaking(path, parameter, value)
            label = f"{path} {parameter['name']} {constraint}"
            assert response.status_code == 400, label
            body = response.json()
            assert set(body) == ERROR_KEYS, label
            assert [error["field"] for error in body["errors"]] == [parameter["name"]], label
            checked.append(label)
    # the constraints that the description must keep declaring
    for expected in [
        "/api/v1/{municipality}/organisations q maxLength",
        "/api/v1/{municipality}/organisations cursor maxLength",
        "/api/v1/{municipality}/organisations limit maximum",
        "/api/v1/{municipality}/organisations kind enum",
        "/api/v1/{municipality}/organisations/{organisation_id} organisation_id minimum",
        "/api/v1/{municipality}/alliances/{slug}/members slug pattern",
        "/api/v1/{municipality}/alliances/{slug}/members cursor maxLength",
    ]:
        assert expected in checked


def test_the_longest_query_is_declared_and_one_more_character_is_refused(description) -> None:
    (q,) = [
        parameter
        for path, parameter in parameters(description)
        if parameter["name"] == "q" and path.endswith("/organisations")
    ]
    longest = q["schema"]["maxLength"]
    accepted = Client().get("/api/v1/mannheim/organisations", {"q": "wort " * (longest // 5)})
    assert accepted.status_code == 200
    refused = Client().get("/api/v1/mannheim/organisations", {"q": "w" * (longest + 1)})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "q"


def test_cursors_are_opaque_and_signed(description) -> None:
    for path in [
        "/api/v1/mannheim/organisations",
        "/api/v1/mannheim/alliances/mannheimer-buendnis/members",
    ]:
        first = Client().get(path, {"limit": 2}).json()
        cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
        assert "Afghan" not in cursor  # the position is not readable, let alone editable
        value, signature = cursor.rsplit(":", 1)
        for tampered in [
            f"{value}:{last_changed(signature)}",
            f"{last_changed(value)}:{signature}",
        ]:
            response = Client().get(path, {"cursor": tampered, "limit": "2"})
            assert response.status_code == 400
            assert response.json()["errors"][0]["field"] == "cursor"


def last_changed(text: str) -> str:
    """The text with its last character replaced by another (never by itself)."""
    return text[:-1] + ("B" if text.endswith("A") else "A")


def schema_validator(description: dict[str, Any], component: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{component}", "components": description["components"]}
    )


def test_every_answer_is_what_the_description_says(description) -> None:
    def check(component: str, path: str, **params: Any) -> dict[str, Any]:
        response = Client().get(path, params)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        body = response.json()
        errors = list(schema_validator(description, component).iter_errors(body))
        assert errors == [], (path, [error.message for error in errors[:3]])
        return body

    page = check("OrganisationPage", "/api/v1/mannheim/organisations", limit=200)
    assert len(page["data"]) == 200
    check(
        "OrganisationPage", "/api/v1/bamberg/organisations", q="sport", wheelchair_accessible=True
    )
    check("OrganisationOut", f"/api/v1/mannheim/organisations/{page['data'][0]['id']}")
    members = check("MemberPage", "/api/v1/mannheim/alliances/mannheimer-buendnis/members")
    assert members["data"]
    check("Error", "/api/v1/mannheim/organisations", limit=0)
    check("Error", "/api/v1/mannheim/organisations/999999999")
