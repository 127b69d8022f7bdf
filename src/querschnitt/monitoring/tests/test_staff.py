"""The monitoring's staff area: defining indicators (and refusing bad definitions), a source's
rule applied at once, district boundaries, and the pending work on the overview."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.monitoring.models import (
    Area,
    Figure,
    FigureTable,
    ImportRun,
    Indicator,
    IndicatorValue,
    Source,
)

pytestmark = pytest.mark.django_db


def indicator_form(mannheim, **overrides) -> dict:
    with scope(municipality=mannheim):
        kita = Figure.objects.get(municipality=mannheim, key="kita_children")
        population = Figure.objects.get(municipality=mannheim, key="population")
    data = {
        "key": "kita-beteiligung",
        "topic": "childcare",
        "unit": "percent",
        "direction": "higher",
        "decimals": 1,
        "numerator": kita.pk,
        "numerator_filter": "age=0-2; migration=mh",
        "denominator": population.pk,
        "denominator_filter": "age=0-2; migration=mh",
        "denominator_year_offset": 0,
        "breakdown": "",
        "breakdown_in_denominator": "on",
        "series": "",
        "is_published": "on",
        "position": 200,
        "name_de": "Betreuungsquote",
    }
    return {**data, **overrides}


def test_an_indicator_mixing_definitions_is_refused_with_the_reason(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/monitoring/indikatoren/neu/", indicator_form(mannheim)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "mixes definitions" in errors or "vermischt" in errors
    with scope(municipality=mannheim):
        assert not Indicator.objects.filter(municipality=mannheim, key="kita-beteiligung").exists()


def test_a_filter_that_does_not_fit_the_figure_is_refused(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/monitoring/indikatoren/neu/",
        indicator_form(mannheim, denominator_filter="age=1-4"),
    )
    errors = " ".join(response.context["form"].non_field_errors())
    assert "1-4" in errors


def test_a_filter_in_the_wrong_form_is_a_field_error(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/monitoring/indikatoren/neu/",
        indicator_form(mannheim, numerator_filter="herkunft=türkei"),
    )
    assert response.context["form"].errors["numerator_filter"]


def test_a_valid_indicator_is_saved_computed_and_published(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/monitoring/indikatoren/neu/",
        indicator_form(mannheim, denominator_filter="age=0-2"),
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        indicator = Indicator.objects.get(municipality=mannheim, key="kita-beteiligung")
        assert (
            IndicatorValue.objects.filter(indicator=indicator, area=None, year=2022).get().value > 0
        )
    assert (
        signed_in_client("admin@mannheim.example")
        .get("/mannheim/monitoring/indikatoren/kita-beteiligung/")
        .status_code
        == 200
    )


def test_a_stricter_rule_hides_more_at_once(mannheim) -> None:
    with scope(municipality=mannheim):
        table = FigureTable.objects.get(
            municipality=mannheim, figure__key="foreign_nationality", year=2022
        )
        before = table.symbols.count("p")
        source = table.figure.source
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        f"/mannheim/verwaltung/monitoring/quellen/{source.pk}/",
        {
            "name": source.name,
            "publisher": source.publisher,
            "url": "",
            "min_count": 20,
            "protection": 3,
            "rounding": 1,
            "licence": source.licence,
            "attribution": "",
        },
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        table.refresh_from_db()
        assert table.symbols.count("p") > before
        hidden_values = [v for v, s in zip(table.values, table.symbols, strict=True) if s == "p"]
        assert max(hidden_values) < 20


def test_boundaries_are_matched_by_code_all_or_nothing(bamberg) -> None:
    client = signed_in_client("admin@bamberg.example")
    square = {
        "type": "Polygon",
        "coordinates": [[[10.88, 49.89], [10.89, 49.89], [10.89, 49.9], [10.88, 49.89]]],
    }
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": "01"}, "geometry": square},
            {"type": "Feature", "properties": {"name": "Gereuth"}, "geometry": square},
        ],
    }
    response = client.post(
        "/bamberg/verwaltung/monitoring/gebiete/",
        {
            "action": "boundaries",
            "grenzen-file": SimpleUploadedFile("grenzen.geojson", json.dumps(collection).encode()),
        },
    )
    assert response.status_code == 302
    with scope(municipality=bamberg):
        assert Area.objects.filter(municipality=bamberg, boundary__isnull=False).count() == 2
    collection["features"].append(
        {"type": "Feature", "properties": {"code": "99"}, "geometry": square}
    )
    refused = client.post(
        "/bamberg/verwaltung/monitoring/gebiete/",
        {
            "action": "boundaries",
            "grenzen-file": SimpleUploadedFile("grenzen.geojson", json.dumps(collection).encode()),
        },
    )
    assert refused.status_code == 200
    assert "99" in " ".join(refused.context["boundary_form"].errors["file"])
    broken = client.post(
        "/bamberg/verwaltung/monitoring/gebiete/",
        {
            "action": "boundaries",
            "grenzen-file": SimpleUploadedFile("x.geojson", b"{not json"),
        },
    )
    assert broken.context["boundary_form"].errors["file"]


def pending(email: str, municipality) -> dict[str, int]:
    from django.test import RequestFactory

    from querschnitt.accounts.models import User
    from querschnitt.core.worklist import pending_work

    request = RequestFactory().get("/")
    request.user = User.objects.get(email=email)
    # as django-otp's middleware marks a session that passed the second factor
    request.user.is_verified = lambda: True  # type: ignore[attr-defined]
    request.municipality = municipality  # type: ignore[attr-defined]
    with scope(municipality=municipality):
        return {
            str(item.label): item.count
            for item in pending_work(request)
            if item.section == "Monitoring"
        }


def test_pending_monitoring_work_for_the_staff_overview(mannheim) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert pending("admin@mannheim.example", mannheim) == {"Integration reports in draft": 1}
        with scope(municipality=mannheim):
            ImportRun.objects.create(
                municipality=mannheim, kind="table", state="failed", file_name="x.csv"
            )
            ImportRun.objects.create(
                municipality=mannheim, kind="table", state="checked", file_name="y.csv"
            )
        assert pending("dienststelle@mannheim.example", mannheim) == {
            "Imports waiting for confirmation": 1,
            "Imports refused for errors": 1,
        }
        assert pending("gremium@mannheim.example", mannheim) == {}


def test_a_liaison_imports_but_does_not_define(mannheim) -> None:
    client = signed_in_client("dienststelle@mannheim.example")
    assert client.get("/mannheim/verwaltung/monitoring/import/").status_code == 200
    assert client.get("/mannheim/verwaltung/monitoring/indikatoren/neu/").status_code == 403
    with scope(municipality=mannheim):
        source = Source.objects.filter(municipality=mannheim).first()
    assert (
        client.post(
            f"/mannheim/verwaltung/monitoring/quellen/{source.pk}/", {"min_count": 1}
        ).status_code
        == 403
    )


def test_deleting_an_indicator_asks_first_on_the_confirm_page(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    client.post(
        "/mannheim/verwaltung/monitoring/indikatoren/neu/",
        indicator_form(mannheim, denominator_filter="age=0-2"),
    )
    with scope(municipality=mannheim):
        indicator = Indicator.objects.get(municipality=mannheim, key="kita-beteiligung")
    url = f"/mannheim/verwaltung/monitoring/indikatoren/{indicator.pk}/loeschen/"
    for asked in (client.get(url), client.post(url)):
        page = asked.content.decode()
        assert asked.status_code == 200
        assert "Den Indikator „Betreuungsquote“ löschen?" in page
        assert "Seine öffentliche Seite und seine Downloads verschwinden." in page
        assert '<input type="hidden" name="bestaetigt" value="1">' in page
    with scope(municipality=mannheim):
        assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert client.post(url, {"bestaetigt": "1"}).status_code == 302
    with scope(municipality=mannheim):
        assert not Indicator.objects.filter(pk=indicator.pk).exists()
        assert not IndicatorValue.objects.filter(indicator_id=indicator.pk).exists()
