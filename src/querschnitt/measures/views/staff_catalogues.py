"""The office freezes editions of the catalogue, and moves the measures out and in as files."""

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from querschnitt.core.views.staff import Confirmation, ConfirmMixin
from querschnitt.measures.exchange import export_csv, export_xlsx
from querschnitt.measures.forms import FreezeForm, ImportForm
from querschnitt.measures.models import Catalogue, MeasureImport
from querschnitt.measures.services.catalogues import catalogue_freeze, catalogue_measures
from querschnitt.measures.services.imports import import_apply, import_preview
from querschnitt.measures.views.staff_base import MeasuresStaffMixin
from querschnitt.network.imports import ImportRejected

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CatalogueList(ConfirmMixin, MeasuresStaffMixin, FormView):
    """The frozen editions, and the form that freezes the next one (after a confirmation:
    an edition is published and never changes)."""

    template_name = "measures/staff/catalogue_list.html"
    form_class = FreezeForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        editions = Catalogue.objects.filter(municipality=self.municipality).select_related(
            "document"
        )
        return super().get_context_data(**kwargs) | {"editions": editions}

    def form_valid(self, form: FreezeForm) -> HttpResponse:
        data = form.cleaned_data
        if not self.is_confirmed():
            count = len(catalogue_measures(self.municipality, data["year"]))
            return self.confirm_page(
                Confirmation(
                    question=_("Freeze the catalogue as of %(date)s?")
                    % {"date": data["as_of"].strftime("%d.%m.%Y")},
                    consequences=[
                        _(
                            "%(count)s public measures of the catalogue are frozen into the "
                            "edition for %(year)s."
                        )
                        % {"count": count, "year": data["year"]},
                        _("The edition is published at once, as a page, a PDF and an XLSX file."),
                        _(
                            "It can never be changed or deleted afterwards, not even by an "
                            "administrator."
                        ),
                    ],
                    confirm_label=_("Yes, freeze and publish the edition"),
                    cancel_url=self.reverse("staff:catalogue_list"),
                    carry={name: self.request.POST.get(name, "") for name in form.fields},
                    irreversible=True,
                )
            )
        try:
            catalogue = catalogue_freeze(
                municipality=self.municipality,
                by=self.request.user,
                year=data["year"],
                as_of=data["as_of"],
                title=data["title"],
                note=data["note"],
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _("The edition “%(title)s” is frozen and published.") % {"title": catalogue.title},
        )
        return HttpResponseRedirect(self.reverse("staff:catalogue_list"))


class MeasuresExport(MeasuresStaffMixin, View):
    """Every measure with stable keys, as CSV or XLSX (the same columns an import reads)."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        stamp = timezone.localdate().isoformat()
        name = f"massnahmen-{self.municipality.slug}-{stamp}"
        if kwargs["format"] == "csv":
            text = "".join(export_csv(self.municipality))
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if kwargs["format"] != "xlsx":
            raise Http404
        output = io.BytesIO()
        export_xlsx(self.municipality, output)
        download = HttpResponse(output.getvalue(), content_type=XLSX)
        download["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return download


class MeasuresImport(MeasuresStaffMixin, FormView):
    template_name = "measures/staff/import.html"
    form_class = ImportForm

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        from querschnitt.network.imports import MAX_FILE_BYTES

        if upload.size > MAX_FILE_BYTES:
            form.add_error("file", _("The file is larger than 10 MB, the most that is accepted."))
            return self.form_invalid(form)
        try:
            run = import_preview(
                municipality=self.municipality,
                by=self.request.user,
                content=upload.read(),
                file_name=upload.name,
            )
        except ImportRejected as error:
            for message in error.messages:
                form.add_error("file", message)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.reverse("staff:measures_import_preview", pk=run.pk))

    def form_invalid(self, form: ImportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MeasuresImportPreview(MeasuresStaffMixin, TemplateView):
    """What each row would do; "Import now" applies all of it or nothing."""

    template_name = "measures/staff/import_preview.html"

    def load_objects(self) -> None:
        self.run = get_object_or_404(
            MeasureImport.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.run.report
        return super().get_context_data(**kwargs) | {
            "run": self.run,
            "rows": [row for row in report.get("rows", []) if row["action"] != "unchanged"],
            "counts": report.get("counts", {}),
        }

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            counts = import_apply(run=self.run, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.path)
        messages.success(
            request,
            _("Imported: %(create)s new, %(update)s changed, %(unchanged)s unchanged.") % counts,
        )
        return HttpResponseRedirect(self.reverse("staff:measure_list"))
