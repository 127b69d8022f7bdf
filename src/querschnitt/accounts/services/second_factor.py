"""The second factor: an authenticator app (TOTP), one-time recovery codes, and resets."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.models import RoleAssignment, User
from querschnitt.accounts.selectors import has_confirmed_device
from querschnitt.accounts.services.audit import audit_account, forget_cached_access
from querschnitt.core.models import Municipality

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator"
RECOVERY_CODES_NAME = "Recovery codes"


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use, to show as a QR code.

    It verifies nothing until it is confirmed; a confirmed authenticator stays as it is.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(
    *,
    device: TOTPDevice,
    token: str,
    replace: bool = False,
    municipality: Municipality | None = None,
) -> list[str] | None:
    """Confirm a new authenticator with a first valid code from it (None if the code is wrong).

    The first authenticator of an account comes with recovery codes, returned here to be shown
    once. An account that already has a confirmed device replaces it only when asked to
    (`replace`, which the view offers only on a session verified with that device); the old
    authenticator keeps working until this moment.
    """
    user = User.objects.select_for_update().get(pk=device.user_id)
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device.pk, user=user, confirmed=False)
        .first()
    )
    if device is None:  # confirmed or replaced in the meantime, e.g. by a second click
        raise ValidationError(_("This set-up is no longer open. Reload the page."))
    existing = has_confirmed_device(user)
    if existing and not replace:
        raise ValidationError(
            _("Your account already has a second factor. Replace it from your account page.")
        )
    allowed, _reason = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            {"token": _("Too many wrong codes. Please wait a moment and try again.")}
        )
    if not device.verify_token(token):
        return None  # the throttle counted the wrong code; it must be committed
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    replaced_count = replaced.filter(confirmed=True).count()
    replaced.delete()
    device.confirmed = True
    device.name = AUTHENTICATOR_NAME
    device.save(update_fields=["confirmed", "name"])
    forget_cached_access(user)
    audit_account(
        user=user,
        by=user,
        action="second_factor.replaced" if replaced_count else "second_factor.set_up",
        municipality=municipality,
    )
    if existing:
        return []
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_generate(*, user: User, municipality: Municipality | None = None) -> list[str]:
    """New recovery codes for an account with an authenticator; the old ones stop working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Set up an authenticator app first."))
    codes = _new_recovery_codes(user)
    audit_account(
        user=user, by=user, action="second_factor.recovery_codes_renewed", municipality=municipality
    )
    return codes


@transaction.atomic
def recovery_code_use(
    *, user: User, code: str, municipality: Municipality | None = None
) -> StaticDevice | None:
    """Spend one recovery code in place of the authenticator; each code works once.

    Returns the device that verified the session, or None for a wrong code. Wrong codes are
    throttled like wrong authenticator codes.
    """
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, _reason = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(
            {"recovery_code": _("Too many wrong codes. Please wait a moment and try again.")}
        )
    spent, _detail = device.token_set.filter(token=code.strip().lower().replace(" ", "")).delete()
    if not spent:
        device.throttle_increment()
        return None
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    audit_account(
        user=user,
        by=user,
        action="second_factor.recovery_code_used",
        municipality=municipality,
        changes={"remaining": device.token_set.count()},
    )
    return device


def second_factor_reset_refusal(*, municipality: Municipality, user: User, by: Any) -> str:
    """Why an office administrator may not reset this person's second factor here ("" if they may).

    Never a platform operator's, never one's own, never someone without a role here, and never
    someone whose roles lie in another municipality as well (only the operators reset those).
    """
    if user.is_superuser:
        return _("This is a platform operator's account; a municipality cannot change it.")
    if by is not None and user.pk == by.pk:
        return _(
            "You cannot reset your own second factor. Use a recovery code, or ask another "
            "office administrator."
        )
    places = set(
        RoleAssignment.objects.with_scopes_disabled()
        .filter(user=user)
        .values_list("municipality_id", flat=True)
    )
    if municipality.pk not in places:
        return _("This person holds no role here.")
    if places != {municipality.pk}:
        return _(
            "This person also holds roles in another municipality. Only the platform "
            "operators can reset their second factor."
        )
    return ""


@transaction.atomic
def second_factor_reset(*, user: User, by: Any, municipality: Municipality | None) -> int:
    """Remove a person's authenticators and recovery codes; they set up new ones at next sign-in.

    An office administrator resets a colleague of their own municipality (`municipality`);
    the platform operators reset any account from the command line (`municipality=None`).
    Returns the number of devices removed.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if municipality is not None:
        refusal = second_factor_reset_refusal(municipality=municipality, user=user, by=by)
        if refusal:
            raise ValidationError(refusal)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        _count, detail = model.objects.filter(user=user).delete()
        removed += detail.get(model._meta.label, 0)
    forget_cached_access(user)
    audit_account(user=user, by=by, action="second_factor.reset", municipality=municipality)
    return removed
