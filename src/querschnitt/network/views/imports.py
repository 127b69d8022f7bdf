"""Importing lists of organisations: upload, preview with decisions, confirm or discard."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Page, Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView

from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.network.forms.imports import (
    DECISION_FIELD,
    ImportDecisionForm,
    ImportDefaultDecisionForm,
    ImportUploadForm,
    decision_field_name,
)
from querschnitt.network.imports import (
    COLUMN_SPECS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    XLSX_MEDIA_TYPE,
    ImportRejected,
    effective_decisions,
    problem_text,
    template_workbook,
)
from querschnitt.network.models import District, ImportRun, Organisation
from querschnitt.network.services.imports import (
    import_apply,
    import_apply_cancel,
    import_apply_enqueue,
    import_decide,
    import_discard,
    import_record_failure,
    import_upload,
    runs_in_background,
)

RECENT_RUNS = 10
ROWS_PER_PAGE = 100
REJECTED_PER_PAGE = 500
# Decisions are saved a page at a time (and by htmx as each is made), so that no form holds
# more fields than Django accepts in one post (1,000).
DECISIONS_PER_PAGE = 100
PROGRESS_TEMPLATE = "network/staff/imports/_progress.html"
DECISION_STATUS_TEMPLATE = "network/staff/imports/_decision_status.html"

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
    ImportRun.State.READING: "kern-badge--info",
    ImportRun.State.PREVIEW: "kern-badge--info",
    ImportRun.State.APPLYING: "kern-badge--info",
    ImportRun.State.APPLIED: "kern-badge--success",
    ImportRun.State.DISCARDED: "kern-badge--warning",
    ImportRun.State.REJECTED: "kern-badge--danger",
}
WORKING = (ImportRun.State.READING, ImportRun.State.APPLYING)
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
            run = import_upload(
                municipality=self.municipality,
                by=self.request.user,
                file_name=upload.name or "",
                content=upload.read(),
            )
        except ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    rejected=shown_rejection(
                        upload.name or "", rejected.problems, rejected.details
                    ),
                )
            )
        return HttpResponseRedirect(self.reverse("staff:import_preview", pk=run.pk))


def shown_rejection(
    file_name: str, problems: list[dict[str, Any]], details: dict[str, Any]
) -> dict[str, Any]:
    """Why a file cannot be imported, as the upload and the import page show it."""
    return {
        "file_name": file_name,
        "messages": [problem_text(entry) for entry in problems],
        "file": shown_file(details.get("file", {})),
        "columns": details.get("columns"),
    }


def import_progress(run: ImportRun) -> dict[str, Any]:
    """What the page says about work the task worker does on a run."""
    progress = run.progress or {}
    phase = progress.get("phase", "queued")
    done, total = progress.get("done") or 0, progress.get("total")
    labels = {
        "queued": _("Waiting for the task worker."),
        "read": _("Reading the file: %(done)s rows read.") % {"done": done},
        "check": _("Checking the rows: %(done)s of %(total)s.") % {"done": done, "total": total},
        "store": _("Storing the preview."),
        "applying": _(
            "Saving every row in one step. Nothing is visible until all of them are saved."
        ),
    }
    return {
        "phase": phase,
        "label": labels.get(phase, labels["queued"]),
        "done": done,
        "total": total if phase == "check" else None,
        "counts": run.report.get("counts", {}),
    }


class ImportPreview(StaffMixin, TemplateView):
    """Every row of an uploaded list, what would happen to it, and the confirmation.

    While the worker reads or applies a large list, the page shows its progress, and htmx
    polls it for the progress fragment; once the work is done, the page reloads whole.
    """

    permission = "network.manage"
    template_name = "network/staff/imports/preview.html"

    def load_objects(self) -> None:
        self.run = get_object_or_404(
            ImportRun.objects.filter(municipality=self.municipality)
            .defer("content")
            .select_related("created_by"),
            pk=self.kwargs["pk"],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.htmx:  # type: ignore[attr-defined]
            if self.run.state in WORKING:
                return render(request, PROGRESS_TEMPLATE, self.progress_context())
            return HttpResponse(headers={"HX-Refresh": "true"})
        return super().get(request, *args, **kwargs)

    def progress_context(self) -> dict[str, Any]:
        return {"run": self.run, "progress": import_progress(self.run)}

    def duplicates_page(self) -> Page:
        rows = [row for row in self.run.report.get("rows", []) if row["action"] == "duplicate"]
        return page_of(rows, self.request.GET.get("duplikate"), DECISIONS_PER_PAGE)

    def decision_form(self, data: Any = None, rows: list[dict[str, Any]] | None = None) -> Any:
        if rows is None:
            rows = list(self.duplicates_page().object_list)
        return ImportDecisionForm(
            data,
            rows=rows,
            current=effective_decisions(rows, self.run.decisions),
            save_url=self.reverse("staff:import_preview", pk=self.run.pk),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs) | {
            "run": self.run,
            "state_badge": STATE_BADGES.get(self.run.state, ""),
            "is_preview": self.run.state == ImportRun.State.PREVIEW,
        }
        if self.run.state in WORKING:
            context |= self.progress_context()
        if self.run.state == ImportRun.State.REJECTED:
            rejected = self.run.report.get("rejected", {})
            context["rejected"] = shown_rejection(
                self.run.file_name, rejected.get("problems", []), rejected
            )
        if self.run.state in (ImportRun.State.READING, ImportRun.State.REJECTED):
            return context
        return context | self.report_context(kwargs.pop("form", None))

    def report_context(self, form: Any) -> dict[str, Any]:
        report = self.run.report
        rows = report.get("rows", [])
        counts = report.get("counts", {})
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
        duplicates_page = self.duplicates_page()
        form = form or self.decision_form(rows=list(duplicates_page.object_list))
        duplicates = [
            {**shown_row(row), "field": form[decision_field_name(row["row"])]} for row in form.rows
        ]
        return {
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
            "default_form": ImportDefaultDecisionForm(
                initial={"default": self.run.decisions.get("*", "skip")}
            ),
            "duplicates": duplicates,
            "duplicates_page": duplicates_page,
            "in_background": runs_in_background(self.run),
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
        if action == "cancel":
            return self.cancel()
        if action in ("apply", "decide", "decide_all"):
            return self.decide_then(action)
        messages.error(request, _("Unknown action."))
        return self.render_to_response(self.get_context_data(), status=400)

    def pending(self, message: str) -> HttpResponse:
        messages.error(self.request, message)
        return self.render_to_response(self.get_context_data(), status=409)

    def discard(self) -> HttpResponse:
        try:
            import_discard(run=self.run, by=self.request.user)
        except ValidationError as error:
            return self.pending(" ".join(error.messages))
        messages.success(self.request, _("The import has been discarded; nothing was changed."))
        return HttpResponseRedirect(self.reverse("staff:import_upload"))

    def cancel(self) -> HttpResponse:
        try:
            import_apply_cancel(run=self.run, by=self.request.user)
        except ValidationError as error:
            return self.pending(" ".join(error.messages))
        except DatabaseError:
            # SQLite: the worker holds the write lock while it applies the list.
            return self.pending(_("The import is being saved right now. Try again shortly."))
        messages.success(self.request, _("The import has been stopped; nothing was changed."))
        return HttpResponseRedirect(self.reverse("staff:import_preview", pk=self.run.pk))

    def posted_rows(self) -> list[dict[str, Any]]:
        """The duplicate rows whose decisions the post carries (one page of them at most)."""
        numbers = set()
        for key in self.request.POST:
            match = DECISION_FIELD.fullmatch(key)
            if match:
                numbers.add(int(match.group(1)))
        return [
            row
            for row in self.run.report.get("rows", [])
            if row["row"] in numbers and row["action"] == "duplicate"
        ]

    def decide_then(self, action: str) -> HttpResponse:
        """Save the posted decisions (and, for every row, the default); then apply if asked."""
        if self.run.state != ImportRun.State.PREVIEW:
            return self.pending(_("This import has already been applied or discarded."))
        form = self.decision_form(self.request.POST, rows=self.posted_rows())
        default_form = ImportDefaultDecisionForm(self.request.POST)
        if not form.is_valid() or (action == "decide_all" and not default_form.is_valid()):
            if self.request.htmx:  # type: ignore[attr-defined]
                return render(self.request, DECISION_STATUS_TEMPLATE, {"form": form})
            return self.render_to_response(self.get_context_data(form=form))
        default = default_form.cleaned_data["default"] if action == "decide_all" else None
        try:
            self.run = import_decide(run=self.run, decisions=form.decisions(), default=default)
        except ValidationError as error:
            if error.code == "not_pending":
                return self.pending(" ".join(error.messages))
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        if self.request.htmx:  # type: ignore[attr-defined]
            return render(self.request, DECISION_STATUS_TEMPLATE, {"form": form, "saved": True})
        if action == "apply":
            return self.apply()
        messages.success(self.request, _("The decisions have been saved."))
        return HttpResponseRedirect(self.request.get_full_path() + "#duplikate")

    def apply(self) -> HttpResponse:
        if runs_in_background(self.run):
            try:
                import_apply_enqueue(run=self.run, by=self.request.user)
            except ValidationError as error:
                return self.pending(" ".join(error.messages))
            return HttpResponseRedirect(self.reverse("staff:import_preview", pk=self.run.pk))
        try:
            import_apply(run=self.run, by=self.request.user)
        except ValidationError as error:
            if error.code == "not_pending":
                return self.pending(" ".join(error.messages))
            return self.failed(error.messages)
        except DatabaseError as error:
            # A constraint or a value the database refuses: the transaction was rolled back.
            return self.failed([_("The database refused a change: %(error)s") % {"error": error}])
        # The page it leads to shows the result; no separate message.
        return HttpResponseRedirect(self.reverse("staff:import_preview", pk=self.run.pk))

    def failed(self, reasons: list[str]) -> HttpResponse:
        self.run.refresh_from_db(fields=["state", "report", "decisions"])
        self.run = import_record_failure(run=self.run, by=self.request.user, messages=reasons)
        return self.render_to_response(self.get_context_data())
