"""Who is signed in: the session's account, its second-factor device and its roles, read at once.

`SignedInMiddleware` stands in for Django's `AuthenticationMiddleware` and django-otp's
`OTPMiddleware`, which read the account and the device in two queries built by the ORM (and
the roles took a third). Here one plain SQL query reads the account, the device named in the
session and the account's roles in the request's municipality; what the two middlewares
guarantee is kept:

- the account is the session's, signed in through a backend that is still configured, active
  (`ModelBackend.user_can_authenticate`), and the session's hash of its password still
  matches (else the session is ended: a password change signs out everywhere);
- `user.otp_device` is the device that passed the second factor in this session, only while
  it exists, is confirmed and belongs to the account (else the session forgets it), and
  `user.is_verified()` says whether there is one.

Sessions signed in through another backend take Django's and django-otp's own way.
The roles are read only when the request has a municipality by the time the account is first
asked for (after `MunicipalityMiddleware`); the join names that municipality (tenancy is this
module's to keep, as django-scopes does not see plain SQL).
"""

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from asgiref.sync import sync_to_async
from django.apps import apps
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.accounts.permissions import remember_roles
from querschnitt.core.sql_rows import columns, instance, rows_of

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignedInMiddleware:
    """Sets `request.user` (lazily, as Django does) with `otp_device` and `is_verified()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(partial(signed_in_user, request))  # type: ignore[assignment]
        request.auser = partial(_auser, request)
        return self.get_response(request)


async def _auser(request: HttpRequest) -> Any:
    return await sync_to_async(signed_in_user)(request)


def signed_in_user(request: HttpRequest) -> Any:
    if "_qs_user" not in request.__dict__:
        request.__dict__["_qs_user"] = _read_user(request)
    return request.__dict__["_qs_user"]


def _read_user(request: HttpRequest) -> Any:
    session = request.session
    backend = session.get(BACKEND_SESSION_KEY)
    if SESSION_KEY not in session or backend not in settings.AUTHENTICATION_BACKENDS:
        return _verified(AnonymousUser(), None)
    if backend != MODEL_BACKEND:
        return _as_django_otp_would(request)
    try:
        user_id = User._meta.pk.to_python(session[SESSION_KEY])
    except ValidationError:
        return _verified(AnonymousUser(), None)
    device_model, device_id = _device_of(session.get(DEVICE_ID_SESSION_KEY))
    municipality = getattr(request, "municipality", None)
    user, device, roles = _read(
        user_id, device_model, device_id, municipality.pk if municipality is not None else None
    )
    if user is None or not _session_hash_verified(request, user):
        return _verified(AnonymousUser(), None)
    if device is not None and not device.confirmed:
        device = None
    if device is None and DEVICE_ID_SESSION_KEY in session:
        del session[DEVICE_ID_SESSION_KEY]
    if roles is not None and municipality is not None:
        remember_roles(user, municipality, roles)
    return _verified(user, device)


def _verified(user: Any, device: Device | None) -> Any:
    user.otp_device = device
    user.is_verified = partial(_is_verified, user)
    return user


def _is_verified(user: Any) -> bool:
    return user.otp_device is not None


def _as_django_otp_would(request: HttpRequest) -> Any:
    return OTPMiddleware(lambda request: None)._verify_user_sync(request, auth.get_user(request))


def _device_of(persistent_id: str | None) -> tuple[type[Device] | None, int | None]:
    """The model and id in a session's device id, as `Device.from_persistent_id` reads them."""
    if not persistent_id:
        return None, None
    try:
        label, device_id = OTPMiddleware._normalize_persistent_id(persistent_id).rsplit("/", 1)
        app_label, model_name = label.split(".")
        model = apps.get_model(app_label, model_name)
        return (model, int(device_id)) if issubclass(model, Device) else (None, None)
    except (ValueError, LookupError):
        return None, None


def _session_hash_verified(request: HttpRequest, user: User) -> bool:
    """Django's `get_user` check: the session ends when the password changed."""
    session = request.session
    session_hash = session.get(HASH_SESSION_KEY)
    current = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, current):
        return True
    if session_hash and any(
        constant_time_compare(session_hash, fallback)
        for fallback in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[HASH_SESSION_KEY] = current
        return True
    session.flush()
    return False


@lru_cache(maxsize=32)
def _select(device_model: type[Device] | None, with_roles: bool, using: str) -> str:
    quote = connections[using].ops.quote_name
    parts = [f"SELECT {columns(User, using, 'u')}"]
    joins = []
    if device_model is not None:
        parts.append(columns(device_model, using, "d"))
        joins.append(
            f" LEFT JOIN {quote(device_model._meta.db_table)} d ON d.id = %s AND d.user_id = u.id"
        )
    if with_roles:
        parts.append("r.role")
        joins.append(
            f" LEFT JOIN {quote(RoleAssignment._meta.db_table)} r"
            " ON r.user_id = u.id AND r.municipality_id = %s"
        )
    return (
        ", ".join(parts)
        + f" FROM {quote(User._meta.db_table)} u"
        + "".join(joins)
        + " WHERE u.id = %s"
    )


def _read(
    user_id: int, device_model: type[Device] | None, device_id: int | None, municipality_id: Any
) -> tuple[User | None, Device | None, frozenset[Role] | None]:
    """The active account, the device (of this account) and its roles in the municipality."""
    using = router.db_for_read(User)
    with_roles = municipality_id is not None
    params: list[Any] = [device_id] if device_model is not None else []
    params += [municipality_id] if with_roles else []
    select = _select(device_model, with_roles, using)  # type: ignore[arg-type]
    rows = rows_of(using, select, [*params, user_id])
    if not rows:
        return None, None, None
    user_width = len(User._meta.concrete_fields)
    user = instance(User, using, list(rows[0][:user_width]))
    if not user.is_active:  # ModelBackend.user_can_authenticate
        return None, None, None
    device = None
    if device_model is not None:
        values = list(rows[0][user_width : user_width + len(device_model._meta.concrete_fields)])
        device = instance(device_model, using, values) if values[0] is not None else None
    roles = frozenset(Role(row[-1]) for row in rows if row[-1]) if with_roles else None
    return user, device, roles
