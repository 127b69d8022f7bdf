"""Signing in with e-mail and password, then a TOTP code; signing out; resetting a password."""

from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django_otp import devices_for_user
from django_otp import login as otp_login

from querschnitt.accounts.forms import PasswordResetForm, SetPasswordForm, SignInForm, TokenForm
from querschnitt.accounts.permissions import needs_second_factor, roles_of
from querschnitt.accounts.services import totp_device_confirm, totp_device_for_setup
from querschnitt.core.views.base import MunicipalityMixin
from querschnitt.core.views.errors import render_error


class NextUrlMixin(MunicipalityMixin):
    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next", "")
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return self.reverse("staff:dashboard")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"next": self.next_url()}


class SignIn(NextUrlMixin, FormView):
    template_name = "accounts/signin.html"
    form_class = SignInForm

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = authenticate(
            self.request,
            username=form.cleaned_data["username"].lower(),
            password=form.cleaned_data["password"],
        )
        if getattr(self.request, "axes_locked_out", False):
            return locked_out(self.request)
        if user is None:
            form.add_error(None, _("The e-mail address or the password is not correct."))
            return self.form_invalid(form)
        if not user.is_superuser and not roles_of(user, self.municipality):
            form.add_error(
                None,
                _("This account has no access to %(name)s.") % {"name": self.municipality.name},
            )
            return self.form_invalid(form)
        login(self.request, user)
        has_device = any(True for _d in devices_for_user(user, confirmed=True))
        if has_device or needs_second_factor(user):
            return HttpResponseRedirect(
                f"{self.reverse('accounts:second_factor')}?{urlencode({'next': self.next_url()})}"
            )
        return HttpResponseRedirect(self.next_url())


class SignedInMixin(NextUrlMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return HttpResponseRedirect(self.reverse("accounts:signin"))
        return super().dispatch(request, *args, **kwargs)


class SecondFactor(SignedInMixin, FormView):
    template_name = "accounts/second_factor.html"
    form_class = TokenForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not any(
            True for _d in devices_for_user(request.user, confirmed=True)
        ):
            return HttpResponseRedirect(
                f"{self.reverse('accounts:totp_setup')}?{urlencode({'next': self.next_url()})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: TokenForm) -> HttpResponse:
        device = next(iter(devices_for_user(self.request.user, confirmed=True)))
        allowed, _reason = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "token",
                _("Too many wrong codes. Please wait a moment and try again."),
            )
            return self.form_invalid(form)
        if not device.verify_token(form.cleaned_data["token"]):
            form.add_error("token", _("This code is not valid. Enter the current code."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return HttpResponseRedirect(self.next_url())


class TOTPSetup(SignedInMixin, FormView):
    template_name = "accounts/totp_setup.html"
    form_class = TokenForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        device = totp_device_for_setup(user=self.request.user)  # type: ignore[arg-type]
        qr = segno.make(device.config_url, error="m")
        from base64 import b32encode

        secret = b32encode(device.bin_key).decode()
        return super().get_context_data(**kwargs) | {
            "qr_svg": mark_safe(
                qr.svg_inline(scale=5, title=_("QR code for your authenticator app")).replace(
                    "<svg ", '<svg role="img" ', 1
                )
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        }

    def form_valid(self, form: TokenForm) -> HttpResponse:
        device = totp_device_for_setup(user=self.request.user)  # type: ignore[arg-type]
        if not totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            form.add_error("token", _("This code is not valid. Enter the current code."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        messages.success(self.request, _("Your authenticator app is set up."))
        return HttpResponseRedirect(self.next_url())


@require_POST
def sign_out(request: HttpRequest, municipality: str) -> HttpResponse:
    logout(request)
    response = HttpResponseRedirect(request.municipality.get_absolute_url())  # type: ignore[attr-defined]
    return response


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    return render_error(
        request,
        429,
        _(
            "Too many failed attempts to sign in. The account is locked for 15 minutes; "
            "you can also reset your password."
        ),
    )


class PasswordReset(MunicipalityMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"

    def get_success_url(self) -> str:
        return self.reverse("accounts:password_reset_done")

    def form_valid(self, form: auth_forms.PasswordResetForm) -> HttpResponse:
        self.extra_email_context = {"municipality": self.municipality}
        return super().form_valid(form)


class PasswordResetDone(MunicipalityMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirm(MunicipalityMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm

    def get_success_url(self) -> str:
        return self.reverse("accounts:password_reset_complete")


class PasswordResetComplete(MunicipalityMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"login_url": self.reverse("accounts:signin")}
