"""The people of a municipality: invitations, roles, removal, resetting a second factor.

The account itself (name, e-mail, password, whether it is active) belongs to its owner and to
the platform operators; a municipality changes only what it gives: roles here.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from querschnitt.accounts.forms import RoleAddForm, UserInviteForm
from querschnitt.accounts.models import RoleAssignment, RoleInvitation, User
from querschnitt.accounts.selectors import (
    has_confirmed_device,
    invitations_of_municipality,
    users_of_municipality,
)
from querschnitt.accounts.services import (
    role_assign,
    role_invitation_create,
    role_invitation_withdraw,
    role_revoke,
    second_factor_reset,
    second_factor_reset_refusal,
    user_remove_from_municipality,
)
from querschnitt.core.views.staff import Confirmation, ConfirmMixin, ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin


class UserList(StaffMixin, ListView):
    permission = "users.manage"
    template_name = "accounts/staff/user_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[User]:
        return users_of_municipality(municipality=self.municipality)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "invitations": invitations_of_municipality(municipality=self.municipality),
        }


class UserInvite(ServiceFormMixin, StaffMixin, FormView):
    permission = "users.manage"
    template_name = "accounts/staff/user_invite.html"
    form_class = UserInviteForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"municipality": self.municipality}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"valid_days": RoleInvitation.VALID_FOR_DAYS}

    def form_valid(self, form: UserInviteForm) -> HttpResponse:
        try:
            invitation = role_invitation_create(
                municipality=self.municipality,
                by=self.request.user,
                base_url=f"{self.request.scheme}://{self.request.get_host()}",
                **form.cleaned_data,
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _(
                "The invitation has been sent to %(email)s. The role is given when it is "
                "accepted, within %(days)s days."
            )
            % {"email": invitation.email, "days": RoleInvitation.VALID_FOR_DAYS},
        )
        return HttpResponseRedirect(self.reverse("staff:user_list"))


class MemberMixin(StaffMixin):
    """A person holding a role in this municipality (anyone else is a 404)."""

    permission = "users.manage"
    member: User

    def load_objects(self) -> None:
        self.member = get_object_or_404(
            users_of_municipality(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"member": self.member}

    def back_to_member(self) -> HttpResponseRedirect:
        return HttpResponseRedirect(self.reverse("staff:user_detail", pk=self.member.pk))


class UserDetail(MemberMixin, TemplateView):
    """A person's roles here; links to remove them from the municipality or reset their
    second factor where that is allowed."""

    template_name = "accounts/staff/user_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        refusal = second_factor_reset_refusal(
            municipality=self.municipality, user=self.member, by=self.request.user
        )
        return super().get_context_data(**kwargs) | {
            "assignments": RoleAssignment.objects.filter(
                municipality=self.municipality, user=self.member
            ).select_related("department"),
            "role_form": kwargs.get("role_form") or RoleAddForm(municipality=self.municipality),
            "is_operator": self.member.is_superuser,
            "is_self": self.member.pk == self.request.user.pk,
            "may_reset": not refusal and has_confirmed_device(self.member),
        }


class RoleAdd(UserDetail):
    http_method_names = ["get", "post"]

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
                return self.back_to_member()
        return self.render_to_response(self.get_context_data(role_form=role_form), status=400)


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
        return self.back_to_member()

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


class UserRemove(MemberMixin, TemplateView):
    """Confirm, then take every role of the person here away; their account stays theirs."""

    template_name = "accounts/staff/user_remove.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user_remove_from_municipality(
                municipality=self.municipality, user=self.member, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back_to_member()
        messages.success(
            request,
            _("%(name)s no longer has access to %(place)s.")
            % {"name": self.member, "place": self.municipality.name},
        )
        return HttpResponseRedirect(self.reverse("staff:user_list"))


class SecondFactorReset(MemberMixin, TemplateView):
    """Confirm, then remove a colleague's authenticator and recovery codes."""

    template_name = "accounts/staff/second_factor_reset.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "refusal": second_factor_reset_refusal(
                municipality=self.municipality, user=self.member, by=self.request.user
            ),
            "has_device": has_confirmed_device(self.member),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            second_factor_reset(user=self.member, by=request.user, municipality=self.municipality)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "The second factor of %(name)s has been reset. They set up a new "
                    "authenticator app at their next sign-in."
                )
                % {"name": self.member},
            )
        return self.back_to_member()


class InvitationWithdraw(StaffMixin, TemplateView):
    """Confirm, then take back an invitation; its link stops working."""

    permission = "users.manage"
    template_name = "accounts/staff/invitation_withdraw.html"

    def load_objects(self) -> None:
        self.invitation = get_object_or_404(
            invitations_of_municipality(municipality=self.municipality), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"invitation": self.invitation}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role_invitation_withdraw(invitation=self.invitation, by=request.user)
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn.") % {"email": self.invitation.email},
        )
        return HttpResponseRedirect(self.reverse("staff:user_list"))
