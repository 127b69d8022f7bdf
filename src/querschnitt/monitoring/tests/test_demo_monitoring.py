"""The demo matches the published figures, and the published tables of the demo resist an
attack by linear programs: every hidden cell's range, from all published cells of its table
together (district × sex × age group × migration with every margin), is at least as wide as the
source's protection interval."""

import numpy as np
import pytest
from django_scopes import scope

from querschnitt.monitoring.extract_format import FIGURES
from querschnitt.monitoring.models import Area, FigureTable, ImportRun, Indicator, IndicatorValue
from querschnitt.monitoring.services.computation import shared_links, stored_cube
from querschnitt.monitoring.tests.attack import Published, hidden_ranges, joint_hidden_ranges

pytestmark = pytest.mark.django_db


def city_value(municipality, key: str, year: int = 2022, **filters) -> IndicatorValue:
    with scope(municipality=municipality):
        return IndicatorValue.objects.get(
            municipality=municipality, indicator__key=key, year=year, area=None, **filters
        )


def test_mannheim_matches_the_published_figures(mannheim) -> None:
    assert city_value(mannheim, "einwohner").value == 325_691
    share = city_value(mannheim, "migrationshintergrund")
    assert share.numerator == 155_591
    assert share.value is not None
    assert round(share.value, 1) == 47.8
    with scope(municipality=mannheim):
        assert Area.objects.filter(municipality=mannheim).count() == 17
        years = set(
            FigureTable.objects.filter(municipality=mannheim, figure__key="population").values_list(
                "year", flat=True
            )
        )
        nationalities = (
            IndicatorValue.objects.filter(
                municipality=mannheim, indicator__key="staatsangehoerigkeiten", year=2022, area=None
            )
            .exclude(category__in=["EU_OTHER", "OTHER"])
            .order_by("-value")
        )
        largest = [value.category for value in nationalities[:3]]
    assert years == {2020, 2021, 2022}
    assert largest == ["TR", "PL", "IT"]


def test_bamberg_has_about_78000_residents(bamberg) -> None:
    residents = city_value(bamberg, "einwohner").value
    assert residents is not None
    assert 77_000 < residents < 79_000


@pytest.mark.parametrize("slug", ["mannheim", "bamberg"])
def test_every_standard_indicator_is_computed_and_there_is_a_report(
    slug: str, mannheim, bamberg
) -> None:
    municipality = mannheim if slug == "mannheim" else bamberg
    with scope(municipality=municipality):
        keys = set(
            Indicator.objects.filter(municipality=municipality).values_list("key", flat=True)
        )
        assert len(keys) == 16
        assert municipality.reports.get().sections.count() >= 8
        assert ImportRun.objects.filter(municipality=municipality, state="applied").count() == 9


def published_and_hidden(
    table: FigureTable,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    shape = [len(c) + 1 for c in table.categories]
    values = np.array(table.values).reshape(shape)
    shown = np.array([0 if v is None else v for v in table.shown]).reshape(shape)
    symbols = np.array(list(table.symbols)).reshape(shape)
    hidden = np.isin(symbols, ["p", "s"])
    return values, shown, hidden, symbols == "-"


@pytest.mark.parametrize(
    ("slug", "figure", "year"),
    [
        ("bamberg", "population", 2022),
        ("bamberg", "foreign_nationality", 2021),
        ("mannheim", "foreign_nationality", 2022),
    ],
)
def test_the_demo_tables_resist_the_attack(slug: str, figure: str, year: int) -> None:
    table = (
        FigureTable.objects.with_scopes_disabled()
        .select_related("figure__source")
        .get(municipality__slug=slug, figure__key=figure, year=year)
    )
    values, shown, hidden, zero = published_and_hidden(table)
    assert hidden.any(), "the demo should have something to protect here"
    source = table.figure.source
    ranges = hidden_ranges(shown, hidden.astype(np.int8), zero=zero, rounding=source.rounding)
    assert len(ranges) == hidden.sum()
    narrow = [found for found in ranges if found.width < source.protection - 1e-6]
    assert narrow == []
    for found in ranges:
        assert found.low - 1e-6 <= values[found.cell] <= found.high + 1e-6


@pytest.mark.parametrize(("slug", "year"), [("bamberg", 2022), ("mannheim", 2021)])
def test_all_register_tables_of_a_demo_year_resist_the_joint_attack(slug: str, year: int) -> None:
    """The attacker downloads every table counted from the register in one year and joins
    them on the margins they share (`extract_format.SHARED_MARGINS`)."""
    tables = list(
        FigureTable.objects.with_scopes_disabled()
        .select_related("figure__source")
        .filter(municipality__slug=slug, figure__key__in=list(FIGURES), year=year)
        .order_by("figure__key")
    )
    assert len(tables) == 4
    links = shared_links([(t.figure.key, stored_cube(t)) for t in tables])
    assert len(links) == 3
    published, values = [], []
    for table in tables:
        value, shown, hidden, zero = published_and_hidden(table)
        published.append(
            Published(shown, hidden.astype(np.int8), zero, table.figure.source.rounding)
        )
        values.append(value)
    protection = max(table.figure.source.protection for table in tables)
    ranges = joint_hidden_ranges(published, links, wide=protection)
    assert ranges, "the demo should have something to protect here"
    for found in ranges:
        value = values[found.table][found.cell]
        assert found.low - 1e-6 <= value <= found.high + 1e-6 or not found.exact
        assert found.width >= tables[found.table].figure.source.protection - 1e-6, found
