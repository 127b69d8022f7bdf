"""Accepting an invitation from the mailed link: sign in as the invited account, or create it."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from querschnitt.accounts.forms import NewAccountForm
from querschnitt.accounts.models import RoleInvitation, User
from querschnitt.accounts.permissions import second_factor_missing
from querschnitt.accounts.selectors import role_invitation_by_token
from querschnitt.accounts.services import (
    role_invitation_accept,
    role_invitation_accept_with_new_account,
)
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error


class InvitationAccept(MunicipalityMixin, TemplateView):
    """What the link shows depends on whether the address has an account by now:

    - it has one: sign in as that account (past its second factor), then accept;
    - it has none: choose a name and a password, which creates the account and accepts.
    """

    template_name = "accounts/invitation_accept.html"
    private = True
    invitation: RoleInvitation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        found = role_invitation_by_token(municipality=self.municipality, token=kwargs["token"])
        if found is None:
            return render_error(
                request,
                400,
                _(
                    "This invitation is no longer valid: it was accepted, withdrawn or has "
                    "expired. Ask the office for a new one."
                ),
            )
        self.invitation = found
        self.account = User.objects.filter(email__iexact=found.email).first()
        user = request.user
        if (
            self.account is not None
            and user.is_authenticated
            and user.pk == self.account.pk
            and second_factor_missing(user)
        ):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{self.reverse('accounts:second_factor')}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def situation(self) -> str:
        user = self.request.user
        if self.account is None:
            return "other_account" if user.is_authenticated else "new_account"
        if not user.is_authenticated:
            return "sign_in"
        return "accept" if user.pk == self.account.pk else "other_account"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        situation = self.situation()
        signin = self.reverse("accounts:signin")
        return super().get_context_data(**kwargs) | {
            "invitation": self.invitation,
            "situation": situation,
            "form": kwargs.get("form")
            or NewAccountForm(
                initial={"full_name": self.invitation.full_name}, email=self.invitation.email
            ),
            "signin_url": f"{signin}?{urlencode({'next': self.request.get_full_path()})}",
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        situation = self.situation()
        if situation == "accept":
            return self.accept()
        if situation == "new_account":
            return self.create_account(NewAccountForm(request.POST, email=self.invitation.email))
        return self.render_to_response(self.get_context_data(), status=400)

    def accept(self) -> HttpResponse:
        try:
            role_invitation_accept(invitation=self.invitation, user=self.request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            return render_error(self.request, 400, " ".join(error.messages))
        messages.success(
            self.request,
            _("Welcome: you now work in %(name)s as %(role)s.")
            % {"name": self.municipality.name, "role": self.invitation.get_role_display()},
        )
        return HttpResponseRedirect(self.reverse("staff:dashboard"))

    def create_account(self, form: NewAccountForm) -> HttpResponse:
        if form.is_valid():
            try:
                user = role_invitation_accept_with_new_account(
                    invitation=self.invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    self.request,
                    _("Welcome: you now work in %(name)s as %(role)s.")
                    % {"name": self.municipality.name, "role": self.invitation.get_role_display()},
                )
                return HttpResponseRedirect(self.reverse("staff:dashboard"))
        return self.render_to_response(self.get_context_data(form=form))
