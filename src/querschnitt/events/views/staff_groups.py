"""Working groups for the office: found them (from an event or directly), follow them
against their horizon, extend or conclude them; members and meetings are kept on the
group's body (bodies app). Body members follow the groups they sit on."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from querschnitt.bodies.models import Meeting, Membership, current_membership_q
from querschnitt.core.views.staff import Confirmation
from querschnitt.core.views.staff_base import StaffMixin
from querschnitt.events.forms.staff import (
    ConcludeForm,
    ExtendForm,
    GroupOrganisationForm,
    ResultForm,
    WorkingGroupForm,
)
from querschnitt.events.models import Event, WorkingGroup, WorkingGroupOrganisation
from querschnitt.events.selectors.working_groups import (
    groups_near_their_end,
    groups_of,
    horizon,
)
from querschnitt.events.services.working_groups import (
    working_group_conclude,
    working_group_extend,
    working_group_found,
    working_group_organisation_add,
    working_group_organisation_remove,
    working_group_result_add,
    working_group_update,
)
from querschnitt.events.views.staff_base import FormPage, OfficeMixin


class WorkingGroupList(OfficeMixin, TemplateView):
    template_name = "events/staff/working_group_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        near_end = self.request.GET.get("zeige") == "ende"
        if near_end:
            groups = groups_near_their_end(municipality=self.municipality, today=today)
        else:
            groups = groups_of(municipality=self.municipality)
        groups = groups.order_by("concluded_on", "body__planned_end_date", "body__name")
        return super().get_context_data(**kwargs) | {
            "groups": [(group, horizon(group, today)) for group in groups],
            "near_end": near_end,
        }


class WorkingGroupCreate(OfficeMixin, FormPage):
    form_class = WorkingGroupForm
    title = gettext_lazy("Found a working group")
    submit_label = gettext_lazy("Found the group")

    def load_objects(self) -> None:
        self.founded_at: Event | None = None
        chosen = self.request.GET.get("veranstaltung", "") or self.request.POST.get(
            "veranstaltung", ""
        )
        if chosen.isdigit():
            self.founded_at = get_object_or_404(
                Event.objects.filter(municipality=self.municipality), pk=int(chosen)
            )

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        intro = _("A working group has a clear goal, a mandate and a time horizon.")
        if self.founded_at is not None:
            intro = _("Founded at %(event)s. %(rest)s") % {"event": self.founded_at, "rest": intro}
        return super().get_context_data(**kwargs) | {
            "intro": intro,
            "hidden": {"veranstaltung": self.founded_at.pk} if self.founded_at else {},
        }

    def back_url(self) -> str:
        if self.founded_at is not None:
            return self.reverse("staff:event_detail", pk=self.founded_at.pk)
        return self.reverse("staff:working_group_list")

    def save(self, form: WorkingGroupForm) -> str:
        group = working_group_found(
            municipality=self.municipality,
            by=self.request.user,
            founded_at=self.founded_at,
            **form.service_fields(),
        )
        messages.success(self.request, _("The working group is founded."))
        return self.reverse("staff:working_group_detail", pk=group.pk)


class GroupMixin(OfficeMixin):
    def load_objects(self) -> None:
        self.group = get_object_or_404(
            groups_of(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"group": self.group}

    def back_url(self) -> str:
        return self.reverse("staff:working_group_detail", pk=self.group.pk)


def group_context(group: WorkingGroup, municipality: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body = group.body
    meetings = Meeting.objects.filter(municipality=municipality, body=body).order_by("-start")
    return {
        "body": body,
        "horizon": horizon(group, today),
        "members": list(
            Membership.objects.filter(municipality=municipality, body=body)
            .filter(current_membership_q())
            .select_related("person", "on_behalf_of")
            .order_by("role", "person__family_name")
        ),
        "organisations": list(group.organisations.select_related("organisation")),
        "meetings_held": meetings.filter(start__lt=timezone.now()).count(),
        "next_meeting": meetings.filter(start__gte=timezone.now()).order_by("start").first(),
        "results": list(group.results.all()),
        "extensions": list(group.extensions.all()),
    }


class WorkingGroupDetail(GroupMixin, TemplateView):
    template_name = "events/staff/working_group_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return (
            super().get_context_data(**kwargs)
            | group_context(self.group, self.municipality)
            | {
                "organisation_form": GroupOrganisationForm(municipality=self.municipality),
                "result_form": ResultForm(),
            }
        )


class WorkingGroupEdit(GroupMixin, FormPage):
    form_class = WorkingGroupForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The working group has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        body = self.group.body
        return super().get_form_kwargs() | {
            "municipality": self.municipality,
            "editing": True,
            "initial_translated": {"goal": body.goal, "mandate": body.mandate},
            "initial": {
                "name": body.name,
                "start_date": body.start_date,
                "is_public": body.is_public,
                "focus_topic": self.group.focus_topic,
                "focus_year": self.group.focus_year,
            },
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("Change the working group"),
            "intro": _("The planned end changes by extending the group."),
        }

    def save(self, form: WorkingGroupForm) -> str:
        working_group_update(group=self.group, by=self.request.user, **form.service_fields())
        return self.back_url()


class WorkingGroupExtend(GroupMixin, FormPage):
    form_class = ExtendForm
    title = gettext_lazy("Extend the working group")
    submit_label = gettext_lazy("Go on")

    def form_valid(self, form: ExtendForm) -> HttpResponse:
        data = form.cleaned_data
        if not self.is_confirmed():
            return self.confirm_page(
                Confirmation(
                    question=_("Extend the working group?"),
                    consequences=[
                        _("Its planned end moves to %(date)s.")
                        % {"date": data["new_end"].strftime("%d.%m.%Y")},
                        _("The extension and its reason stay on the group's page."),
                    ],
                    confirm_label=_("Extend"),
                    cancel_url=self.back_url(),
                    details=[(_("Working group"), str(self.group)), (_("Reason"), data["reason"])],
                    carry={"new_end": data["new_end"].isoformat(), "reason": data["reason"]},
                )
            )
        try:
            working_group_extend(
                group=self.group,
                by=self.request.user,
                new_end=data["new_end"],
                reason=data["reason"],
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The working group has more time."))
        return HttpResponseRedirect(self.back_url())


class WorkingGroupConclude(GroupMixin, FormPage):
    form_class = ConcludeForm
    title = gettext_lazy("Conclude the working group")
    submit_label = gettext_lazy("Go on")

    def form_valid(self, form: ConcludeForm) -> HttpResponse:
        data = form.cleaned_data
        if not self.is_confirmed():
            return self.confirm_page(
                Confirmation(
                    question=_("Conclude the working group?"),
                    consequences=[
                        _("The group ends on %(date)s; its body counts as dissolved.")
                        % {"date": data["concluded_on"].strftime("%d.%m.%Y")},
                        _("Its result is shown on its page."),
                    ],
                    confirm_label=_("Conclude"),
                    cancel_url=self.back_url(),
                    details=[(_("Working group"), str(self.group)), (_("Result"), data["result"])],
                    carry={
                        "concluded_on": data["concluded_on"].isoformat(),
                        "result": data["result"],
                    },
                    irreversible=True,
                )
            )
        try:
            working_group_conclude(
                group=self.group,
                by=self.request.user,
                concluded_on=data["concluded_on"],
                result=data["result"],
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The working group is concluded."))
        return HttpResponseRedirect(self.back_url())


class WorkingGroupOrganisations(GroupMixin, TemplateView):
    """Add an organisation to the group, or (with `remove`) take one off it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        remove = request.POST.get("remove", "")
        if remove.isdigit():
            member = get_object_or_404(
                WorkingGroupOrganisation.objects.filter(
                    municipality=self.municipality, group=self.group
                ),
                pk=int(remove),
            )
            working_group_organisation_remove(member=member, by=request.user)
            messages.success(request, _("The organisation has been taken off the group."))
            return HttpResponseRedirect(self.back_url())
        form = GroupOrganisationForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            try:
                working_group_organisation_add(
                    group=self.group,
                    by=request.user,
                    organisation=form.cleaned_data["organisation"],
                    since=form.cleaned_data["since"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The organisation works in the group now."))
        else:
            messages.error(request, _("Choose an organisation."))
        return HttpResponseRedirect(self.back_url())


class WorkingGroupResult(GroupMixin, FormPage):
    form_class = ResultForm
    title = gettext_lazy("Add a result")
    submit_label = gettext_lazy("Add")
    success_message = gettext_lazy("The result has been added.")

    def save(self, form: ResultForm) -> str:
        working_group_result_add(group=self.group, by=self.request.user, **form.cleaned_data)
        return self.back_url()


class MyWorkingGroups(StaffMixin, TemplateView):
    """The working groups a body member sits on, and where each stands."""

    permission = "events.follow_working_groups"
    template_name = "events/staff/my_working_groups.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        memberships = Membership.objects.filter(
            municipality=self.municipality, person__user=self.request.user
        ).filter(current_membership_q())
        groups = groups_of(municipality=self.municipality).filter(
            body__in=memberships.values("body")
        )
        return super().get_context_data(**kwargs) | {
            "groups": [(group, horizon(group, today)) for group in groups.order_by("body__name")],
        }
