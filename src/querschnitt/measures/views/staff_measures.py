"""The staff's pages of measures: the list, proposing, the office's form (with the check for
someone else's change), a measure's page with its history, and the steps of the path."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from querschnitt.accounts.permissions import has_permission
from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.translation import translate
from querschnitt.core.views.staff import Confirmation, ConfirmMixin
from querschnitt.measures.forms import MeasureFilter, MeasureForm, ProposalForm, TransitionForm
from querschnitt.measures.models import (
    BudgetLine,
    Measure,
    ProgressReport,
    StateChange,
    Transition,
)
from querschnitt.measures.periods import period_of
from querschnitt.measures.services.measures import (
    MeasureConflict,
    allowed_transitions,
    budget_of,
    measure_create,
    measure_delete,
    measure_propose,
    measure_transition,
    measure_update,
    steps_named,
)
from querschnitt.measures.services.reports import interval_of, settings_of
from querschnitt.measures.staff_list_sql import MeasureFilters, MeasureRows
from querschnitt.measures.staff_rows import measure_rows
from querschnitt.measures.views.staff_base import FormPage, MeasuresStaffMixin


def next_key(municipality: Any, prefix: str) -> str:
    year = timezone.localdate().year
    taken = set(
        Measure.objects.filter(
            municipality=municipality, key__startswith=f"{prefix}-{year}-"
        ).values_list("key", flat=True)
    )
    number = len(taken) + 1
    while f"{prefix}-{year}-{number:02d}" in taken:
        number += 1
    return f"{prefix}-{year}-{number:02d}"


class MeasureList(MeasuresStaffMixin, ListView):
    """Every measure the person may see: the office all, others their own."""

    permission = "measures.propose"
    template_name = "measures/staff/measure_list.html"
    paginate_by = 50

    def get_queryset(self) -> MeasureRows:  # type: ignore[override]
        self.filters = MeasureFilter(self.request.GET, municipality=self.municipality)
        asked = MeasureFilters(reader=self.reader)
        if self.filters.is_valid():
            data = self.filters.cleaned_data
            asked = MeasureFilters(
                reader=self.reader,
                q=data["q"],
                state=data["state"],
                field=data["field"],
                department=int(data["department"]) if data["department"] else None,
            )
        return MeasureRows(self.municipality, asked)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(**kwargs)
        return context | {
            "rows": measure_rows(context["object_list"], municipality=self.municipality),
            "filter_markup": filter_form_markup(self.filters, municipality=self.municipality),
            "query": query.urlencode(),
            "may_manage": self.reader.sees_all,
        }


class MeasurePropose(FormPage):
    """Anyone entitled proposes a measure: for their working group or body, their
    organisation, their department, or (the office) for itself."""

    permission = "measures.propose"
    form_class = ProposalForm
    template_name = "measures/staff/propose.html"
    title = gettext_lazy("Propose a measure")
    submit_label = gettext_lazy("Send the proposal")
    success_message = gettext_lazy("Thank you: the proposal has been recorded.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "reader": self.reader,
        }

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "proposer_name": getattr(user, "full_name", ""),
            "proposer_email": getattr(user, "email", ""),
        }

    def back_url(self) -> str:
        return self.reverse("staff:measure_list")

    def save(self, form: ProposalForm) -> str:
        measure = measure_propose(
            municipality=self.municipality,
            by=self.request.user,
            key=next_key(self.municipality, "V"),
            budget=form.cleaned_data["budget"] or None,
            **form.service_values(),
        )
        return self.reverse("staff:measure_detail", pk=measure.pk)


class MeasureCreate(FormPage):
    form_class = MeasureForm
    title = gettext_lazy("New measure")
    submit_label = gettext_lazy("Add the measure")
    success_message = gettext_lazy("The measure has been added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "reader": self.reader,
        }

    def get_initial(self) -> dict[str, Any]:
        return {"key": next_key(self.municipality, "M")}

    def back_url(self) -> str:
        return self.reverse("staff:measure_list")

    def save(self, form: MeasureForm) -> str:
        measure = measure_create(
            municipality=self.municipality,
            by=self.request.user,
            budget=form.cleaned_data["budget"],
            **form.service_values(),
        )
        return self.reverse("staff:measure_detail", pk=measure.pk)


class MeasureDetail(MeasuresStaffMixin, TemplateView):
    permission = "measures.propose"
    template_name = "measures/staff/measure_detail.html"

    def load_objects(self) -> None:
        self.measure = self.visible_measure(self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        measure = self.measure
        m = self.municipality
        history = (
            StateChange.objects.filter(municipality=m, measure=measure)
            .select_related(
                "transition",
                "from_state",
                "to_state",
                "body",
                "meeting",
                "agenda_item",
                "paper",
                "recorded_by",
            )
            .order_by("decided_on", "pk")
        )
        reports = (
            ProgressReport.objects.filter(municipality=m, measure=measure)
            .select_related("department")
            .order_by("-period_start")[:12]
        )
        measure = (
            Measure.objects.filter(pk=measure.pk)
            .select_related(
                "state",
                "lead_department",
                "proposer_body",
                "proposer_organisation",
                "proposer_department",
            )
            .prefetch_related("fields_of_action", "goals", "departments", "partners", "indicators")
            .get()
        )
        may_manage = self.reader.sees_all
        may_report = has_permission(self.request.user, m, "measures.report") and (
            self.reader.reports_for(measure)
        )
        settings = settings_of(m)
        current_period = (
            period_of(timezone.localdate(), interval_of(measure, settings))
            if measure.state.reporting
            else None
        )
        return super().get_context_data(**kwargs) | {
            "measure": measure,
            "history": history,
            "reports": reports,
            "budget": BudgetLine.objects.filter(municipality=m, measure=measure).order_by("year"),
            "transitions": allowed_transitions(measure) if may_manage else [],
            "may_manage": may_manage,
            "may_report": may_report,
            "current_period": current_period,
        }


BOTH_VERSIONS = (
    "key",
    "title_de",
    "description_de",
    "target_groups",
    "lead_department",
    "start_date",
    "end_date",
    "budget",
    "weight",
    "is_public",
)


class MeasureEdit(FormPage):
    """The office changes a measure; if someone else saved it since this form was opened,
    nothing is saved and both versions are shown side by side."""

    form_class = MeasureForm
    template_name = "measures/staff/measure_edit.html"
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The measure has been saved.")
    delete_label = gettext_lazy("Delete the measure")
    delete_question = gettext_lazy(
        "Delete this measure? A measure that stands in a published edition of the catalogue "
        "stays on record and cannot be deleted."
    )

    def load_objects(self) -> None:
        self.measure = get_object_or_404(
            Measure.objects.filter(municipality=self.municipality).select_related("state"),
            pk=self.kwargs["pk"],
        )

    @property
    def title(self) -> str:
        return str(self.measure)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "reader": self.reader,
            "measure": self.measure,
        }

    def get_initial(self) -> dict[str, Any]:
        return {"budget": budget_of(self.measure)}

    def back_url(self) -> str:
        return self.reverse("staff:measure_detail", pk=self.measure.pk)

    def save(self, form: MeasureForm) -> str:
        measure_update(
            measure=self.measure,
            by=self.request.user,
            expected_version=form.cleaned_data["version"] or 0,
            budget=form.cleaned_data["budget"],
            **form.service_values(),
        )
        return self.back_url()

    def delete(self) -> str:
        measure_delete(measure=self.measure, by=self.request.user)
        return self.reverse("staff:measure_list")

    def form_valid(self, form: MeasureForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except MeasureConflict as conflict:
            return self.conflict(form, conflict.current)

    def apply_service_errors(self, form: Any, error: ValidationError) -> HttpResponse:
        if isinstance(error, MeasureConflict):
            return self.conflict(form, error.current)
        return super().apply_service_errors(form, error)

    def conflict(self, form: MeasureForm, current: Measure) -> HttpResponse:
        """Both versions: what is stored now (theirs) and what this person entered (kept in
        the form). Saving again, now against the stored version, takes this person's."""
        theirs = MeasureForm(
            municipality=self.municipality,
            reader=self.reader,
            measure=current,
            initial={"budget": budget_of(current)},
        )
        rows = []
        for name in BOTH_VERSIONS:
            field = form.fields[name]
            mine = form.cleaned_data.get(name)
            stored = theirs[name].initial if name not in ("budget",) else budget_of(current)
            shown_mine, shown_theirs = shown(field, mine), shown(field, stored)
            if shown_mine != shown_theirs:
                rows.append({"label": field.label, "theirs": shown_theirs, "mine": shown_mine})
        data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        data["version"] = str(current.version)
        again = MeasureForm(
            data, municipality=self.municipality, reader=self.reader, measure=current
        )
        again.is_valid()
        again.add_error(
            None,
            _(
                "Someone else has changed this measure since you opened it. Nothing of yours has "
                "been saved yet: compare both versions below, then save again."
            ),
        )
        return self.render_to_response(
            self.get_context_data(form=again, conflict=rows, current=current), status=409
        )


def shown(field: Any, value: Any) -> str:
    from querschnitt.measures.forms import BudgetField

    if value in (None, ""):
        return "–"
    if isinstance(field, BudgetField):
        return field.prepare_value(value) or "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


class MeasureTransitionView(ConfirmMixin, FormPage):
    """Take one step of the decision path, after a page that says what it means."""

    form_class = TransitionForm
    template_name = "measures/staff/transition.html"

    def load_objects(self) -> None:
        self.measure = get_object_or_404(
            Measure.objects.filter(municipality=self.municipality).select_related("state"),
            pk=self.kwargs["pk"],
        )
        self.transition = get_object_or_404(
            Transition.objects.filter(municipality=self.municipality).select_related(
                "from_state", "to_state", "body"
            ),
            pk=self.kwargs["transition_pk"],
        )

    @property
    def title(self) -> str:
        return str(self.transition)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"transition": self.transition, "measure": self.measure}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "measure": self.measure,
            "transition": self.transition,
            "possible": self.transition.from_state_id == self.measure.state_id,
            "allowed": allowed_transitions(self.measure),
        }

    def back_url(self) -> str:
        return self.reverse("staff:measure_detail", pk=self.measure.pk)

    def confirmation(self, form: TransitionForm) -> Confirmation:
        data = form.cleaned_data
        title = translate(self.measure.title).text
        consequences = [
            _("The measure moves from “%(from)s” to “%(to)s”.")
            % {"from": self.measure.state, "to": self.transition.to_state},
            _("The step is recorded for good, with the meeting, paper and resolution named."),
        ]
        if self.transition.to_state.is_public and not self.measure.state.is_public:
            consequences.append(_("The measure becomes visible on the public pages."))
        if data.get("answer_public") and data.get("answer"):
            consequences.append(_("The answer to the proposer is published on its page."))
        if data.get("send_answer"):
            consequences.append(
                _("The answer goes to %(email)s by e-mail. It cannot be called back.")
                % {"email": self.measure.proposer_email}
            )
        carry = {
            name: self.request.POST.get(name, "")
            for name in form.fields
            if name in self.request.POST
        }
        details = [(_("Measure"), f"{self.measure.key} {title}")]
        if data.get("agenda_item"):
            details.append((_("Agenda item"), str(data["agenda_item"])))
        if data.get("resolution"):
            details.append((_("Resolution"), data["resolution"]))
        return Confirmation(
            question=_("Take the step “%(step)s”?") % {"step": self.transition},
            consequences=consequences,
            confirm_label=_("Yes, take the step"),
            cancel_url=self.request.path,
            carry=carry,
            details=details,
            irreversible=bool(data.get("send_answer")),
        )

    def form_valid(self, form: TransitionForm) -> HttpResponse:
        if not self.is_confirmed():
            if self.transition.from_state_id != self.measure.state_id:
                form.add_error(None, self.not_possible())
                return self.form_invalid(form)
            return self.confirm_page(self.confirmation(form))
        data = form.cleaned_data
        try:
            measure_transition(
                measure=self.measure,
                transition=self.transition,
                by=self.request.user,
                decided_on=data["decided_on"],
                meeting=data.get("meeting"),
                agenda_item=data.get("agenda_item"),
                paper=data.get("paper"),
                resolution=data["resolution"],
                answer=data["answer"],
                answer_public=data["answer_public"],
                send_answer=data["send_answer"],
                note=data["note"],
                expected_version=data["version"],
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _("The step has been recorded: the measure is now “%(state)s”.")
            % {"state": self.transition.to_state},
        )
        return HttpResponseRedirect(self.back_url())

    def not_possible(self) -> str:
        possible = steps_named(allowed_transitions(self.measure))
        return _(
            "“%(step)s” cannot be taken from the state “%(state)s”. Steps from there: %(possible)s."
        ) % {"step": self.transition, "state": self.measure.state, "possible": possible}

    def save(self, form: Any) -> str:  # form_valid does the work
        raise NotImplementedError
