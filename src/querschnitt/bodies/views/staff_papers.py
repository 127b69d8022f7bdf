"""The office keeps papers and their path, and watches resolutions until they are done."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from querschnitt.bodies.forms import ConsultationForm, PaperForm, ResolutionDoneForm, UploadForm
from querschnitt.bodies.models import AgendaItem, Consultation, File, Paper
from querschnitt.bodies.selectors.papers import paper_path
from querschnitt.bodies.selectors.staff_papers import (
    PaperFilters,
    PaperRows,
    staff_paper_paths,
)
from querschnitt.bodies.services.files import file_add
from querschnitt.bodies.services.meetings import resolution_carried_out
from querschnitt.bodies.services.papers import (
    consultation_add,
    consultation_delete,
    paper_create,
    paper_delete,
    paper_publish,
    paper_update,
)
from querschnitt.bodies.staff_rows import staff_paper_rows
from querschnitt.bodies.views.staff_base import FormPage, OfficeMixin
from querschnitt.bodies.visibility import OFFICE
from querschnitt.core.views.staff import Confirmation, ConfirmMixin


class PaperList(OfficeMixin, ListView):
    template_name = "bodies/staff/paper_list.html"
    paginate_by = 50

    def get_queryset(self) -> PaperRows:  # type: ignore[override]
        # what a row shows, and only that, as plain values (`staff_paper_rows`): count and
        # page by plain SQL, as `Paper.objects.filter(municipality=…)` with `reference` or
        # `name` `__icontains` the search, `.order_by("-date", "-pk").values(
        # *STAFF_PAPER_ROW_FIELDS)` gave them
        return PaperRows(self.municipality, PaperFilters(q=self.request.GET.get("q", "").strip()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        q = self.request.GET.get("q", "")
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        paths = staff_paper_paths(
            municipality=self.municipality, paper_ids=[row["pk"] for row in rows]
        )
        for row in rows:
            row["path"] = paths.get(row["pk"], [])
        return context | {
            "paper_rows": staff_paper_rows(rows, municipality=self.municipality),
            "q": q,
            "query": urlencode({"q": q}) if q else "",
        }


class PaperCreate(FormPage):
    form_class = PaperForm
    title = gettext_lazy("New paper")
    submit_label = gettext_lazy("Record the paper")
    success_message = gettext_lazy(
        "The paper has been recorded. Now add its documents and its path."
    )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def back_url(self) -> str:
        return self.reverse("staff:paper_list")

    def save(self, form: PaperForm) -> str:
        paper = paper_create(
            municipality=self.municipality, by=self.request.user, **form.service_fields()
        )
        return self.reverse("staff:paper_detail", pk=paper.pk)


class PaperMixin:
    municipality: Any
    kwargs: dict[str, Any]

    def load_paper(self) -> Paper:
        return get_object_or_404(
            Paper.objects.filter(municipality=self.municipality).select_related(
                "originator_department"
            ),
            pk=self.kwargs["pk"],
        )


class PaperDetail(PaperMixin, FormPage):
    """The paper's details (a form), its documents and its path through the bodies."""

    form_class = PaperForm
    template_name = "bodies/staff/paper_detail.html"
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The paper has been saved.")
    delete_label = gettext_lazy("Delete the paper")
    delete_question = gettext_lazy("Delete this paper?")
    delete_consequences = (
        gettext_lazy("Its documents and its path go with it."),
        gettext_lazy("A paper that a held meeting dealt with cannot be deleted."),
    )

    def load_objects(self) -> None:
        self.paper = self.load_paper()

    @property
    def title(self) -> str:
        return str(self.paper)

    def get_initial(self) -> dict[str, Any]:
        return PaperForm.initial_from(self.paper)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality, "paper": self.paper}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "paper": self.paper,
            "path": paper_path(paper=self.paper, viewer=OFFICE),
            "documents": list(self.paper.files.order_by("role", "pk")),
            "consultation_form": ConsultationForm(municipality=self.municipality),
        }

    def back_url(self) -> str:
        return self.reverse("staff:paper_list")

    def save(self, form: PaperForm) -> str:
        paper_update(paper=self.paper, by=self.request.user, **form.service_fields())
        return self.reverse("staff:paper_detail", pk=self.paper.pk)

    def delete(self) -> str:
        paper_delete(paper=self.paper, by=self.request.user)
        return self.back_url()


class PaperPublish(ConfirmMixin, PaperMixin, OfficeMixin, TemplateView):
    """Publishing a paper, asked first on a confirm page."""

    def load_objects(self) -> None:
        self.paper = self.load_paper()

    def confirmation(self) -> Confirmation:
        return Confirmation(
            question=_("Publish this paper?"),
            consequences=[
                _(
                    "Everyone then sees it with its public documents and its path, here, in the "
                    "search, the feeds and through OParl."
                ),
                _("Subscribers to matching news hear of it in their next e-mail."),
            ],
            confirm_label=_("Publish the paper"),
            cancel_url=self.reverse("staff:paper_detail", pk=self.paper.pk),
            details=[(_("Paper"), str(self.paper))],
            irreversible=True,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.confirm_page(self.confirmation())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation())
        try:
            paper_publish(paper=self.paper, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The paper has been published."))
        return HttpResponseRedirect(self.reverse("staff:paper_detail", pk=self.paper.pk))


class PaperDocumentAdd(PaperMixin, FormPage):
    form_class = UploadForm
    submit_label = gettext_lazy("Upload")
    success_message = gettext_lazy("The document has been added. Its text is read for the search.")

    def load_objects(self) -> None:
        self.paper = self.load_paper()

    @property
    def title(self) -> str:
        return _("Document for %(what)s") % {"what": self.paper}

    def get_initial(self) -> dict[str, Any]:
        has_main = self.paper.files.filter(role=File.Role.MAIN).exists()
        return {
            "role": File.Role.AUXILIARY if has_main else File.Role.MAIN,
            "public": self.paper.public,
        }

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"roles": [File.Role.MAIN, File.Role.AUXILIARY]}

    def back_url(self) -> str:
        return self.reverse("staff:paper_detail", pk=self.paper.pk)

    def save(self, form: UploadForm) -> str:
        upload = form.cleaned_data["file"]
        try:
            file_add(
                parent=self.paper,
                by=self.request.user,
                upload=upload,
                file_name=upload.name,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                public=form.cleaned_data["public"],
                file_date=form.cleaned_data["file_date"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise ValidationError({"file": error.messages}) from error
            raise
        return self.back_url()


class ConsultationAdd(PaperMixin, FormPage):
    form_class = ConsultationForm
    submit_label = gettext_lazy("Add the step")
    success_message = gettext_lazy("The step has been added to the paper's path.")

    def load_objects(self) -> None:
        self.paper = self.load_paper()

    @property
    def title(self) -> str:
        return _("Next step for %(paper)s") % {"paper": self.paper}

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def back_url(self) -> str:
        return self.reverse("staff:paper_detail", pk=self.paper.pk)

    def save(self, form: ConsultationForm) -> str:
        consultation_add(paper=self.paper, by=self.request.user, **form.cleaned_data)
        return self.back_url()


class ConsultationRemove(ConfirmMixin, PaperMixin, OfficeMixin, TemplateView):
    """Taking a step off a paper's path, asked first on a confirm page."""

    def load_objects(self) -> None:
        self.paper = self.load_paper()
        self.step = get_object_or_404(
            Consultation.objects.filter(
                municipality=self.municipality, paper=self.paper
            ).select_related("body"),
            pk=self.kwargs["step_pk"],
        )

    def confirmation(self) -> Confirmation:
        return Confirmation(
            question=_("Take the step “%(body)s” off the path?") % {"body": self.step.body},
            consequences=[
                _("If it is on an agenda that has not been held yet, the item goes too."),
            ],
            confirm_label=_("Remove the step"),
            cancel_url=self.reverse("staff:paper_detail", pk=self.paper.pk),
            details=[(_("Paper"), str(self.paper))],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.confirm_page(self.confirmation())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation())
        try:
            consultation_delete(consultation=self.step, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The step has been removed."))
        return HttpResponseRedirect(self.reverse("staff:paper_detail", pk=self.paper.pk))


class ResolutionList(OfficeMixin, ListView):
    """Resolutions waiting to be carried out (overdue first), or those carried out."""

    template_name = "bodies/staff/resolution_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AgendaItem]:
        done = self.request.GET.get("zeige") == "erledigt"
        state = (
            AgendaItem.ResolutionState.CARRIED_OUT
            if done
            else AgendaItem.ResolutionState.TO_CARRY_OUT
        )
        items = AgendaItem.objects.filter(
            municipality=self.municipality, resolution_state=state
        ).select_related("meeting__body", "resolution_responsible", "consultation__paper")
        if done:
            return items.order_by("-resolution_done_on", "-pk")
        return items.order_by("resolution_due", "meeting__start", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "done": self.request.GET.get("zeige") == "erledigt",
            "today": timezone.localdate(),
        }


class ResolutionDone(FormPage):
    form_class = ResolutionDoneForm
    submit_label = gettext_lazy("Record as carried out")
    success_message = gettext_lazy("The resolution is recorded as carried out.")

    def load_objects(self) -> None:
        self.item = get_object_or_404(
            AgendaItem.objects.filter(municipality=self.municipality).select_related(
                "meeting__body"
            ),
            pk=self.kwargs["pk"],
        )

    @property
    def title(self) -> str:
        return _("Carried out: %(item)s") % {"item": self.item.name}

    @property
    def intro(self) -> str:
        return self.item.resolution_text

    def get_initial(self) -> dict[str, Any]:
        return {"done_on": timezone.localdate()}

    def back_url(self) -> str:
        return self.reverse("staff:resolution_list")

    def save(self, form: ResolutionDoneForm) -> str:
        resolution_carried_out(item=self.item, by=self.request.user, **form.cleaned_data)
        return self.back_url()
