"""Importing lists of organisations: upload, preview with decisions, confirm or discard."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Page, Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView

from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.network.forms.imports import (
    ImportDecisionForm,
    ImportUploadForm,
    decision_field_name,
)
from querschnitt.network.imports import (
    COLUMN_SPECS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    XLSX_MEDIA_TYPE,
    ImportRejected,
    problem_text,
    template_workbook,
)
from querschnitt.network.models import District, ImportRun, Organisation
from querschnitt.network.services.imports import (
    import_apply,
    import_discard,
    import_preview_create,
    import_record_failure,
)

RECENT_RUNS = 10
ROWS_PER_PAGE = 100
REJECTED_PER_PAGE = 500
# Each decision is a form field, and Django refuses posts with more than 1,000 fields.
MAX_DECISIONS = 500

ACTION_LABELS = {
    "create": gettext_lazy("New"),
    "update": gettext_lazy("Update"),
    "unchanged": gettext_lazy("Unchanged"),
    "reject": gettext_lazy("Rejected"),
    "duplicate": gettext_lazy("Likely duplicate"),
}
OUTCOME_LABELS = {
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
    "merged": gettext_lazy("Merged into an earlier row"),
    "unchanged": gettext_lazy("Unchanged"),
    "skipped": gettext_lazy("Skipped"),
    "rejected": gettext_lazy("Rejected"),
}
STATE_BADGES = {
    ImportRun.State.PREVIEW: "kern-badge--info",
    ImportRun.State.APPLIED: "kern-badge--success",
    ImportRun.State.DISCARDED: "kern-badge--warning",
}
FILTERS = {
    "neu": ("create",),
    "aenderungen": ("update",),
    "unveraendert": ("unchanged",),
    "duplikate": ("duplicate",),
}


DELIMITER_LABELS = {
    "semicolon": gettext_lazy("semicolon (;)"),
    "comma": gettext_lazy("comma (,)"),
    "tab": gettext_lazy("tab"),
    "vertical bar": gettext_lazy("vertical bar (|)"),
}


def shown_file(file: dict[str, Any]) -> dict[str, Any]:
    """How the file was read, in the reader's language (the report keeps the English names)."""
    delimiter = file.get("delimiter")
    return {**file, "delimiter": DELIMITER_LABELS.get(delimiter, delimiter)} if delimiter else file


def field_label(name: str) -> str:
    if name == "topics":
        return _("topics")
    if name == "languages":
        return _("languages")
    return str(getattr(Organisation._meta.get_field(name), "verbose_name", name))


def shown_problems(entries: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "column": f"{entry['column']} ({entry['letter']})" if "column" in entry else "",
            "value": entry.get("value", ""),
            "message": problem_text(entry),
        }
        for entry in entries
    ]


def shown_row(row: dict[str, Any]) -> dict[str, Any]:
    """A report row as the preview shows it, in the reader's language."""
    return {
        "number": row["row"],
        "action": row["action"],
        "action_label": ACTION_LABELS.get(row["action"], row["action"]),
        # The outcome only where it says more than the action did.
        "outcome_label": ""
        if row.get("outcome") in (None, "rejected", "unchanged")
        else OUTCOME_LABELS.get(row["outcome"], ""),
        "name": row.get("name", ""),
        "errors": shown_problems(row.get("errors", [])),
        "warnings": shown_problems(row.get("warnings", [])),
        "changes": [
            {"field": field_label(change["field"]), "from": change["from"], "to": change["to"]}
            for change in row.get("changes", [])
        ],
        "candidates": row.get("candidates", []),
        "same_as_row": row.get("same_as_row"),
        "organisation": row.get("organisation"),
        "address": ", ".join(
            part
            for part in (
                row.get("values", {}).get("street", ""),
                " ".join(
                    p
                    for p in (
                        row.get("values", {}).get("postal_code", ""),
                        row.get("values", {}).get("city", ""),
                    )
                    if p
                ),
            )
            if part
        ),
    }


def page_of(items: list[Any], number: Any, per_page: int) -> Page:
    return Paginator(items, per_page).get_page(number)


class UploadSizeLimit(FileUploadHandler):
    """Stops receiving an upload once it passes the limit: nothing beyond it is kept in memory
    or on disk. The rest of the request is read and dropped, so the browser gets the answer."""

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_FILE_BYTES) -> None:
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


# The CSRF middleware would read the request body before the view could limit it; the check
# is made in `post`, after the access check and once the size limit is in place.
@method_decorator(csrf_exempt, name="dispatch")
class ImportUpload(StaffMixin, FormView):
    """Upload a list; `?vorlage=xlsx` downloads the template with the expected columns."""

    permission = "network.manage"
    template_name = "network/staff/imports/upload.html"
    form_class = ImportUploadForm
    size_limit: UploadSizeLimit | None = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.size_limit = UploadSizeLimit(request)
        request.upload_handlers.insert(0, self.size_limit)
        checked = csrf_protect(
            lambda request: super(ImportUpload, self).post(request, *args, **kwargs)
        )
        return checked(request)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # reads the upload, through the size limit
        refused = self.size_limit is not None and self.size_limit.refused
        return kwargs | {"refused_too_large": refused}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "vorlage" in request.GET:
            if request.GET["vorlage"] != "xlsx":
                raise Http404
            return self.template_download()
        return super().get(request, *args, **kwargs)

    def template_download(self) -> HttpResponse:
        districts = District.objects.filter(municipality=self.municipality).values_list(
            "name", flat=True
        )
        response = HttpResponse(
            template_workbook(district_names=list(districts)), content_type=XLSX_MEDIA_TYPE
        )
        response["Content-Disposition"] = 'attachment; filename="akteure-vorlage.xlsx"'
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        recent = (
            ImportRun.objects.filter(municipality=self.municipality)
            .order_by("-created_at", "-id")
            # Only the counts of each report: a report of 10,000 rows is several megabytes.
            .values("pk", "file_name", "state", "created_at", "report__counts")[:RECENT_RUNS]
        )
        return super().get_context_data(**kwargs) | {
            "columns": COLUMN_SPECS,
            "max_rows": MAX_ROWS,
            "recent_runs": [
                {
                    **run,
                    "counts": run["report__counts"] or {},
                    "state_label": ImportRun.State(run["state"]).label,
                    "state_badge": STATE_BADGES.get(run["state"], ""),
                }
                for run in recent
            ],
        }

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        try:
            run = import_preview_create(
                municipality=self.municipality,
                by=self.request.user,
                file_name=upload.name or "",
                content=upload.read(),
            )
        except ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    rejected={
                        "file_name": upload.name,
                        "messages": [problem_text(entry) for entry in rejected.problems],
                        "file": shown_file(rejected.details.get("file", {})),
                        "columns": rejected.details.get("columns"),
                    },
                )
            )
        return HttpResponseRedirect(self.reverse("staff:import_preview", pk=run.pk))


class ImportPreview(StaffMixin, TemplateView):
    """Every row of an uploaded list, what would happen to it, and the confirmation."""

    permission = "network.manage"
    template_name = "network/staff/imports/preview.html"

    def load_objects(self) -> None:
        self.run = get_object_or_404(
            ImportRun.objects.filter(municipality=self.municipality)
            .defer("content")
            .select_related("created_by"),
            pk=self.kwargs["pk"],
        )

    def duplicate_rows(self) -> list[dict[str, Any]]:
        rows = self.run.report.get("rows", [])
        return [row for row in rows if row["action"] == "duplicate"][:MAX_DECISIONS]

    def decision_form(self, data: Any = None) -> ImportDecisionForm:
        return ImportDecisionForm(data, rows=self.duplicate_rows())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.run.report
        rows = report.get("rows", [])
        counts = report.get("counts", {})
        form = kwargs.pop("form", None) or self.decision_form()
        is_preview = self.run.state == ImportRun.State.PREVIEW
        shown_filter = self.request.GET.get("zeigen", "")
        # Once applied, the decided duplicates belong to the rows that were imported.
        default = ("create", "update", "unchanged") + (() if is_preview else ("duplicate",))
        actions = FILTERS.get(shown_filter, default)
        listed = [row for row in rows if row["action"] in actions]
        if shown_filter == "hinweise":
            listed = [row for row in rows if row.get("warnings") and row["action"] != "reject"]
        rejected = [row for row in rows if row["action"] == "reject"]
        rows_page = page_of(listed, self.request.GET.get("seite"), ROWS_PER_PAGE)
        rejected_page = page_of(rejected, self.request.GET.get("abgelehnt"), REJECTED_PER_PAGE)
        duplicates = [
            {**shown_row(row), "field": form[decision_field_name(row["row"])]} for row in form.rows
        ]
        all_duplicates = counts.get("duplicate", 0)
        return super().get_context_data(**kwargs) | {
            "run": self.run,
            "is_preview": is_preview,
            "state_badge": STATE_BADGES.get(self.run.state, ""),
            "report": report,
            "counts": counts,
            "result": report.get("result"),
            "failure": report.get("failure"),
            "file": shown_file(report.get("file", {})),
            "columns": [
                {**column, "label": field_label(column["field"])}
                for column in report.get("columns", {}).get("recognised", [])
            ],
            "ignored_columns": report.get("columns", {}).get("ignored", []),
            "notes": [problem_text(note) for note in report.get("notes", [])],
            "form": form,
            "duplicates": duplicates,
            "undecided_duplicates": max(0, all_duplicates - len(duplicates)),
            "rows_page": rows_page,
            "shown_rows": [shown_row(row) for row in rows_page.object_list],
            "rejected_page": rejected_page,
            "rejected_rows": [shown_row(row) for row in rejected_page.object_list],
            "shown_filter": shown_filter,
            "filters": [
                ("", _("New, updated and unchanged") if is_preview else _("All but the rejected")),
                ("neu", _("New")),
                ("aenderungen", _("Updates")),
                ("unveraendert", _("Unchanged")),
                ("duplikate", _("Likely duplicates")),
                ("hinweise", _("With warnings")),
            ],
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "discard":
            return self.discard()
        if action == "apply":
            return self.apply()
        messages.error(request, _("Unknown action."))
        return self.render_to_response(self.get_context_data(), status=400)

    def discard(self) -> HttpResponse:
        try:
            import_discard(run=self.run, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(self.request, _("The import has been discarded; nothing was changed."))
        return HttpResponseRedirect(self.reverse("staff:import_upload"))

    def apply(self) -> HttpResponse:
        form = self.decision_form(self.request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if self.run.state != ImportRun.State.PREVIEW:
            messages.error(self.request, _("This import has already been applied or discarded."))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        try:
            import_apply(run=self.run, by=self.request.user, decisions=form.decisions())
        except ValidationError as error:
            if error.code == "not_pending":
                messages.error(self.request, " ".join(error.messages))
                return self.render_to_response(self.get_context_data(form=form), status=409)
            return self.failed(form, error.messages)
        except DatabaseError as error:
            # A constraint or a value the database refuses: the transaction was rolled back.
            return self.failed(
                form, [_("The database refused a change: %(error)s") % {"error": error}]
            )
        # The page it leads to shows the result; no separate message.
        return HttpResponseRedirect(self.reverse("staff:import_preview", pk=self.run.pk))

    def failed(self, form: ImportDecisionForm, reasons: list[str]) -> HttpResponse:
        self.run.refresh_from_db(fields=["state", "report"])
        self.run = import_record_failure(run=self.run, by=self.request.user, messages=reasons)
        return self.render_to_response(self.get_context_data(form=form))
