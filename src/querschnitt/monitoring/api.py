"""JSON API of the monitoring: published indicators and their values.

Only what the public pages show: published indicators, values computed from published cells
(a hidden value is `null` with its symbol), never a figure's true counts. Lists are paged by
key. The municipality comes from the URL (resolved by the middleware, 404 if unknown).
"""

from typing import Annotated, Any

from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from pydantic import StringConstraints

from querschnitt.api import ERRORS, input_error
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.translation import translate
from querschnitt.monitoring.dimensions import Definition
from querschnitt.monitoring.indicators import category_name, indicator_definitions
from querschnitt.monitoring.models import Indicator, IndicatorValue
from querschnitt.monitoring.selectors import published_indicators, series_label

router = Router()

Key = Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]+$", max_length=60)]
MUNICIPALITY = Path(..., description="Address of the municipality, e.g. `mannheim`.")
INDICATOR_KEY = Path(..., description="Address of the indicator, e.g. `migrationshintergrund`.")
INDICATOR_CURSOR = "querschnitt.api.indicators.cursor"
VALUE_CURSOR = "querschnitt.api.indicator-values.cursor"


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000, description="Number of entries per page.")
    cursor: str | None = Field(
        None, max_length=1000, description="Opaque position of the page; take it from `next`."
    )


class ValueFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200, description="Only this year.")
    area: str | None = Field(
        None,
        max_length=20,
        pattern=r"^[-A-Za-z0-9_]+$",
        description="Only this district (its code); `_T` for the whole municipality.",
    )


class SeriesOut(Schema):
    key: str
    label: str


def one_of(values: Any) -> Any:
    """A string field that takes one of `values`, described inline: ninja names a component
    schema after its enum class, and another app's enum of the same name would replace it."""
    return Field(json_schema_extra={"enum": [str(value) for value in values]})


class DefinitionOut(Schema):
    code: str = one_of(Definition.values)
    label: str


class IndicatorOut(Schema):
    """A published indicator: what it measures, how, and from which sources."""

    key: str
    code: str = Field(description="Code in the Länder set of integration indicators, if any.")
    name: str
    description: str
    relevance: str
    method: str
    topic: str = one_of(Indicator.Topic.values)
    unit: str = one_of(Indicator.Unit.values)
    direction: str = one_of(Indicator.Direction.values)
    decimals: int
    breakdown: str | None = Field(description="The dimension the values are broken down by.")
    series: list[SeriesOut]
    definitions: list[DefinitionOut] = Field(description="Definitions of migration background.")
    sources: list[str]
    web: str = Field(json_schema_extra={"format": "uri"})
    values: str = Field(description="Address of the values.", json_schema_extra={"format": "uri"})


class IndicatorPage(Schema):
    data: list[IndicatorOut]
    next: str | None = Field(json_schema_extra={"format": "uri"})


class ValueOut(Schema):
    """One published value. Hidden, zero or meaningless values carry a symbol: `.` hidden for
    confidentiality (value null), `-` exactly zero, `x` not meaningful (base zero)."""

    year: int
    area: str = Field(description="Code of the district; `_T` for the whole municipality.")
    area_name: str
    series: str
    category: str
    category_label: str
    value: float | None
    symbol: str
    numerator: float | None = Field(description="The published count above the line.")
    denominator: float | None = Field(description="The published count below the line.")


class ValuePage(Schema):
    data: list[ValueOut]
    next: str | None = Field(json_schema_extra={"format": "uri"})


def _cursor(page: Page, salt: str) -> Any:
    if page.cursor is None:
        return None
    try:
        return signing.loads(page.cursor, salt=salt)
    except signing.BadSignature as error:
        raise input_error(
            "cursor", "This cursor is not valid here; take it from `next`."
        ) from error


def _next(request: HttpRequest, value: Any, salt: str) -> str:
    params = request.GET.copy()
    params["cursor"] = signing.dumps(value, salt=salt)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _indicator_out(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    municipality = request.municipality  # type: ignore[attr-defined]
    sources = [indicator.numerator.source.name]
    if indicator.denominator is not None and indicator.denominator.source.name not in sources:
        sources.append(indicator.denominator.source.name)
    return {
        "key": indicator.key,
        "code": indicator.code,
        "name": translate(indicator.name).text,
        "description": translate(indicator.description).text,
        "relevance": translate(indicator.relevance).text,
        "method": translate(indicator.method).text,
        "topic": indicator.topic,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "decimals": indicator.decimals,
        "breakdown": indicator.breakdown or None,
        "series": [
            {"key": s.get("key", ""), "label": series_label(s)} for s in indicator.series_list()
        ],
        "definitions": [
            {"code": d, "label": str(Definition(d).label)} for d in indicator_definitions(indicator)
        ],
        "sources": sources,
        "web": request.build_absolute_uri(
            municipality_reverse(municipality, "monitoring:indicator", key=indicator.key)
        ),
        "values": request.build_absolute_uri(
            f"/api/v1/{municipality.slug}/indicators/{indicator.key}/values"
        ),
    }


@router.get(
    "/{municipality}/indicators",
    response={200: IndicatorPage, **ERRORS},
    operation_id="indicator_list",
    url_name="indicator_list",
    summary="Indicators of the integration monitoring",
    description="The published indicators, ordered by their address.",
    tags=["monitoring"],
)
def indicator_list(
    request: HttpRequest, page: Query[Page], municipality: str = MUNICIPALITY
) -> dict[str, Any]:
    after = _cursor(page, INDICATOR_CURSOR)
    if after is not None and not isinstance(after, str):
        raise input_error("cursor", "This cursor is not valid here; take it from `next`.")
    indicators: QuerySet[Indicator] = published_indicators(
        municipality=request.municipality  # type: ignore[attr-defined]
    ).order_by("key")
    if after:
        indicators = indicators.filter(key__gt=after)
    rows = list(indicators[: page.limit + 1])
    next_url = (
        _next(request, rows[page.limit - 1].key, INDICATOR_CURSOR)
        if len(rows) > page.limit
        else None
    )
    return {"data": [_indicator_out(request, i) for i in rows[: page.limit]], "next": next_url}


def _published(request: HttpRequest, key: str) -> Indicator:
    indicator = published_indicators(municipality=request.municipality).filter(key=key).first()  # type: ignore[attr-defined]
    if indicator is None:
        raise Http404
    return indicator


@router.get(
    "/{municipality}/indicators/{key}",
    response={200: IndicatorOut, **ERRORS},
    operation_id="indicator_detail",
    url_name="indicator_detail",
    summary="One indicator",
    tags=["monitoring"],
)
def indicator_detail(
    request: HttpRequest, municipality: str = MUNICIPALITY, key: Key = INDICATOR_KEY
) -> dict[str, Any]:
    return _indicator_out(request, _published(request, key))


@router.get(
    "/{municipality}/indicators/{key}/values",
    response={200: ValuePage, **ERRORS},
    operation_id="indicator_values",
    url_name="indicator_values",
    summary="Values of an indicator",
    description="Every published value by year, area, series and category, paged by key.",
    tags=["monitoring"],
)
def indicator_values(
    request: HttpRequest,
    filters: Query[ValueFilters],
    page: Query[Page],
    municipality: str = MUNICIPALITY,
    key: Key = INDICATOR_KEY,
) -> dict[str, Any]:
    indicator = _published(request, key)
    after = _cursor(page, VALUE_CURSOR)
    if after is not None and not isinstance(after, int):
        raise input_error("cursor", "This cursor is not valid here; take it from `next`.")
    values = IndicatorValue.objects.filter(
        municipality=indicator.municipality_id, indicator=indicator
    ).select_related("area")
    if filters.year is not None:
        values = values.filter(year=filters.year)
    if filters.area == "_T":
        values = values.filter(area__isnull=True)
    elif filters.area:
        values = values.filter(area__code=filters.area)
    if after:
        values = values.filter(pk__gt=after)
    rows = list(values.order_by("pk")[: page.limit + 1])
    next_url = (
        _next(request, rows[page.limit - 1].pk, VALUE_CURSOR) if len(rows) > page.limit else None
    )
    return {
        "data": [
            {
                "year": v.year,
                "area": v.area.code if v.area else "_T",
                "area_name": v.area.name if v.area else str(request.municipality.name),  # type: ignore[attr-defined]
                "series": v.series,
                "category": v.category,
                "category_label": category_name(indicator, v.category) if v.category else "",
                "value": v.value if not v.symbol or v.symbol == "-" else None,
                "symbol": v.symbol,
                "numerator": v.numerator,
                "denominator": v.denominator,
            }
            for v in rows[: page.limit]
        ],
        "next": next_url,
    }
