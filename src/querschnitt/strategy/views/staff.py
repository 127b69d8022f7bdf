"""The office keeps its target system: fields of action, the goal tree with the versions of
the guiding principle, and the indicators of controlling with targets and actual values."""

from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.strategy.forms import (
    ActualForm,
    FieldOfActionForm,
    GoalForm,
    GoalVersionForm,
    IndicatorForm,
)
from querschnitt.strategy.models import (
    ControllingIndicator,
    FieldOfAction,
    Goal,
    GoalVersion,
    IndicatorActual,
)
from querschnitt.strategy.services import (
    field_of_action_save,
    goal_delete,
    goal_save,
    goal_version_add,
    indicator_actual_record,
    indicator_save,
)


class StrategyMixin(ServiceFormMixin, StaffMixin):
    permission = "strategy.manage"


class FormPage(StrategyMixin, FormView):
    template_name = "strategy/staff/form.html"
    title: Any = ""
    submit_label: Any = gettext_lazy("Save")
    success_message: Any = ""
    delete_label: Any = ""

    def save(self, form: Any) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        return self.reverse("staff:goal_list")

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": self.title,
            "submit_label": self.submit_label,
            "back_url": self.back_url(),
            "delete_label": self.delete_label,
        }

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            target = self.save(form)
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        if self.success_message:
            messages.success(self.request, str(self.success_message))
        return HttpResponseRedirect(target)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


def tree(goals: list[Goal]) -> list[tuple[Goal, int]]:
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    ordered: list[tuple[Goal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


class GoalList(StrategyMixin, TemplateView):
    template_name = "strategy/staff/goal_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        m = self.municipality
        goals = list(Goal.objects.filter(municipality=m).prefetch_related("fields_of_action"))
        return super().get_context_data(**kwargs) | {
            "fields": FieldOfAction.objects.filter(municipality=m),
            "tree": tree(goals),
            "indicators": ControllingIndicator.objects.filter(municipality=m).select_related(
                "goal"
            ),
        }


class FieldOfActionPage(FormPage):
    form_class = FieldOfActionForm
    success_message = gettext_lazy("The field of action has been saved.")

    def load_objects(self) -> None:
        self.field = None
        if "pk" in self.kwargs:
            self.field = get_object_or_404(
                FieldOfAction.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )

    @property
    def title(self) -> str:
        return str(self.field) if self.field else _("New field of action")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = copy(self.field) if self.field else FieldOfAction(municipality=self.municipality)
        return super().get_form_kwargs() | {"instance": instance}

    def save(self, form: FieldOfActionForm) -> str:
        field_of_action_save(
            municipality=self.municipality,
            by=self.request.user,
            field=FieldOfAction.objects.get(pk=self.field.pk) if self.field else None,
            **form.service_fields(),
        )
        return self.back_url()


class GoalPage(FormPage):
    form_class = GoalForm
    template_name = "strategy/staff/goal_form.html"
    success_message = gettext_lazy("The goal has been saved.")

    def load_objects(self) -> None:
        self.goal = None
        if "pk" in self.kwargs:
            self.goal = get_object_or_404(
                Goal.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )
            self.delete_label = _("Delete the goal")

    @property
    def title(self) -> str:
        return str(self.goal) if self.goal else _("New goal")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = copy(self.goal) if self.goal else Goal(municipality=self.municipality)
        return super().get_form_kwargs() | {"instance": instance}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.goal:
            context |= {
                "goal": self.goal,
                "versions": GoalVersion.objects.filter(
                    municipality=self.municipality, goal=self.goal
                ),
                "indicators": ControllingIndicator.objects.filter(
                    municipality=self.municipality, goal=self.goal
                ),
            }
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.goal and "loeschen" in request.GET:
            return render(request, "strategy/staff/delete.html", self.get_context_data(form=None))
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.goal and request.POST.get("action") == "delete":
            try:
                goal_delete(goal=self.goal, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(request.path)
            messages.success(request, _("Deleted."))
            return HttpResponseRedirect(self.back_url())
        return super().post(request, *args, **kwargs)

    def save(self, form: GoalForm) -> str:
        values = form.service_fields()
        goal_save(
            municipality=self.municipality,
            by=self.request.user,
            goal=Goal.objects.get(pk=self.goal.pk) if self.goal else None,
            fields_of_action=form.cleaned_data["fields_of_action"],
            **values,
        )
        return self.back_url()


class GoalVersionCreate(FormPage):
    form_class = GoalVersionForm
    submit_label = gettext_lazy("Record the version")
    success_message = gettext_lazy("The new version has been recorded.")

    def load_objects(self) -> None:
        self.goal = get_object_or_404(
            Goal.objects.filter(municipality=self.municipality, level=Goal.Level.GUIDING_PRINCIPLE),
            pk=self.kwargs["pk"],
        )

    @property
    def title(self) -> str:
        return _("New version of %(goal)s") % {"goal": self.goal}

    def back_url(self) -> str:
        return self.reverse("staff:goal_edit", pk=self.goal.pk)

    def save(self, form: GoalVersionForm) -> str:
        goal_version_add(goal=self.goal, by=self.request.user, **form.service_fields())
        return self.back_url()


class IndicatorPage(FormPage):
    form_class = IndicatorForm
    template_name = "strategy/staff/indicator_form.html"
    success_message = gettext_lazy("The indicator has been saved.")

    def load_objects(self) -> None:
        self.indicator = None
        if "pk" in self.kwargs:
            self.indicator = get_object_or_404(
                ControllingIndicator.objects.filter(municipality=self.municipality),
                pk=self.kwargs["pk"],
            )

    @property
    def title(self) -> str:
        return str(self.indicator) if self.indicator else _("New indicator")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = (
            copy(self.indicator)
            if self.indicator
            else ControllingIndicator(municipality=self.municipality)
        )
        return super().get_form_kwargs() | {"instance": instance}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.indicator:
            context |= {
                "indicator": self.indicator,
                "actuals": IndicatorActual.objects.filter(
                    municipality=self.municipality, indicator=self.indicator
                )
                .select_related("department")
                .order_by("-measured_on", "-pk")[:40],
            }
        return context

    def save(self, form: IndicatorForm) -> str:
        values = form.service_fields()
        indicator_save(
            municipality=self.municipality,
            by=self.request.user,
            indicator=ControllingIndicator.objects.get(pk=self.indicator.pk)
            if self.indicator
            else None,
            targets=form.cleaned_data["targets"],
            **values,
        )
        return self.back_url()


class ActualCreate(FormPage):
    form_class = ActualForm
    submit_label = gettext_lazy("Record the value")
    success_message = gettext_lazy("The actual value has been recorded.")

    def load_objects(self) -> None:
        self.indicator = get_object_or_404(
            ControllingIndicator.objects.filter(municipality=self.municipality),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("municipality")
        return kwargs

    @property
    def title(self) -> str:
        return _("Actual value of %(indicator)s") % {"indicator": self.indicator}

    def back_url(self) -> str:
        return self.reverse("staff:indicator_edit", pk=self.indicator.pk)

    def save(self, form: ActualForm) -> str:
        indicator_actual_record(indicator=self.indicator, by=self.request.user, **form.cleaned_data)
        return self.back_url()
