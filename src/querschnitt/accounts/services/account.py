"""An account belongs to its owner (and the platform operators): name, e-mail, password."""

from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from querschnitt.accounts.models import User
from querschnitt.accounts.services.audit import audit_account
from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse

EMAIL_CHANGE_SALT = "querschnitt.accounts.email-change"
EMAIL_CHANGE_VALID_DAYS = 3


@transaction.atomic
def account_update(
    *, user: User, full_name: str, by: Any, municipality: Municipality | None = None
) -> User:
    """The owner changes the name of their account."""
    full_name = full_name.strip()
    if full_name == user.full_name:
        return user
    before = user.full_name
    user.full_name = full_name
    user.full_clean()
    user.save(update_fields=["full_name"])
    audit_account(
        user=user,
        by=by,
        action="account.updated",
        municipality=municipality,
        changes={"full_name": {"from": before, "to": full_name}},
    )
    return user


def email_change_token(*, user: User, email: str) -> str:
    return signing.dumps({"user": user.pk, "from": user.email, "to": email}, salt=EMAIL_CHANGE_SALT)


@transaction.atomic
def account_email_change_request(
    *, user: User, email: str, municipality: Municipality, base_url: str
) -> None:
    """Mail a confirmation link to the new address; the address changes only when it is used.

    Whether the new address is taken is not told here (it would reveal other accounts); the
    link says so to the owner of that mailbox.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if email == user.email.lower():
        raise ValidationError({"email": _("This is already the address of your account.")})
    link = base_url.rstrip("/") + municipality_reverse(
        municipality, "accounts:email_confirm", token=email_change_token(user=user, email=email)
    )
    body = render_to_string(
        "accounts/email/email_change.txt",
        {
            "user": user,
            "municipality": municipality,
            "link": link,
            "email": email,
            "valid_days": EMAIL_CHANGE_VALID_DAYS,
        },
    )
    send_mail(
        _("Confirm your new e-mail address – %(name)s") % {"name": municipality.name},
        body,
        None,
        [email],
    )
    audit_account(
        user=user, by=user, action="account.email_change_requested", municipality=municipality
    )


def email_change_from_token(*, token: str) -> tuple[User, str] | None:
    """The account and new address that a confirmation link names, while it is valid."""
    try:
        data = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_VALID_DAYS * 24 * 60 * 60
        )
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), email=data.get("from"), is_active=True).first()
    return (user, data["to"]) if user is not None else None


@transaction.atomic
def account_email_change(*, token: str, municipality: Municipality | None = None) -> User:
    """Use a confirmation link: the account now signs in with the new address; the old
    address is told."""
    found = email_change_from_token(token=token)
    if found is None:
        raise ValidationError(_("This link is no longer valid."))
    user, email = found
    user = User.objects.select_for_update().get(pk=user.pk)
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(_("This address already belongs to another account."))
    before = user.email
    user.email = email
    user.full_clean()
    user.save(update_fields=["email"])
    audit_account(
        user=user,
        by=user,
        action="account.email_changed",
        municipality=municipality,
        changes={"email": {"from": before, "to": email}},
    )
    send_mail(
        _("The e-mail address of your account has changed"),
        render_to_string(
            "accounts/email/email_changed.txt", {"user": user, "old": before, "new": email}
        ),
        None,
        [before],
    )
    return user


@transaction.atomic
def account_password_change(
    *, user: User, password: str, municipality: Municipality | None = None
) -> User:
    """The owner sets a new password (the form has checked the old one and the rules)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_account(user=user, by=user, action="account.password_changed", municipality=municipality)
    return user


@transaction.atomic
def account_set_active(*, user: User, is_active: bool, by: Any) -> User:
    """Switch an account off (it keeps its history) or on again; for the platform operators."""
    if user.is_active == is_active:
        return user
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit_account(
        user=user,
        by=by,
        action="account.activated" if is_active else "account.deactivated",
    )
    return user
