"""The office keeps its decision path: states and the steps between them."""

from copy import copy
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from querschnitt.measures.forms import StateForm, TransitionConfigForm
from querschnitt.measures.models import MeasureState, Transition
from querschnitt.measures.services.decision_path import (
    state_delete,
    state_save,
    transition_delete,
    transition_save,
)
from querschnitt.measures.views.staff_base import FormPage, MeasuresStaffMixin


class DecisionPath(MeasuresStaffMixin, TemplateView):
    template_name = "measures/staff/decision_path.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        states = list(MeasureState.objects.filter(municipality=self.municipality))
        transitions = list(
            Transition.objects.filter(municipality=self.municipality).select_related(
                "from_state", "to_state", "body"
            )
        )
        outgoing: dict[int, list[Transition]] = {}
        for transition in transitions:
            outgoing.setdefault(transition.from_state_id, []).append(transition)
        return super().get_context_data(**kwargs) | {
            "states": [(state, outgoing.get(state.pk, [])) for state in states],
            "transitions": transitions,
        }


class StatePage(FormPage):
    form_class = StateForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The state has been saved.")

    def load_objects(self) -> None:
        self.state: MeasureState | None = None
        if "pk" in self.kwargs:
            self.state = get_object_or_404(
                MeasureState.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )
            self.delete_label = _("Delete the state")
            self.delete_question = _(
                "Delete this state? Only a state that no measure and no step uses can be deleted."
            )

    @property
    def title(self) -> str:
        return str(self.state) if self.state else _("New state")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = copy(self.state) if self.state else MeasureState(municipality=self.municipality)
        return super().get_form_kwargs() | {"municipality": self.municipality, "instance": instance}

    def back_url(self) -> str:
        return self.reverse("staff:decision_path")

    def save(self, form: StateForm) -> str:
        state_save(
            municipality=self.municipality,
            by=self.request.user,
            state=MeasureState.objects.get(pk=self.state.pk) if self.state else None,
            **form.service_fields(),
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.state is not None
        state_delete(state=self.state, by=self.request.user)
        return self.back_url()


class TransitionPage(FormPage):
    form_class = TransitionConfigForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The step has been saved.")

    def load_objects(self) -> None:
        self.transition: Transition | None = None
        if "pk" in self.kwargs:
            self.transition = get_object_or_404(
                Transition.objects.filter(municipality=self.municipality), pk=self.kwargs["pk"]
            )
            self.delete_label = _("Delete the step")
            self.delete_question = _(
                "Delete this step? A step that measures have taken stays on record."
            )

    @property
    def title(self) -> str:
        return str(self.transition) if self.transition else _("New step")

    def get_form_kwargs(self) -> dict[str, Any]:
        instance = (
            copy(self.transition) if self.transition else Transition(municipality=self.municipality)
        )
        return super().get_form_kwargs() | {"municipality": self.municipality, "instance": instance}

    def back_url(self) -> str:
        return self.reverse("staff:decision_path")

    def save(self, form: TransitionConfigForm) -> str:
        transition_save(
            municipality=self.municipality,
            by=self.request.user,
            transition=Transition.objects.get(pk=self.transition.pk) if self.transition else None,
            **form.service_fields(),
        )
        return self.back_url()

    def delete(self) -> str:
        assert self.transition is not None
        transition_delete(transition=self.transition, by=self.request.user)
        return self.back_url()
