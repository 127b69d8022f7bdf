"""The monitoring's staff area: figures and imports, sources, areas, indicators, settings."""

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView

from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.monitoring import templates_download
from querschnitt.monitoring.dimensions import DIMENSIONS, category_label
from querschnitt.monitoring.forms import (
    MAX_REGISTER_BYTES,
    AreaForm,
    BoundaryForm,
    IndicatorForm,
    RegisterImportForm,
    SettingsForm,
    SourceForm,
    TableImportForm,
)
from querschnitt.monitoring.models import (
    Area,
    Figure,
    FigureTable,
    ImportRun,
    Indicator,
    MonitoringSettings,
    Source,
)
from querschnitt.monitoring.problems import problem_text
from querschnitt.monitoring.services.imports import (
    import_apply,
    import_check_table,
    import_discard,
    import_receive_register,
)
from querschnitt.monitoring.services.indicators import (
    indicator_create,
    indicator_delete,
    indicator_update,
)
from querschnitt.monitoring.services.setup import (
    area_create,
    area_update,
    boundaries_upload,
    monitoring_settings_update,
    source_create,
    source_update,
)

RECENT_IMPORTS = 15


def error_items(error: ValidationError) -> list[tuple[str | None, list[str]]]:
    """(field or None, messages) of a service's ValidationError."""
    if hasattr(error, "error_dict"):
        return [
            (field, ValidationError(errors).messages) for field, errors in error.error_dict.items()
        ]
    return [(None, error.messages)]


class Home(StaffMixin, TemplateView):
    """The figures with their years and how much of them is hidden; recent imports."""

    permission = "monitoring.import"
    template_name = "monitoring/staff/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tables = FigureTable.objects.only("figure_id", "year", "symbols", "reference_date")
        figures = (
            Figure.objects.filter(municipality=self.municipality)
            .select_related("source")
            .prefetch_related(Prefetch("tables", queryset=tables.order_by("year")))
        )
        rows = []
        for figure in figures:
            years = [
                {
                    "year": table.year,
                    "reference_date": table.reference_date,
                    "cells": len(table.symbols),
                    "hidden": table.symbols.count("p") + table.symbols.count("s"),
                }
                for table in figure.tables.all()
            ]
            rows.append({"figure": figure, "years": years})
        runs = (
            ImportRun.objects.filter(municipality=self.municipality)
            .select_related("created_by")
            .defer("result", "report")[:RECENT_IMPORTS]
        )
        return super().get_context_data(**kwargs) | {"figures": rows, "runs": runs}


class UploadSizeLimit(FileUploadHandler):
    """Stops receiving an upload past the limit, before it fills memory or disk."""

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_REGISTER_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.refused = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


# The CSRF middleware would read the body before the size limit is in place; `post` checks.
@method_decorator(csrf_exempt, name="dispatch")
class ImportView(StaffMixin, TemplateView):
    """Upload a table or a register extract; `?vorlage=…` downloads a template."""

    permission = "monitoring.import"
    template_name = "monitoring/staff/import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "vorlage" in request.GET:
            return templates_download.response(request.GET["vorlage"], self.municipality)
        return super().get(request, *args, **kwargs)

    def forms(self, data: Any = None, files: Any = None, kind: str = "") -> dict[str, Any]:
        table = TableImportForm(
            data if kind == "table" else None,
            files if kind == "table" else None,
            municipality=self.municipality,
            prefix="tabelle",
        )
        extract = RegisterImportForm(
            data if kind == "register" else None,
            files if kind == "register" else None,
            municipality=self.municipality,
            prefix="register",
        )
        return {"table_form": table, "register_form": extract}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "has_areas": Area.objects.filter(municipality=self.municipality).exists(),
            "has_sources": Source.objects.filter(municipality=self.municipality).exists(),
            **(kwargs.get("forms") or self.forms()),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = UploadSizeLimit(request)
        request.upload_handlers.insert(0, limit)
        return csrf_protect(lambda request: self.receive(request, limit))(request)

    def receive(self, request: HttpRequest, limit: UploadSizeLimit) -> HttpResponse:
        kind = request.POST.get("kind", "")
        if kind not in ("table", "register"):
            raise Http404
        forms = self.forms(request.POST, request.FILES, kind)
        form = forms["table_form"] if kind == "table" else forms["register_form"]
        if limit.refused:
            form.add_error("file", _("The file is larger than 512 MB."))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(forms=forms))
        data = form.cleaned_data
        upload = data["file"]
        try:
            if kind == "table":
                run = import_check_table(
                    municipality=self.municipality,
                    by=request.user,
                    file_name=upload.name or "",
                    content=upload.read(),
                    figure=data["figure"],
                    new_figure=form.new_figure(),
                    reference_date=data["reference_date"],
                    encoding=data["encoding"],
                )
            else:
                run = import_receive_register(
                    municipality=self.municipality,
                    by=request.user,
                    file_name=upload.name or "",
                    upload=upload,
                    source=data["source"],
                    reference_date=data["reference_date"],
                    encoding=data["encoding"],
                )
        except ValidationError as error:
            for field, errors in error_items(error):
                form.add_error(field if field in form.fields else None, errors)
            return self.render_to_response(self.get_context_data(forms=forms))
        return HttpResponseRedirect(self.reverse("staff:monitoring_import_detail", pk=run.pk))


class ImportDetail(StaffMixin, TemplateView):
    """The report of an import: every problem with row, column and value, or what applying
    it will write; apply or discard. While a register extract is being counted, the progress
    (htmx asks for it every two seconds; the page is reloaded when the counting is done)."""

    permission = "monitoring.import"
    template_name = "monitoring/staff/import_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.headers.get("HX-Request") != "true":
            return super().get(request, *args, **kwargs)
        response = TemplateResponse(
            request, "monitoring/staff/_import_progress.html", {"run": self.run}
        )
        if self.run.state != ImportRun.State.COUNTING:
            response["HX-Refresh"] = "true"
        return response

    def load_objects(self) -> None:
        self.run = get_object_or_404(
            ImportRun.objects.filter(municipality=self.municipality)
            .select_related("created_by", "figure")
            .defer("result"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.run.report
        figures = dict(
            Figure.objects.filter(municipality=self.municipality).values_list("key", "name")
        )
        tables = [
            {
                **table,
                "dims_label": ", ".join(
                    str(DIMENSIONS[d].label) if d in DIMENSIONS else _("area")
                    for d in table["dims"]
                ),
                "figure_name": (figures.get(table["figure"]) or {}).get("de", table["figure"]),
            }
            for table in report.get("tables", [])
        ]
        return super().get_context_data(**kwargs) | {
            "run": self.run,
            "problems": [
                {**entry, "message": problem_text(entry)} for entry in report.get("problems", [])
            ],
            "problem_count": report.get("problem_count", 0),
            "tables": tables,
            "replacing": sum(1 for table in tables if table.get("replaces")),
            "notes": report.get("notes", []),
            "persons": report.get("persons"),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        try:
            if action == "apply":
                import_apply(run=self.run, by=request.user)
                messages.success(
                    request, _("The import has been applied; the indicators are up to date.")
                )
            elif action == "discard":
                import_discard(run=self.run, by=request.user)
                messages.success(request, _("The import has been discarded; nothing was changed."))
            else:
                return self.render_to_response(self.get_context_data(), status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=409)
        return HttpResponseRedirect(self.reverse("staff:monitoring_import_detail", pk=self.run.pk))


class FigureDetail(StaffMixin, TemplateView):
    """One figure's table of a year: the true counts by area and its first breakdown, with
    what is hidden when published (only the office sees this)."""

    permission = "monitoring.import"
    template_name = "monitoring/staff/figure.html"

    def load_objects(self) -> None:
        self.figure = get_object_or_404(
            Figure.objects.filter(municipality=self.municipality).select_related("source"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tables = list(
            FigureTable.objects.filter(municipality=self.municipality, figure=self.figure).order_by(
                "year"
            )
        )
        years = [table.year for table in tables]
        chosen = self.request.GET.get("jahr", "")
        table = next((t for t in tables if str(t.year) == chosen), tables[-1] if tables else None)
        return super().get_context_data(**kwargs) | {
            "figure": self.figure,
            "years": years,
            "table": table,
            "grid": figure_grid(table, self.municipality) if table else None,
        }


def figure_grid(table: FigureTable, municipality: Any) -> dict[str, Any]:
    """Area (or the whole municipality) × the first breakdown, margins of everything else."""
    import numpy as np

    shape = [len(c) + 1 for c in table.categories]
    values = np.array(table.values).reshape(shape)
    symbols = np.frombuffer(table.symbols.encode(), dtype=np.uint8).reshape(shape)
    names = dict(Area.objects.filter(municipality=municipality).values_list("code", "name"))
    has_area = table.dims[:1] == ["area"]
    row_axis = 0 if has_area else None
    column_axis = (
        1 if has_area and len(table.dims) > 1 else (0 if not has_area and table.dims else None)
    )
    rows_codes = [*table.categories[0], "_T"] if has_area else ["_T"]
    column_codes = [*table.categories[column_axis], "_T"] if column_axis is not None else ["_T"]

    def position(row: int, column: int) -> tuple[int, ...]:
        index = [s - 1 for s in shape]
        if row_axis is not None:
            index[row_axis] = row
        if column_axis is not None:
            index[column_axis] = column
        return tuple(index)

    column_dim = table.dims[column_axis] if column_axis is not None else ""
    return {
        "columns": [
            category_label(column_dim, code, table.labels.get(column_dim)) for code in column_codes
        ],
        "rows": [
            {
                "label": names.get(code, _("whole municipality"))
                if code != "_T"
                else _("whole municipality"),
                "cells": [
                    {"value": int(values[position(r, c)]), "mark": chr(symbols[position(r, c)])}
                    for c in range(len(column_codes))
                ],
            }
            for r, code in enumerate(rows_codes)
        ],
    }


class SourceList(StaffMixin, TemplateView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/sources.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "sources": Source.objects.filter(municipality=self.municipality).annotate(
                figure_count=Count("figures")
            )
        }


class SourceEdit(ServiceFormMixin, StaffMixin, FormView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/source_form.html"
    form_class = SourceForm
    source: Source | None = None

    def load_objects(self) -> None:
        if "pk" in self.kwargs:
            self.source = get_object_or_404(
                Source.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )

    def get_form_kwargs(self) -> dict[str, Any]:
        # a copy: the form writes its data into the instance, the service compares before/after
        return super().get_form_kwargs() | {"instance": copy(self.source)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"source": self.source}

    def form_valid(self, form: SourceForm) -> HttpResponse:
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if self.source is None:
                source_create(municipality=self.municipality, by=self.request.user, **fields)
            else:
                source_update(source=self.source, by=self.request.user, **fields)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The source has been saved."))
        return HttpResponseRedirect(self.reverse("staff:monitoring_sources"))


class AreaList(StaffMixin, TemplateView):
    """The areas, a form for a new one and the upload of boundaries."""

    permission = "monitoring.manage"
    template_name = "monitoring/staff/areas.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "areas": Area.objects.filter(municipality=self.municipality).order_by("code"),
            "area_form": kwargs.get("area_form") or AreaForm(prefix="gebiet"),
            "boundary_form": kwargs.get("boundary_form") or BoundaryForm(prefix="grenzen"),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "boundaries":
            form = BoundaryForm(request.POST, request.FILES, prefix="grenzen")
            if form.is_valid():
                try:
                    areas = boundaries_upload(
                        municipality=self.municipality,
                        by=request.user,
                        content=form.cleaned_data["file"].read(),
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    messages.success(
                        request, _("Boundaries saved for %(count)s areas.") % {"count": len(areas)}
                    )
                    return HttpResponseRedirect(self.reverse("staff:monitoring_areas"))
            return self.render_to_response(self.get_context_data(boundary_form=form))
        area_form = AreaForm(request.POST, prefix="gebiet")
        if area_form.is_valid():
            try:
                area_create(
                    municipality=self.municipality, by=request.user, **area_form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error_items(error):
                    area_form.add_error(field if field in area_form.fields else None, errors)
            else:
                messages.success(request, _("The area has been added."))
                return HttpResponseRedirect(self.reverse("staff:monitoring_areas"))
        return self.render_to_response(self.get_context_data(area_form=area_form))


class AreaEdit(ServiceFormMixin, StaffMixin, FormView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/area_form.html"
    form_class = AreaForm

    def load_objects(self) -> None:
        self.area = get_object_or_404(
            Area.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "instance": Area(code=self.area.code, name=self.area.name)
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"area": self.area}

    def form_valid(self, form: AreaForm) -> HttpResponse:
        try:
            area_update(area=self.area, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The area has been saved."))
        return HttpResponseRedirect(self.reverse("staff:monitoring_areas"))


class IndicatorList(StaffMixin, TemplateView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/indicators.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "indicators": Indicator.objects.filter(municipality=self.municipality)
            .select_related("numerator", "denominator")
            .annotate(value_count=Count("values"))
        }


class IndicatorEdit(StaffMixin, FormView):
    """Define or change an indicator; a definition that cannot be computed, divides by zero
    or mixes definitions of migration background is refused with the reasons."""

    permission = "monitoring.manage"
    template_name = "monitoring/staff/indicator_form.html"
    form_class = IndicatorForm
    indicator: Indicator | None = None

    def load_objects(self) -> None:
        if "pk" in self.kwargs:
            self.indicator = get_object_or_404(
                Indicator.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "indicator": self.indicator,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        figures = Figure.objects.filter(municipality=self.municipality).prefetch_related(
            Prefetch(
                "tables",
                queryset=FigureTable.objects.only(
                    "figure_id", "year", "dims", "categories"
                ).order_by("-year"),
            )
        )
        return super().get_context_data(**kwargs) | {
            "indicator": self.indicator,
            "figures": [
                {
                    "figure": figure,
                    "dims": [(d, ", ".join(table.categories[i])) for i, d in enumerate(table.dims)]
                    if (table := next(iter(figure.tables.all()), None))
                    else [],
                }
                for figure in figures
            ],
        }

    def form_valid(self, form: IndicatorForm) -> HttpResponse:
        fields = form.service_fields()
        try:
            if self.indicator is None:
                indicator = indicator_create(
                    municipality=self.municipality, by=self.request.user, **fields
                )
            else:
                indicator = indicator_update(
                    indicator=self.indicator, by=self.request.user, **fields
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The indicator has been saved and computed."))
        return HttpResponseRedirect(
            self.reverse("staff:monitoring_indicator_edit", pk=indicator.pk)
        )


class IndicatorDelete(ConfirmMixin, StaffMixin, TemplateView):
    """Deleting an indicator and its values, asked first on the confirm page."""

    permission = "monitoring.manage"

    def load_objects(self) -> None:
        self.indicator = get_object_or_404(
            Indicator.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def confirmation(self) -> Confirmation:
        name = self.indicator.title.text
        consequences = [_("The indicator and all its computed values are deleted.")]
        if self.indicator.is_published:
            consequences.append(_("Its public page and its downloads disappear."))
        consequences += [_("The imported figures stay."), _("This cannot be undone.")]
        return Confirmation(
            question=_("Delete the indicator “%(name)s”?") % {"name": name},
            consequences=consequences,
            confirm_label=_("Delete the indicator"),
            cancel_url=self.reverse("staff:monitoring_indicator_edit", pk=self.indicator.pk),
            details=[(_("Indicator"), name), (_("Address"), self.indicator.key)],
            irreversible=True,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.confirm_page(self.confirmation())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation())
        indicator_delete(indicator=self.indicator, by=request.user)
        messages.success(request, _("The indicator has been deleted."))
        return HttpResponseRedirect(self.reverse("staff:monitoring_indicators"))


class SettingsEdit(ServiceFormMixin, StaffMixin, FormView):
    permission = "monitoring.manage"
    template_name = "monitoring/staff/settings.html"
    form_class = SettingsForm

    def get_form_kwargs(self) -> dict[str, Any]:
        current = MonitoringSettings.objects.filter(municipality=self.municipality).first()
        return super().get_form_kwargs() | {
            "instance": current or MonitoringSettings(municipality=self.municipality)
        }

    def form_valid(self, form: SettingsForm) -> HttpResponse:
        try:
            monitoring_settings_update(
                municipality=self.municipality,
                by=self.request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The settings have been saved."))
        return HttpResponseRedirect(self.reverse("staff:monitoring_settings"))
