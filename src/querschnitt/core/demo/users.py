"""Demo accounts: one per role and municipality, each with a known password and TOTP secret."""

import hashlib
from base64 import b32encode
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from querschnitt.accounts.models import OFFICE_ROLES, Role, RoleAssignment, User
from querschnitt.core.models import Department, Municipality

DEMO_PASSWORD = "Querschnitt-Demo-2026"  # noqa: S105 - documented demo login


@cache
def demo_password_hash() -> str:
    """The demo password hashed once per process with a fixed salt, so that a reload compares
    strings instead of hashing the password once per account (a third of a second each). The
    salt has the entropy Django asks for (22+ characters), or the first sign-in would hash the
    password anew and end the account's other sessions."""
    return make_password(DEMO_PASSWORD, salt="QuerschnittDemoAccounts2026")


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role | None
    department_name: str = ""

    @property
    def needs_totp(self) -> bool:
        return self.role in OFFICE_ROLES or self.role is None

    @property
    def totp_key_hex(self) -> str:
        return hashlib.sha1(f"querschnitt-demo:{self.email}".encode()).hexdigest()  # noqa: S324

    @property
    def totp_secret(self) -> str:
        return b32encode(bytes.fromhex(self.totp_key_hex)).decode()


def demo_users(slug: str, liaison_department: str) -> list[DemoUser]:
    return [
        DemoUser(f"admin@{slug}.example", "Alex Admin", Role.OFFICE_ADMIN),
        DemoUser(f"team@{slug}.example", "Sam Sachbearbeitung", Role.OFFICE_STAFF),
        DemoUser(
            f"dienststelle@{slug}.example",
            "Dana Dienststelle",
            Role.DEPARTMENT_LIAISON,
            liaison_department,
        ),
        DemoUser(f"gremium@{slug}.example", "Gül Gremium", Role.BODY_MEMBER),
        DemoUser(f"verein@{slug}.example", "Vera Verein", Role.ORGANISATION_REPRESENTATIVE),
    ]


PLATFORM_OPERATOR = DemoUser("betrieb@querschnitt.example", "Petra Plattform", None)


def ensure_user(demo: DemoUser, *, superuser: bool = False) -> User:
    user, _created = User.objects.update_or_create(
        email=demo.email,
        defaults={"full_name": demo.full_name, "is_active": True, "is_superuser": superuser},
    )
    if user.password != demo_password_hash():
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    if demo.needs_totp or superuser:
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo", defaults={"key": demo.totp_key_hex, "confirmed": True}
        )
    return user


def load_users(municipality: Municipality, users: list[DemoUser]) -> None:
    for demo in users:
        user = ensure_user(demo)
        department = (
            Department.objects.get(municipality=municipality, name=demo.department_name)
            if demo.department_name
            else None
        )
        RoleAssignment.objects.get_or_create(
            municipality=municipality, user=user, role=demo.role, department=department
        )
