"""The public monitoring: overview, a page per indicator, districts, segregation, method,
downloads and the open-data catalogue."""

from collections.abc import Callable
from typing import Any

from django.db import router
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.sql_rows import RawRows
from querschnitt.core.versioned import remembered
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.monitoring import charts, exports, indicator_rows, page_reads
from querschnitt.monitoring.dimensions import DEFINITION_EXPLANATIONS, Definition
from querschnitt.monitoring.models import Area, Indicator, Report
from querschnitt.monitoring.overview_rows import (
    area_links_markup,
    nav_markup,
    overview_markup,
    topics_markup,
)
from querschnitt.monitoring.presentation import IndicatorPage, SelectionForm
from querschnitt.monitoring.segregation import segregation
from querschnitt.monitoring.selectors import (
    area_profile,
    areas_of,
    figure_labels,
    indicator_data,
    indicator_for_page,
    overview,
    shown,
    symbol_explanations,
)


def content_markup(
    municipality: Municipality,
    name: str,
    build: Callable[[], SafeString],
    *,
    remember: bool = True,
) -> SafeString:
    """The markup of a page's content that is the same for every visitor: `build()`, once
    per municipality content version, language and URL map (`core.versioned`), so that an
    import or a changed definition shows on the next request. `name` says what else it
    depends on (the indicator)."""
    if not remember:
        return build()
    key = f"monitoring:{name}:{get_language()}:{get_script_prefix()}"
    return remembered(municipality, key, build)


def published_indicator(municipality: Municipality, key: str) -> Indicator | None:
    """The published indicator with this key, read once per content version (the instance
    shared by the requests of a process: read, never changed); the published keys are read
    first, so that no address can fill the memory."""
    keys = remembered(
        municipality,
        "monitoring:published-keys",
        lambda: page_reads.published_keys(municipality=municipality),
    )
    if key not in keys:
        return None
    return remembered(
        municipality, f"monitoring:published:{key}", lambda: kept_indicator(municipality, key)
    )


# The published indicators made, by the row they are made of (with the municipality's id):
# most changes of a municipality's data move its content version but leave the row as it was.
_kept_indicators: Kept[Indicator] = Kept(64)


def kept_indicator(municipality: Municipality, key: str) -> Indicator | None:
    """`page_reads.published_indicator`, the instance kept by its row and database."""
    row = page_reads.published_row(municipality=municipality, key=key)
    if row is None:
        return None
    using = router.db_for_read(Indicator)
    return _kept_indicators.get((using, row), lambda: page_reads.indicator_of(row, using))


@method_decorator(cache_public_page, name="get")
class Overview(MunicipalityMixin, TemplateView):
    template_name = "monitoring/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        municipality = self.municipality
        # as `content_markup` remembers it, written in Python (`overview_rows.overview_markup`)
        content = remembered(
            municipality,
            f"monitoring:overview:{get_language()}:{get_script_prefix()}",
            lambda: drawn_overview(municipality),
        )
        return super().get_context_data(**kwargs) | {"content": content}


def overview_context(municipality: Municipality, rows: page_reads.OverviewRows) -> dict[str, Any]:
    areas = page_reads.area_links_of(rows.areas)
    return {
        "topics_markup": topics_markup(overview(rows), municipality=municipality),
        "areas": areas,
        "areas_markup": area_links_markup(areas, municipality=municipality),
    }


# The overviews drawn, by all they are drawn from: most changes of a municipality's data move
# its content version but leave the overview's rows as they were.
_drawn_overviews: Kept[SafeString] = Kept(32)


def drawn_overview(municipality: Municipality) -> SafeString:
    """The overview's content as `overview_markup` writes it, kept by the rows it is drawn
    from (`page_reads.overview_rows`), the municipality's id and name and all it is written in
    (`core.kept.around`)."""
    rows = page_reads.overview_rows(municipality=municipality)
    key = (rows, municipality.pk, municipality.name, *around(municipality))
    return _drawn_overviews.get(
        key, lambda: overview_markup(municipality, **overview_context(municipality, rows))
    )


@method_decorator(cache_public_page, name="get")
class IndicatorView(MunicipalityMixin, TemplateView):
    template_name = "monitoring/indicator.html"

    def load_objects(self) -> None:
        indicator = published_indicator(self.municipality, self.kwargs["key"])
        if indicator is None:
            raise Http404
        self.indicator = indicator

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # a choice asked is rendered afresh: any query string would be a page to keep
        content = content_markup(
            self.municipality,
            f"indicator:{self.indicator.key}",
            lambda: indicator_content(self.municipality, self.indicator, self.request.GET),
            remember=not self.request.GET,
        )
        return super().get_context_data(**kwargs) | {
            "indicator": self.indicator,
            "content": content,
        }


def indicator_content(
    municipality: Municipality, indicator: Indicator, asked: QueryDict
) -> SafeString:
    """The content of an indicator's page as `indicator_rows.content_markup` writes it;
    without a choice asked, kept by all it is drawn from (`drawn_content`)."""
    areas = page_reads.stored_areas(municipality=municipality)
    values = page_reads.stored_values(indicator=indicator)
    labels = figure_labels(municipality=municipality, figures=[indicator])[indicator.numerator_id]

    def draw() -> SafeString:
        context = content_context(municipality, indicator, asked, areas, values, labels)
        return indicator_rows.content_markup(municipality, **context)

    stored = page_reads.stored_row(indicator)
    if asked or stored is None:
        return draw()
    key = (
        municipality.pk,
        stored,
        areas,
        values,
        tuple((dim, tuple(names.items())) for dim, names in labels.items()),
        *around(municipality),
    )
    return _drawn_content.get(key, draw)


def content_context(
    municipality: Municipality,
    indicator: Indicator,
    asked: QueryDict,
    areas: RawRows,
    values: RawRows,
    labels: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """What `monitoring/includes/indicator_content.html` shows, as `indicator_rows` writes
    it."""
    data = indicator_data(
        indicator=indicator,
        areas=page_reads.areas_of(areas),
        values=page_reads.values_of(values),
        labels=labels,
    )
    form = SelectionForm(asked or None, data=data)
    page = IndicatorPage(data, form.selection())
    return {
        "indicator": indicator,
        "data": data,
        "form": form,
        "page": page,
        "symbols": symbol_explanations(),
        "nav": mark_safe(nav_markup(municipality, "")),
    }


# The indicator pages' content drawn, by the rows of the indicator (with its figures and
# sources), of the municipality's districts and of the indicator's values as the database gave
# them, the names of its open categories, the municipality's id and all it is written in: most
# changes of a municipality's data move its content version but leave an indicator's rows as
# they were.
_drawn_content: Kept[SafeString] = Kept(64)


def indicator_download(request: HttpRequest, municipality: str, key: str, fmt: str) -> HttpResponse:
    """The values of an indicator as CSV or XLSX (published values only)."""
    if fmt not in exports.FORMATS:
        raise Http404
    indicator = indicator_for_page(municipality=request.municipality, key=key)  # type: ignore[attr-defined]
    if indicator is None:
        raise Http404
    data = indicator_data(indicator=indicator, areas=areas_of(municipality=indicator.municipality))
    return exports.indicator_response(data, fmt)


@method_decorator(cache_public_page, name="get")
class AreaList(MunicipalityMixin, TemplateView):
    template_name = "monitoring/areas.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "areas": areas_of(municipality=self.municipality)
        }


@method_decorator(cache_public_page, name="get")
class AreaProfile(MunicipalityMixin, TemplateView):
    template_name = "monitoring/area.html"

    def load_objects(self) -> None:
        self.area = get_object_or_404(
            Area.objects.filter(municipality=self.municipality), code=self.kwargs["code"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "area": self.area,
            "rows": area_profile(municipality=self.municipality, area=self.area),
            "symbols": symbol_explanations(),
        }


@method_decorator(cache_public_page, name="get")
class SegregationView(MunicipalityMixin, TemplateView):
    template_name = "monitoring/segregation.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        groups = segregation(municipality=self.municipality)
        years = sorted({year for group in groups for year in group.values})
        rows = [
            {
                "label": group.label,
                "values": [
                    shown(
                        group.values.get(year), "" if group.values.get(year) is not None else ".", 3
                    )
                    for year in years
                ],
            }
            for group in groups
        ]
        chart = None
        if groups and years:
            chart = charts.line_chart(
                "segregation-chart",
                _("Index of dissimilarity over the years"),
                [
                    charts.Series(
                        group.label,
                        [
                            charts.Point(str(year), group.values.get(year), row)
                            for year, row in zip(years, rows[i]["values"], strict=True)
                        ],
                    )
                    for i, group in enumerate(groups)
                ],
                unit="",
                decimals=2,
            )
        return super().get_context_data(**kwargs) | {"years": years, "rows": rows, "chart": chart}


@method_decorator(cache_public_page, name="get")
class MethodView(MunicipalityMixin, TemplateView):
    template_name = "monitoring/method.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "definitions": [
                {"name": definition.label, "explanation": DEFINITION_EXPLANATIONS[definition]}
                for definition in Definition
                if definition != Definition.NONE
            ],
            "symbols": symbol_explanations(),
        }


@method_decorator(cache_public_page, name="get")
class ReportList(MunicipalityMixin, TemplateView):
    template_name = "monitoring/reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "reports": Report.objects.filter(
                municipality=self.municipality, state=Report.State.PUBLISHED
            ).exclude(pdf_file="")
        }


def report_download(request: HttpRequest, municipality: str, pk: int, fmt: str) -> HttpResponseBase:
    """A published report's produced file."""
    report = get_object_or_404(
        Report.objects.filter(municipality=request.municipality, state=Report.State.PUBLISHED),  # type: ignore[attr-defined]
        pk=pk,
    )
    return exports.report_file_response(report, fmt)


def catalogue(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    """The DCAT-AP.de catalogue of the published tables, as Turtle or JSON-LD."""
    from querschnitt.monitoring.catalog import catalogue_graph  # rdflib, for this view alone

    graph = catalogue_graph(
        municipality=request.municipality,  # type: ignore[attr-defined]
        base_url=request.build_absolute_uri("/"),
    )
    if fmt == "ttl":
        return HttpResponse(
            graph.serialize(format="turtle"), content_type="text/turtle; charset=utf-8"
        )
    return HttpResponse(
        graph.serialize(format="json-ld", auto_compact=True), content_type="application/ld+json"
    )
