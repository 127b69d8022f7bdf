"""The public monitoring: what it shows, that no hidden count leaves the office in any page,
download or API answer, tenancy, and a constant number of queries."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope
from openpyxl import load_workbook

from querschnitt.core import selectors, versioned
from querschnitt.core.tests.audit_pages import audited_pages
from querschnitt.monitoring.models import FigureTable, Indicator, IndicatorValue
from querschnitt.monitoring.services.computation import indicators_recompute

pytestmark = pytest.mark.django_db


def german() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="de")


def test_the_overview_lists_the_indicators_with_their_latest_values() -> None:
    page = german().get("/mannheim/monitoring/").content.decode()
    assert "Anteil der Bevölkerung mit Migrationshintergrund" in page
    assert "47,8" in page  # 155,591 of 325,691 on 31 Dec 2022
    assert "325.691" in page


def test_an_indicator_page_has_definition_chart_table_districts_map_and_downloads() -> None:
    page = german().get("/mannheim/monitoring/indikatoren/migrationshintergrund/").content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3  # time, districts, map
    assert 'role="img"' in page
    assert "<desc" in page
    assert "Migrationshintergrund, kommunale Statistik (MigraPro)" in page
    assert "Kommunale Statistikstelle Mannheim" in page
    assert "Neckarstadt-West" in page
    assert "/mannheim/monitoring/indikatoren/migrationshintergrund.csv" in page
    assert "Warum es wichtig ist" in page or "Why it matters" in page


def test_bamberg_has_no_boundaries_and_so_no_map() -> None:
    page = german().get("/bamberg/monitoring/indikatoren/migrationshintergrund/").content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2


def test_a_choice_of_year_series_and_category() -> None:
    client = german()
    page = client.get(
        "/mannheim/monitoring/indikatoren/staatsangehoerigkeiten/?jahr=2021&kategorie=PL"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="2021" selected>' in html
    assert '<option value="PL" selected>' in html
    assert "Stadtbezirke im Vergleich, 2021: Polen" in html
    nonsense = client.get(
        "/mannheim/monitoring/indikatoren/staatsangehoerigkeiten/?jahr=abc&kategorie=ZZ"
    )
    assert nonsense.status_code == 200
    assert "Stadtbezirke im Vergleich, 2022: Türkei" in nonsense.content.decode()


def test_an_unknown_or_unpublished_indicator_is_not_found(
    mannheim, django_capture_on_commit_callbacks
) -> None:
    client = german()
    assert client.get("/mannheim/monitoring/indikatoren/gibt-es-nicht/").status_code == 404
    assert client.get("/mannheim/monitoring/indikatoren/auslaenderanteil/").status_code == 200
    with scope(municipality=mannheim), django_capture_on_commit_callbacks(execute=True):
        indicator = Indicator.objects.get(municipality=mannheim, key="auslaenderanteil")
        indicator.is_published = False
        indicator.save()
    assert client.get("/mannheim/monitoring/indikatoren/auslaenderanteil/").status_code == 404
    assert client.get("/mannheim/monitoring/indikatoren/auslaenderanteil.csv").status_code == 404
    assert client.get("/api/v1/mannheim/indicators/auslaenderanteil").status_code == 404


def test_the_district_profile_gathers_every_indicator() -> None:
    page = german().get("/mannheim/monitoring/gebiete/02/")
    assert page.status_code == 200
    rows = page.context["rows"]
    keys = {row["indicator"].key for row in rows}
    assert {"migrationshintergrund", "arbeitslosigkeit", "staatsangehoerigkeiten"} <= keys
    assert german().get("/mannheim/monitoring/gebiete/99/").status_code == 404


def test_segregation_over_the_years() -> None:
    page = german().get("/mannheim/monitoring/segregation/")
    rows = page.context["rows"]
    assert [row["label"] for row in rows][:2] == [
        "Ausländerinnen und Ausländer",
        "Menschen mit Migrationshintergrund",
    ] or len(rows) >= 2
    assert page.context["years"] == [2020, 2021, 2022]
    assert all(re.fullmatch(r"0,\d{3}|\.", value) for row in rows for value in row["values"])


def hidden_cells(municipality_slug: str) -> list[tuple[str, int, int]]:
    """(figure key, year, true count) of every hidden inner cell of a municipality."""
    found = []
    for table in (
        FigureTable.objects.with_scopes_disabled()
        .filter(municipality__slug=municipality_slug)
        .select_related("figure")
    ):
        for value, symbol in zip(table.values, table.symbols, strict=True):
            if symbol in "ps":
                found.append((table.figure.key, table.year, value))
    return found


def test_the_demo_has_hidden_cells_to_protect() -> None:
    hidden = hidden_cells("mannheim")
    assert any(value in (1, 2) for _key, _year, value in hidden)


def test_no_hidden_count_is_published_in_a_download_or_the_api(mannheim) -> None:
    """Every value in the nationality table's download and API answer is computed from
    published cells: where a district's count is hidden, the value is empty with "."."""
    client = german()
    with scope(municipality=mannheim):
        table = FigureTable.objects.get(
            municipality=mannheim, figure__key="foreign_nationality", year=2022
        )
    shape = [len(c) + 1 for c in table.categories]
    hidden = {
        (table.categories[0][a] if a < shape[0] - 1 else "", table.categories[1][n])
        for index, symbol in enumerate(table.symbols)
        if symbol in "ps"
        for a, n in [divmod(index, shape[1])]
        if n < shape[1] - 1
    }
    assert hidden
    csv_rows = (
        client.get("/mannheim/monitoring/indikatoren/staatsangehoerigkeiten.csv")
        .content.decode()
        .splitlines()
    )
    published = {}
    for line in csv_rows[1:]:
        year, area, _name, _group, _category_label, value, symbol, *_rest = line.split(",")
        if year == "2022":
            published[(area, _category_label)] = (value, symbol)
    api = client.get(
        "/api/v1/mannheim/indicators/staatsangehoerigkeiten/values?year=2022&limit=1000"
    ).json()
    by_code = {(v["area"] if v["area"] != "_T" else "", v["category"]): v for v in api["data"]}
    for area, code in hidden:
        value = by_code[(area, code)]
        assert value["value"] is None
        assert value["symbol"] == "."
        assert value["numerator"] is None
    workbook = load_workbook(
        io.BytesIO(
            client.get("/mannheim/monitoring/indikatoren/staatsangehoerigkeiten.xlsx").content
        )
    )
    sheet = workbook.active
    symbols = [
        row[6] for row in sheet.iter_rows(min_row=5, values_only=True) if row and row[0] == 2022
    ]
    assert symbols.count(".") == sum(1 for v in api["data"] if v["symbol"] == ".")


def test_no_hidden_count_appears_on_a_district_page(mannheim) -> None:
    """The page of the nationality indicator for a district with hidden cells shows "."."""
    with scope(municipality=mannheim):
        hidden = (
            IndicatorValue.objects.filter(
                municipality=mannheim,
                indicator__key="staatsangehoerigkeiten",
                symbol=".",
                year=2022,
            )
            .select_related("area")
            .first()
        )
    assert hidden is not None
    page = german().get(f"/mannheim/monitoring/gebiete/{hidden.area.code}/").content.decode()
    assert "vertraulich" in page or "Geheimhaltung" in page or "confidential" in page


def test_bamberg_figures_are_invisible_through_mannheim(bamberg) -> None:
    with scope(municipality=bamberg):
        value = IndicatorValue.objects.filter(
            municipality=bamberg, indicator__key="einwohner", area=None, year=2022
        ).get()
    client = german()
    mannheim_pages = [
        client.get("/mannheim/monitoring/").content.decode(),
        client.get("/mannheim/monitoring/indikatoren/einwohner/").content.decode(),
        client.get("/mannheim/monitoring/indikatoren/einwohner.csv").content.decode(),
        json.dumps(client.get("/api/v1/mannheim/indicators/einwohner/values?limit=1000").json()),
        client.get("/mannheim/monitoring/catalog.ttl").content.decode(),
    ]
    bamberg_total = f"{int(value.value):,}".replace(",", ".")
    for content in mannheim_pages:
        assert bamberg_total not in content
        assert str(int(value.value)) not in content
    assert "Gaustadt" not in "".join(mannheim_pages)
    assert client.get("/mannheim/monitoring/gebiete/07/").context["area"].name == "Schönau"


def query_count(path: str) -> int:
    cache.clear()
    selectors._recent.clear()
    versioned.forget()  # what a page reads on the first request after a change
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200, path
    return len(queries)


PAGES = [
    "/mannheim/monitoring/",
    "/mannheim/monitoring/indikatoren/migrationshintergrund/",
    "/mannheim/monitoring/indikatoren/altersstruktur/",
    "/mannheim/monitoring/gebiete/01/",
    "/mannheim/monitoring/segregation/",
    "/mannheim/monitoring/catalog.ttl",
    "/api/v1/mannheim/indicators",
]


def test_pages_need_the_same_number_of_queries_whatever_the_data(mannheim) -> None:
    small = {path: query_count(path) for path in PAGES}
    with scope(municipality=mannheim):
        # ten more indicators and a fourth year of values
        template = Indicator.objects.get(municipality=mannheim, key="auslaenderanteil")
        for n in range(10):
            template.pk = None
            template.key = f"kopie-{n}"
            template.save()
        for table in FigureTable.objects.filter(municipality=mannheim, year=2022):
            table.pk = None
            table.year = 2023
            table.save()
        indicators_recompute(municipality=mannheim)
    large = {path: query_count(path) for path in PAGES}
    assert large == small
    assert small["/mannheim/monitoring/"] <= 8
    assert small["/mannheim/monitoring/indikatoren/migrationshintergrund/"] <= 8


def test_every_public_page_type_describes_itself() -> None:
    import html as markup

    pages = [
        "/mannheim/monitoring/",
        "/mannheim/monitoring/indikatoren/migrationshintergrund/",
        "/mannheim/monitoring/gebiete/",
        "/mannheim/monitoring/gebiete/01/",
        "/mannheim/monitoring/segregation/",
        "/mannheim/monitoring/methode/",
        "/mannheim/monitoring/berichte/",
    ]
    generic = "Integration und Migration in Mannheim: das Integrationsbüro"
    found = {}
    for path in pages:
        page = german().get(path).content.decode()
        text = re.search(r'<meta name="description" content="([^"]*)"', page)
        assert text is not None, path
        found[path] = markup.unescape(text[1])
    assert all(text and generic not in text for text in found.values()), found
    assert len(set(found.values())) == len(pages)
    assert "Innenstadt/Jungbusch" in found["/mannheim/monitoring/gebiete/01/"]


def test_a_german_name_stays_beside_its_label_in_arabic() -> None:
    client = Client()
    client.cookies["qs_language"] = "ar"
    page = client.get("/mannheim/monitoring/gebiete/01/").content.decode()
    # the heading keeps the page's direction; only the name inside it reads left to right
    assert '<h1 class="kern-heading-large"><bdi lang="de" dir="ltr">Innenstadt/Jungbusch' in page
    page = client.get("/mannheim/monitoring/indikatoren/einwohner/").content.decode()
    assert re.search(r'<h1 class="kern-heading-large"><span lang="de" dir="ltr">', page)


def test_a_choice_that_is_none_leads_with_the_error_summary_and_shows_the_default() -> None:
    url = "/mannheim/monitoring/indikatoren/migrationshintergrund/"
    page = german().get(url, {"jahr": "1900"}).content.decode()
    assert "data-qs-error-summary" in page
    assert 'href="#id_jahr"' in page
    assert "47,8" in page  # the latest year, as without a choice
    # a choice left out (an old bookmark) falls back quietly; no field says "optional"
    quiet = german().get(url, {"jahr": "2022"}).content.decode()
    assert "data-qs-error-summary" not in quiet
    assert "optional" not in quiet


def test_make_audit_runs_lighthouse_over_every_public_page_type() -> None:
    pages = audited_pages()
    page_types = {
        "monitoring:overview",
        "monitoring:indicator",
        "monitoring:areas",
        "monitoring:area",
        "monitoring:segregation",
        "monitoring:method",
        "monitoring:reports",
    }
    assert page_types <= set(pages), page_types - set(pages)
    for name in page_types:
        assert german().get(pages[name]).status_code == 200, pages[name]
