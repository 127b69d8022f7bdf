"""The JSON API of the monitoring: published indicators and values, paged by key, hidden values
as null with their symbol; the served OpenAPI description stays valid."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_description_of_the_monitoring_is_valid() -> None:
    """The served description, with the monitoring's paths only (another app's parameters
    are checked by that app)."""
    schema = Client().get("/api/v1/openapi.json").json()
    ours = {path: item for path, item in schema["paths"].items() if "/indicators" in path}
    assert set(ours) == {
        "/api/v1/{municipality}/indicators",
        "/api/v1/{municipality}/indicators/{key}",
        "/api/v1/{municipality}/indicators/{key}/values",
    }
    validate({**schema, "paths": ours})


def test_the_indicator_list_is_paged_by_key() -> None:
    client = Client()
    first = client.get("/api/v1/mannheim/indicators?limit=5").json()
    assert len(first["data"]) == 5
    keys = [item["key"] for item in first["data"]]
    assert keys == sorted(keys)
    rest = []
    url = first["next"]
    while url:
        page = client.get(url).json()
        rest += [item["key"] for item in page["data"]]
        url = page["next"]
    assert len(keys + rest) == len(set(keys + rest)) == 16


def test_an_indicator_names_its_definition_and_sources() -> None:
    item = Client().get("/api/v1/mannheim/indicators/migrationshintergrund").json()
    assert item["unit"] == "percent"
    assert item["definitions"][0]["code"] == "mh_register"
    assert item["sources"] == ["Kommunale Statistikstelle Mannheim (Melderegister)"]
    assert item["web"].endswith("/mannheim/monitoring/indikatoren/migrationshintergrund/")


def test_values_by_year_and_area() -> None:
    client = Client()
    city = client.get("/api/v1/mannheim/indicators/einwohner/values?year=2022&area=_T").json()
    assert [(v["value"], v["symbol"]) for v in city["data"]] == [(325691.0, "")]
    district = client.get("/api/v1/mannheim/indicators/einwohner/values?year=2022&area=01").json()
    assert district["data"][0]["area_name"] == "Innenstadt/Jungbusch"


def test_bad_parameters_are_a_400_with_the_field() -> None:
    client = Client()
    response = client.get("/api/v1/mannheim/indicators/einwohner/values?year=abc")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"
    forged = client.get("/api/v1/mannheim/indicators?cursor=made-up")
    assert forged.status_code == 400
    assert client.get("/api/v1/mannheim/indicators/nicht-da").status_code == 404
    assert client.get("/api/v1/nirgendwo/indicators").status_code == 404
