"""Managing the users of a municipality and their roles."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from querschnitt.accounts.forms import RoleAddForm, UserEditForm, UserInviteForm, user_initial
from querschnitt.accounts.models import RoleAssignment, User
from querschnitt.accounts.selectors import users_of_municipality
from querschnitt.accounts.services import role_assign, role_revoke, user_invite, user_update
from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin


class UserList(StaffMixin, ListView):
    permission = "users.manage"
    template_name = "accounts/staff/user_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[User]:
        return users_of_municipality(municipality=self.municipality)


class UserInvite(ServiceFormMixin, StaffMixin, FormView):
    permission = "users.manage"
    template_name = "accounts/staff/user_invite.html"
    form_class = UserInviteForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def form_valid(self, form: UserInviteForm) -> HttpResponse:
        try:
            user = user_invite(
                municipality=self.municipality,
                by=self.request.user,
                base_url=f"{self.request.scheme}://{self.request.get_host()}",
                **form.cleaned_data,
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("%(name)s now has access.") % {"name": user})
        return HttpResponseRedirect(self.reverse("staff:user_detail", pk=user.pk))


class UserDetail(ServiceFormMixin, StaffMixin, FormView):
    """A user's name and state, and their roles in this municipality."""

    permission = "users.manage"
    template_name = "accounts/staff/user_detail.html"
    form_class = UserEditForm

    def load_objects(self) -> None:
        self.member = get_object_or_404(
            users_of_municipality(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_initial(self) -> dict[str, Any]:
        return user_initial(self.member)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "member": self.member,
            "assignments": RoleAssignment.objects.filter(
                municipality=self.municipality, user=self.member
            ).select_related("department"),
            "role_form": kwargs.get("role_form") or RoleAddForm(municipality=self.municipality),
        }

    def form_valid(self, form: UserEditForm) -> HttpResponse:
        try:
            user_update(
                municipality=self.municipality,
                user=self.member,
                by=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("The account has been saved."))
        return HttpResponseRedirect(self.reverse("staff:user_detail", pk=self.member.pk))


class RoleAdd(UserDetail):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role_form = RoleAddForm(request.POST, municipality=self.municipality)
        if role_form.is_valid():
            try:
                role_assign(
                    municipality=self.municipality,
                    user=self.member,
                    by=request.user,
                    **role_form.cleaned_data,
                )
            except ValidationError as error:
                role_form.add_error(None, error)
            else:
                messages.success(request, _("The role has been added."))
                return HttpResponseRedirect(self.reverse("staff:user_detail", pk=self.member.pk))
        return self.render_to_response(
            self.get_context_data(form=self.get_form(), role_form=role_form), status=400
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        return kwargs


class RoleRevoke(ConfirmMixin, UserDetail):
    """Removing a role asks first (the button on the user's page leads to the question)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assignment = get_object_or_404(
            RoleAssignment.objects.filter(municipality=self.municipality, user=self.member),
            pk=kwargs["role_pk"],
        )
        if not self.is_confirmed():
            return self.confirm_page(self.confirmation(assignment))
        try:
            role_revoke(assignment=assignment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The role has been removed."))
        return HttpResponseRedirect(self.reverse("staff:user_detail", pk=self.member.pk))

    def confirmation(self, assignment: RoleAssignment) -> Confirmation:
        names = {"person": str(self.member), "role": str(assignment)}
        last = not (
            RoleAssignment.objects.filter(municipality=self.municipality, user=self.member)
            .exclude(pk=assignment.pk)
            .exists()
        )
        consequences = [
            _("%(person)s can no longer open the pages of the role %(role)s here.") % names,
            _(
                "It is their last role here: they can no longer sign in to this municipality. "
                "The account and its history remain."
            )
            if last
            else "",
            _("You can give the role again at any time under “Add a role”."),
        ]
        return Confirmation(
            question=_("Remove the role %(role)s from %(person)s?") % names,
            consequences=[text for text in consequences if text],
            confirm_label=_("Yes, remove the role"),
            cancel_url=self.reverse("staff:user_detail", pk=self.member.pk),
            details=[
                (_("Person"), f"{self.member} <{self.member.email}>"),
                (_("Role"), str(assignment)),
            ],
        )
