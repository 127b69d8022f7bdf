"""The owner's own account: name, e-mail address, password, second factor, recovery codes."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.forms import AccountForm, EmailChangeForm, PasswordChangeForm
from querschnitt.accounts.models import User
from querschnitt.accounts.selectors import recovery_codes_remaining
from querschnitt.accounts.services import (
    account_email_change,
    account_email_change_request,
    account_password_change,
    account_update,
    recovery_codes_generate,
)
from querschnitt.accounts.services.account import email_change_from_token
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error
from querschnitt.core.views.staff import ServiceFormMixin
from querschnitt.core.views.staff_base import StaffMixin


class OwnAccountMixin(StaffMixin):
    """Pages of the signed-in person's own account; past the second factor where it is needed."""

    permission = "account.manage_own"

    @property
    def owner(self) -> User:
        return self.request.user  # type: ignore[return-value]


class AccountOverview(ServiceFormMixin, OwnAccountMixin, FormView):
    template_name = "accounts/account.html"
    form_class = AccountForm

    def get_initial(self) -> dict[str, Any]:
        return {"full_name": self.owner.full_name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "has_authenticator": TOTPDevice.objects.filter(
                user=self.owner, confirmed=True
            ).exists(),
            "recovery_codes_left": recovery_codes_remaining(user=self.owner),
        }

    def form_valid(self, form: AccountForm) -> HttpResponse:
        try:
            account_update(
                user=self.owner,
                full_name=form.cleaned_data["full_name"],
                by=self.owner,
                municipality=self.municipality,
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(self.request, _("Your name has been saved."))
        return HttpResponseRedirect(self.reverse("accounts:account"))


class EmailChange(ServiceFormMixin, OwnAccountMixin, FormView):
    template_name = "accounts/email_change.html"
    form_class = EmailChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"user": self.owner}

    def form_valid(self, form: EmailChangeForm) -> HttpResponse:
        try:
            account_email_change_request(
                user=self.owner,
                email=form.cleaned_data["email"],
                municipality=self.municipality,
                base_url=f"{self.request.scheme}://{self.request.get_host()}",
            )
        except ValidationError as error:
            return self.apply_service_errors(form, error)
        messages.success(
            self.request,
            _(
                "We have sent a link to %(email)s. Your address changes when you open it; "
                "until then you sign in with the current one."
            )
            % {"email": form.cleaned_data["email"]},
        )
        return HttpResponseRedirect(self.reverse("accounts:account"))


class EmailConfirm(MunicipalityMixin, TemplateView):
    """The link mailed to a new address: confirm on a page (mail scanners open links)."""

    template_name = "accounts/email_confirm.html"
    private = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = email_change_from_token(token=kwargs["token"])
        if found is None:
            return render_error(request, 400, _("This link is no longer valid."))
        user, email = found
        return self.render_to_response(self.get_context_data(account=user, new_email=email))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = account_email_change(token=kwargs["token"], municipality=self.municipality)
        except ValidationError as error:
            return render_error(request, 400, " ".join(error.messages))
        messages.success(
            request,
            _("Your account now signs in with %(email)s.") % {"email": user.email},
        )
        if request.user.is_authenticated and request.user.pk == user.pk:
            return HttpResponseRedirect(self.reverse("accounts:account"))
        return HttpResponseRedirect(self.reverse("accounts:signin"))


class PasswordChange(OwnAccountMixin, FormView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"user": self.owner}

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = account_password_change(
            user=self.owner,
            password=form.cleaned_data["new_password1"],
            municipality=self.municipality,
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your new password is saved."))
        return HttpResponseRedirect(self.reverse("accounts:account"))


class RecoveryCodes(OwnAccountMixin, TemplateView):
    """How many recovery codes are left; new ones replace them all and are shown once."""

    template_name = "accounts/recovery_codes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "remaining": recovery_codes_remaining(user=self.owner),
            "has_authenticator": TOTPDevice.objects.filter(
                user=self.owner, confirmed=True
            ).exists(),
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            codes = recovery_codes_generate(user=self.owner, municipality=self.municipality)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.reverse("accounts:recovery_codes"))
        return render(
            request,
            "accounts/recovery_codes_new.html",
            {"codes": codes, "continue_url": self.reverse("accounts:account")},
        )
