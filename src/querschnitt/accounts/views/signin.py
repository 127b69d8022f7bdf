"""Signing in with e-mail and password, then a TOTP code; signing out; resetting a password."""

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.forms import (
    AuthenticatorReplaceForm,
    PasswordResetForm,
    RecoveryCodeForm,
    SetPasswordForm,
    SignInForm,
    TokenForm,
)
from querschnitt.accounts.permissions import needs_second_factor, session_verified
from querschnitt.accounts.selectors import (
    has_confirmed_device,
    may_sign_in,
    recovery_codes_remaining,
)
from querschnitt.accounts.services import (
    recovery_code_use,
    totp_device_confirm,
    totp_device_for_setup,
)
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


SIGN_IN_FAILED = _lazy(
    "The e-mail address or the password is not correct, or the account has no access here."
)


class SignIn(NextUrlMixin, FormView):
    """E-mail and password; then the second factor if the account needs one.

    Every failure gets the same answer and counts for the throttle, a right password on an
    account without access here included, so the page never confirms a password.
    """

    template_name = "accounts/signin.html"
    form_class = SignInForm
    private = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        email = form.cleaned_data["username"].lower()
        user = authenticate(self.request, username=email, password=form.cleaned_data["password"])
        if user is not None and not may_sign_in(user, self.municipality):
            user_login_failed.send(
                sender=__name__, credentials={"username": email}, request=self.request
            )
            user = None
        if getattr(self.request, "axes_locked_out", False):
            return locked_out(self.request)
        if user is None:
            form.add_error(None, SIGN_IN_FAILED)
            return self.form_invalid(form)
        login(self.request, user)
        if needs_second_factor(self.request.user):
            return HttpResponseRedirect(
                f"{self.reverse('accounts:second_factor')}?{urlencode({'next': self.next_url()})}"
            )
        return HttpResponseRedirect(self.next_url())


class SignedInMixin(NextUrlMixin):
    private = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{self.reverse('accounts:signin')}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def redirect_to(self, name: str) -> HttpResponseRedirect:
        return HttpResponseRedirect(f"{self.reverse(name)}?{urlencode({'next': self.next_url()})}")


def verified_here(request: HttpRequest, device: Any) -> None:
    """Mark the session as verified with this device, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()


class SecondFactor(SignedInMixin, TemplateView):
    """The code from the authenticator app, or one of the recovery codes."""

    template_name = "accounts/second_factor.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and session_verified(user):
            return HttpResponseRedirect(self.next_url())
        if user.is_authenticated and not has_confirmed_device(user):
            return self.redirect_to("accounts:totp_setup")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "form": kwargs.get("form") or TokenForm(),
            "recovery_form": kwargs.get("recovery_form") or RecoveryCodeForm(),
            "recovery_open": "recovery_form" in kwargs,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "recovery_code" in request.POST:
            return self.use_recovery_code(RecoveryCodeForm(request.POST))
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = request.user
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            form.add_error(
                "token", _("Your account has no authenticator app. Use a recovery code.")
            )
            return self.render_to_response(self.get_context_data(form=form))
        allowed, _reason = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Please wait a moment and try again."))
            return self.render_to_response(self.get_context_data(form=form))
        if not device.verify_token(form.cleaned_data["token"]):
            form.add_error("token", _("This code is not valid. Enter the current code."))
            return self.render_to_response(self.get_context_data(form=form))
        verified_here(request, device)
        return HttpResponseRedirect(self.next_url())

    def use_recovery_code(self, form: RecoveryCodeForm) -> HttpResponse:
        if form.is_valid():
            try:
                device = recovery_code_use(
                    user=self.request.user,  # type: ignore[arg-type]
                    code=form.cleaned_data["recovery_code"],
                    municipality=self.municipality,
                )
            except ValidationError as error:
                form.add_error("recovery_code", error.message_dict["recovery_code"])
            else:
                if device is not None:
                    verified_here(self.request, device)
                    remaining = recovery_codes_remaining(user=self.request.user)  # type: ignore[arg-type]
                    messages.warning(
                        self.request,
                        ngettext(
                            "You signed in with a recovery code. %(count)s code remains. If "
                            "you lost your authenticator app, replace it on your account page.",
                            "You signed in with a recovery code. %(count)s codes remain. If "
                            "you lost your authenticator app, replace it on your account page.",
                            remaining,
                        )
                        % {"count": remaining},
                    )
                    return HttpResponseRedirect(self.next_url())
                form.add_error("recovery_code", _("This recovery code is not valid or was used."))
        return self.render_to_response(self.get_context_data(recovery_form=form))


class TOTPSetup(SignedInMixin, FormView):
    """Set up an authenticator app: first set-up right after the password, or a replacement.

    An account that already has a confirmed device (an authenticator or recovery codes) may
    only replace it, on a session verified with it, and says so explicitly; the old
    authenticator keeps working until the new one is confirmed.
    """

    template_name = "accounts/totp_setup.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated:
            self.replacing = has_confirmed_device(user)
            if self.replacing and not session_verified(user):
                return self.redirect_to("accounts:second_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[TokenForm]:
        return AuthenticatorReplaceForm if self.replacing else TokenForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        device = totp_device_for_setup(user=self.request.user)  # type: ignore[arg-type]
        qr = segno.make(device.config_url, error="m")
        secret = b32encode(device.bin_key).decode()
        return super().get_context_data(**kwargs) | {
            "replacing": self.replacing,
            "qr_svg": mark_safe(
                qr.svg_inline(scale=5, title=_("QR code for your authenticator app")).replace(
                    "<svg ", '<svg role="img" ', 1
                )
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        }

    def form_valid(self, form: TokenForm) -> HttpResponse:
        device = totp_device_for_setup(user=self.request.user)  # type: ignore[arg-type]
        try:
            codes = totp_device_confirm(
                device=device,
                token=form.cleaned_data["token"],
                replace=self.replacing and bool(form.cleaned_data.get("replace")),
                municipality=self.municipality,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if codes is None:
            form.add_error("token", _("This code is not valid. Enter the current code."))
            return self.form_invalid(form)
        verified_here(self.request, device)
        if codes:
            return render(
                self.request,
                "accounts/recovery_codes_new.html",
                {"codes": codes, "continue_url": self.next_url(), "first_setup": True},
            )
        messages.success(self.request, _("Your new authenticator app is set up."))
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
