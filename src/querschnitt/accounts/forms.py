"""Forms for signing in, the second factor and managing users."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from querschnitt.accounts.models import Role, User
from querschnitt.core.forms import Form, KernFormMixin
from querschnitt.core.models import Department, Municipality


class SignInForm(Form):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class PasswordResetForm(KernFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(KernFormMixin, auth_forms.SetPasswordForm):
    pass


class RoleAddForm(Form):
    """A role, with the department that a department liaison needs."""

    # Radios: every role is read in full on a phone, and none is chosen before staff choose.
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Required for department liaisons."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, is_active=True
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.DEPARTMENT_LIAISON and not data.get("department"):
            self.add_error("department", _("Choose the department this liaison works for."))
        if data.get("role") != Role.DEPARTMENT_LIAISON:
            data["department"] = None
        return data


class UserInviteForm(RoleAddForm):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))

    field_order = ["full_name", "email", "role", "department"]


class UserEditForm(Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    is_active = forms.BooleanField(
        label=_("Account active"),
        required=False,
        help_text=_("An inactive account cannot sign in anywhere."),
    )


def user_initial(user: User) -> dict[str, Any]:
    return {"full_name": user.full_name, "is_active": user.is_active}
