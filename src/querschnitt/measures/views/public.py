"""Public pages of the catalogue and the controlling: the current catalogue, the frozen
editions (page, PDF, XLSX, what changed), a measure, the dashboard and its weights CSV.
They show public measures in public states only; pages for anonymous visitors are cached."""

import tempfile
from datetime import date
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.views.generic import TemplateView

from querschnitt.core.files import stored_file_response
from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality
from querschnitt.core.page_cache import cache_public_page
from querschnitt.core.sql_rows import RawRows
from querschnitt.core.versioned import remembered
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.measures import dashboard_reads, dashboard_rows, measure_page
from querschnitt.measures.catalogue_fields import chosen_id, field_rows, kept_fields_nav
from querschnitt.measures.catalogue_rows import CatalogueMeasures, page_markup
from querschnitt.measures.documents import edition_groups
from querschnitt.measures.editions_list import edition_rows, kept_editions
from querschnitt.measures.measure_history import history_items
from querschnitt.measures.models import (
    Catalogue,
    CatalogueDocument,
    CatalogueEntry,
    Production,
    Rollup,
)
from querschnitt.measures.services.catalogues import catalogue_document_request, edition_changes
from querschnitt.measures.views.staff_reports import board_context, year_from

PAGE_SIZE = 50


@method_decorator(cache_public_page, name="get")
class CataloguePage(MunicipalityMixin, TemplateView):
    """This year's catalogue, page by page, and every frozen edition."""

    template_name = "measures/catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        m = self.municipality
        fields = remembered(m, "measures:fields", lambda: field_rows(municipality=m))
        chosen = self.request.GET.get("handlungsfeld", "")
        asked = self.request.GET.get("page")
        measures = CatalogueMeasures(
            municipality=m, field_id=chosen_id(fields, chosen), asked=(PAGE_SIZE, asked)
        )
        # count() and slices: all that a Paginator asks of its list
        paginator: Paginator[RawRows] = Paginator(cast(Any, measures), PAGE_SIZE)
        page = paginator.get_page(asked)
        return super().get_context_data(**kwargs) | {
            "fields_nav": kept_fields_nav(fields, chosen, municipality=m),
            "page_obj": page,
            "rows": page_markup(cast(RawRows, page.object_list), municipality=m),
            "editions_section": editions_section(m),
            "query": f"handlungsfeld={chosen}" if chosen else "",
        }


def editions_section(municipality: Municipality) -> SafeString:
    """The catalogue's list of frozen editions, rendered once per content version, language
    and URL map (`core.versioned`; freezing an edition moves the content version)."""

    def render() -> SafeString:
        return kept_editions(edition_rows(municipality=municipality), municipality=municipality)

    name = f"measures:editions:{get_language()}:{get_script_prefix()}"
    return remembered(municipality, name, render)


@method_decorator(cache_public_page, name="get")
class MeasurePage(MunicipalityMixin, TemplateView):
    """A measure, its history, editions and links, remembered per content version
    (`core.versioned`), language, time zone and URL map: nothing of it depends on the time."""

    template_name = "measures/measure.html"

    def load_objects(self) -> None:
        m, key = self.municipality, self.kwargs["key"]
        where = (get_language(), get_current_timezone_name(), get_urlconf(), get_script_prefix())
        self.shown = remembered(m, f"measures:measure:{key}:{where}", lambda: self.read(m, key))

    @staticmethod
    def read(m: Municipality, key: str) -> dict[str, Any]:
        measure = measure_page.public_measure(municipality=m, key=key)
        if measure is None:
            raise Http404
        return {
            "measure": measure,
            "history_items": history_items(
                measure_page.history(municipality=m, measure=measure), municipality=m
            ),
            "editions": measure_page.editions(municipality=m, measure=measure),
        } | measure_page.linked(municipality=m, measure=measure)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | self.shown


class EditionMixin(MunicipalityMixin):
    def load_objects(self) -> None:
        try:
            as_of = date.fromisoformat(self.kwargs["as_of"])
        except ValueError as error:
            raise Http404 from error
        self.catalogue = get_object_or_404(
            Catalogue.objects.filter(municipality=self.municipality), as_of=as_of
        )


@method_decorator(cache_public_page, name="get")
class EditionPage(EditionMixin, TemplateView):
    template_name = "measures/edition.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entries = CatalogueEntry.objects.filter(
            municipality=self.municipality, catalogue=self.catalogue
        ).order_by("position")
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))

        return super().get_context_data(**kwargs) | {
            "catalogue": self.catalogue,
            "page_obj": page,
            "groups": edition_groups(list(page.object_list), get_language() or "de"),
        }


@method_decorator(cache_public_page, name="get")
class EditionChanges(EditionMixin, TemplateView):
    """What changed since the edition before: measures added, removed, changed (by key)."""

    template_name = "measures/edition_changes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        previous = self.catalogue.previous
        now = list(
            CatalogueEntry.objects.filter(
                municipality=self.municipality, catalogue=self.catalogue
            ).order_by("position")
        )
        before = (
            list(
                CatalogueEntry.objects.filter(
                    municipality=self.municipality, catalogue=previous
                ).order_by("position")
            )
            if previous
            else []
        )
        return super().get_context_data(**kwargs) | {
            "catalogue": self.catalogue,
            "previous": previous,
            "changes": edition_changes(before, now) if previous else None,
        }


class EditionPdf(EditionMixin, TemplateView):
    """The edition's PDF once produced; until then a page that says it is on its way (and
    asks for it, if nobody has yet)."""

    template_name = "measures/edition_pdf_pending.html"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        document, _created = CatalogueDocument.objects.get_or_create(
            municipality=self.municipality, catalogue=self.catalogue
        )
        if document.state == Production.DONE and document.pdf:
            return stored_file_response(
                document.pdf.name,
                file_name=f"massnahmenkatalog-{self.municipality.slug}-{self.catalogue.as_of}.pdf",
                mime_type="application/pdf",
            )
        if document.state in ("", Production.FAILED):
            CatalogueDocument.objects.filter(pk=document.pk).update(state=Production.QUEUED)
            catalogue_document_request(self.catalogue)
        response = TemplateResponse(
            request, self.template_name, self.get_context_data(catalogue=self.catalogue), status=202
        )
        response["Retry-After"] = "10"
        return response


class EditionXlsx(EditionMixin, TemplateView):
    def get(self, request: Any, *args: Any, **kwargs: Any) -> FileResponse:  # type: ignore[override]
        from querschnitt.measures.edition_files import edition_xlsx

        output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
        edition_xlsx(self.catalogue, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            filename=f"massnahmenkatalog-{self.municipality.slug}-{self.catalogue.as_of}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


@method_decorator(cache_public_page, name="get")
class DashboardPage(MunicipalityMixin, TemplateView):
    """The public controlling: progress by field of action and goal (from the published
    weights CSV, by the written rule), budgets, indicators against targets."""

    template_name = "measures/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = year_from(self.request.GET.get("jahr"), timezone.localdate().year)
        return super().get_context_data(**kwargs) | {
            "figures": public_figures(self.municipality, year)
        }


def public_figures(municipality: Municipality, year: int) -> SafeString:
    """The public dashboard's figures (`measures/_dashboard.html`, written by
    `dashboard_rows.figures`): the same for every visitor, so rendered once per content
    version, language, year and URL map (`core.versioned`; the roll-up task and every change
    of the strategy move the content version)."""
    from querschnitt.measures.dashboard import dashboard

    def render() -> SafeString:
        board = dashboard(municipality=municipality, public=True, year=year)
        return dashboard_rows.figures(board_context(board))

    if year != timezone.localdate().year and year not in budget_years(municipality):
        return render()  # a year without figures: any of 1990-2100 would be an entry to keep
    name = f"measures:dashboard:{get_language()}:{get_script_prefix()}:{year}"
    return remembered(municipality, name, lambda: drawn_figures(municipality, year))


# The figures drawn, by all they are drawn from: most changes of a municipality's data move its
# content version but leave the dashboard's rows as they were.
_drawn_figures: Kept[SafeString] = Kept(128)


def drawn_figures(municipality: Municipality, year: int) -> SafeString:
    """The public figures of `year` as `render` in `public_figures` draws them, kept by the
    rows of the dashboard's reads, the year and all they are written in (`core.kept.around`)."""
    from querschnitt.measures.dashboard import board

    snapshot = dashboard_reads.snapshot(municipality=municipality, public=True)
    key = (snapshot, year, *around(municipality))
    return _drawn_figures.get(
        key, lambda: dashboard_rows.figures(board_context(board(snapshot, year)))
    )


def budget_years(municipality: Municipality) -> frozenset[int]:
    """The years the public roll-up has budgets for, read once per content version."""

    def read() -> frozenset[int]:
        rollup = dashboard_reads.rollup(municipality=municipality, scope=Rollup.Scope.PUBLIC)
        figures = rollup.figures if rollup is not None else {}
        return frozenset(int(year) for data in figures.values() for year in data["budget"])

    return remembered(municipality, "measures:dashboard:years", read)


def weights_csv(request: Any, municipality: str) -> HttpResponse:
    rollup = Rollup.objects.filter(
        municipality=request.municipality, scope=Rollup.Scope.PUBLIC
    ).first()
    response = HttpResponse(rollup.csv if rollup else "", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="gewichte-{request.municipality.slug}.csv"'
    return response
