"""Reads of the monitoring: what the public pages, downloads, the API and reports show.

Only published indicators, and only their computed values (which come from published cells);
never a figure's true counts. Every function runs a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.monitoring import page_reads
from querschnitt.monitoring.dimensions import DEFINITION_EXPLANATIONS, Definition
from querschnitt.monitoring.indicators import category_name, indicator_definitions
from querschnitt.monitoring.models import Area, FigureTable, Indicator, IndicatorValue
from querschnitt.monitoring.page_reads import AreaRow, ValueRow


def symbol_explanations() -> dict[str, str]:
    return {
        ".": _("hidden for confidentiality"),
        "-": _("nothing (exactly zero)"),
        "x": _("not meaningful: the base is zero"),
    }


def localised(value: float, decimals: int, language: str | None = None) -> str:
    """A number in the active language's format, rounded half up (Django's number_format
    cuts floats off instead of rounding them). `language`: the active language, where the
    caller has looked it up once for many numbers (each look-up costs about as much as
    finding the remembered text)."""
    return _localised(value, decimals, language or get_language())


@lru_cache(maxsize=8192)
def _localised(value: float, decimals: int, language: str | None) -> str:
    # An indicator page writes the same few hundred numbers for every visitor (~10 µs each):
    # remembered per language, which is all the format depends on besides the settings.
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def shown(value: float | None, symbol: str, decimals: int, language: str | None = None) -> str:
    """A value as tables show it: the number, or its symbol."""
    if symbol in (".", "x", "-"):
        return symbol
    if value is None:
        return "."
    return localised(value, decimals, language)


@dataclass
class Cell:
    value: float | None
    symbol: str
    text: str
    numerator: float | None = None
    denominator: float | None = None

    @property
    def explanation(self) -> str:
        return symbol_explanations().get(self.symbol, "")

    @property
    def numerator_text(self) -> str:
        return count_text(self.numerator)

    @property
    def denominator_text(self) -> str:
        return count_text(self.denominator)


def count_text(value: float | None, language: str | None = None) -> str:
    if value is None:
        return "."
    return localised(value, 0, language)


def cell(
    value: IndicatorValue | ValueRow | None, decimals: int, language: str | None = None
) -> Cell:
    if value is None:
        return Cell(None, ".", "–")
    return Cell(
        value.value if not value.symbol else None,
        value.symbol,
        shown(value.value, value.symbol, decimals, language),
        value.numerator,
        value.denominator,
    )


def published_indicators(*, municipality: Municipality) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(municipality=municipality, is_published=True)
        .select_related("numerator__source", "denominator__source")
        .order_by("position", "key")
    )


def indicator_for_page(*, municipality: Municipality, key: str) -> Indicator | None:
    return published_indicators(municipality=municipality).filter(key=key).first()


def areas_of(*, municipality: Municipality, boundaries: bool = False) -> list[Area]:
    areas = Area.objects.filter(municipality=municipality).order_by("code")
    return list(areas if boundaries else areas.defer("boundary"))


@dataclass
class IndicatorData:
    """Every value of one indicator, arranged for pages, downloads and reports."""

    indicator: Indicator
    values: dict[tuple[int, int | None, str, str], IndicatorValue | ValueRow]
    years: list[int]
    areas: list[Area | AreaRow]
    series: list[tuple[str, str]]
    categories: list[tuple[str, str]]
    definitions: list[dict[str, str]] = field(default_factory=list)

    def get(
        self,
        year: int,
        area: Area | AreaRow | None,
        series: str = "",
        category: str = "",
        language: str | None = None,
    ) -> Cell:
        key = (year, area.pk if area else None, series, category)
        return cell(self.values.get(key), self.indicator.decimals, language)

    @property
    def latest(self) -> int | None:
        return self.years[-1] if self.years else None

    @property
    def has_districts(self) -> bool:
        return any(key[1] is not None for key in self.values)


def series_label(series: dict[str, Any], language: str | None = None) -> str:
    return translate(series.get("label") or {}, language).text


def indicator_data(
    *,
    indicator: Indicator,
    areas: Sequence[Area | AreaRow],
    values: Iterable[IndicatorValue | ValueRow] | None = None,
    labels: dict[str, dict[str, str]] | None = None,
) -> IndicatorData:
    if values is None:
        values = IndicatorValue.objects.filter(
            municipality=indicator.municipality_id, indicator=indicator
        )
    found = {(v.year, v.area_id, v.series, v.category): v for v in values}
    years = sorted({key[0] for key in found})
    present_areas = {key[1] for key in found}
    if labels is None:
        labels = figure_labels(municipality=indicator.municipality_id, figures=[indicator])[
            indicator.numerator_id
        ]
    categories_seen = list(dict.fromkeys(key[3] for key in found))
    return IndicatorData(
        indicator=indicator,
        values=found,
        years=years,
        areas=[area for area in areas if area.pk in present_areas],
        series=[(s.get("key", ""), series_label(s)) for s in indicator.series_list()],
        categories=[
            (code, category_name(indicator, code, labels)) for code in categories_seen if code
        ],
        definitions=[
            {"name": str(Definition(d).label), "explanation": str(DEFINITION_EXPLANATIONS[d])}
            for d in indicator_definitions(indicator)
        ],
    )


def figure_labels(
    *, municipality: Municipality | int, figures: list[Indicator]
) -> dict[int, dict[str, dict[str, str]]]:
    """The imported names of open categories ("category") of the indicators' numerators; one
    query, and none if no indicator is broken down by an open dimension."""
    found: dict[int, dict[str, dict[str, str]]] = defaultdict(dict)
    wanted = [i.numerator_id for i in figures if i.breakdown == "category"]
    if wanted:
        tables = FigureTable.objects.filter(municipality=municipality, figure__in=wanted)
        for table in tables.only("figure_id", "labels").order_by("year"):
            for dim, names in (table.labels or {}).items():
                found[table.figure_id].setdefault(dim, {}).update(names)
    return found


def overview(rows: page_reads.OverviewRows) -> list[dict[str, Any]]:
    """Published indicators by topic, each with its latest value for the whole municipality
    (of the rows read by plain SQL: `page_reads.overview_rows`)."""
    language = get_language()
    indicators = page_reads.overview_indicators_of(rows.indicators)
    first_series = {i.pk: i.series_list()[0] for i in indicators}
    latest = page_reads.latest_city_values_of(
        rows.values, {pk: series.get("key", "") for pk, series in first_series.items()}
    )
    topics: dict[str, dict[str, Any]] = {}
    for indicator in indicators:
        topic = topics.get(indicator.topic)
        if topic is None:
            topic = topics[indicator.topic] = {
                "key": indicator.topic,
                "label": indicator.get_topic_display(),
                "items": [],
            }
        value = latest.get(indicator.pk)
        topic["items"].append(
            {
                "indicator": indicator,
                "value": cell(value, indicator.decimals, language) if value else None,
                "year": value.year if value else None,
                "series": series_label(first_series[indicator.pk], language),
            }
        )
    return list(topics.values())


def area_profile(*, municipality: Municipality, area: Area) -> list[dict[str, Any]]:
    """Every published indicator for one district beside the whole municipality, latest year."""
    indicators = list(published_indicators(municipality=municipality))
    values = IndicatorValue.objects.filter(
        Q(area=area) | Q(area__isnull=True),
        municipality=municipality,
        indicator__in=[i.pk for i in indicators],
    )
    labels = figure_labels(municipality=municipality, figures=indicators)
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        by_indicator[value.indicator_id].append(value)
    rows = []
    for indicator in indicators:
        data = indicator_data(
            indicator=indicator,
            areas=[area],
            values=by_indicator[indicator.pk],
            labels=labels[indicator.numerator_id],
        )
        if not data.has_districts or data.latest is None:
            continue
        year = data.latest
        lines = []
        for category, category_label in data.categories or [("", "")]:
            for series, label in data.series:
                lines.append(
                    {
                        "label": " – ".join(part for part in (category_label, label) if part),
                        "district": data.get(year, area, series, category),
                        "city": data.get(year, None, series, category),
                    }
                )
        rows.append({"indicator": indicator, "year": year, "lines": lines})
    return rows
