"""Every URL pattern, every role: who may open what. A new URL without a row here fails."""

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from conftest import signed_in_client
from querschnitt.core.tests.access_helpers import (
    ADMIN,
    ANY_ROLE,
    MANNHEIM_ROLES,
    OFFICE,
    OPERATOR,
    OTHER_MUNICIPALITY,
    ROLES,
    everyone,
    staff,
)


def department_pk() -> dict[str, Any]:
    from querschnitt.core.models import Department

    with scopes_disabled():
        department = Department.objects.get(
            municipality__slug="mannheim", name="Fachbereich Bildung"
        )
    return {"pk": department.pk}


def member_pk() -> dict[str, Any]:
    from querschnitt.accounts.models import User

    return {"pk": User.objects.get(email="team@mannheim.example").pk}


def role_pks() -> dict[str, Any]:
    from querschnitt.accounts.models import RoleAssignment

    with scopes_disabled():
        assignment = RoleAssignment.objects.get(
            municipality__slug="mannheim", user__email="team@mannheim.example"
        )
    return {"pk": assignment.user_id, "role_pk": assignment.pk}


def feedback_pk() -> dict[str, Any]:
    """A reported barrier of Mannheim's demo."""
    from querschnitt.portal.models import AccessibilityFeedback

    with scopes_disabled():
        feedback = AccessibilityFeedback.objects.filter(municipality__slug="mannheim").earliest(
            "pk"
        )
    return {"pk": feedback.pk}


# URL name → (keyword arguments besides the municipality, expected status per role)
ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "healthz": ({}, everyone()),
    "language_switch": ({"code": "en"}, everyone(302)),
    "portal:municipality_list": ({}, everyone()),
    "portal:platform_page": ({"kind": "impressum"}, everyone()),
    "portal:start": ({}, everyone()),
    "portal:theme": ({}, everyone()),
    "portal:accessibility_feedback": ({}, everyone()),
    "portal:page": ({"kind": "barrierefreiheit"}, everyone()),
    "accounts:signin": ({}, everyone()),
    # verified sessions go on; people without a device are sent to set one up
    "accounts:second_factor": ({}, everyone(302)),
    "accounts:totp_setup": ({}, {**everyone(), "anonymous": 302}),
    "accounts:signout": ({}, everyone(405)),
    "accounts:password_reset": ({}, everyone()),
    "accounts:password_reset_done": ({}, everyone()),
    "accounts:password_reset_confirm": ({"uidb64": "MQ", "token": "set-password"}, everyone()),
    "accounts:password_reset_complete": ({}, everyone()),
    "staff:dashboard": ({}, staff(*ANY_ROLE)),
    "staff:settings": ({}, staff(*ADMIN)),
    "staff:page_list": ({}, staff(*OFFICE)),
    "staff:page_edit": ({"kind": "impressum"}, staff(*OFFICE)),
    "staff:feedback_list": ({}, staff(*OFFICE)),
    "staff:feedback_detail": (feedback_pk, staff(*OFFICE)),
    "staff:department_list": ({}, staff(*OFFICE, "liaison")),
    "staff:department_create": ({}, staff(*OFFICE)),
    "staff:department_edit": (department_pk, staff(*OFFICE)),
    "staff:audit": ({}, staff(*ADMIN)),
    "staff:user_list": ({}, staff(*ADMIN)),
    "staff:user_invite": ({}, staff(*ADMIN)),
    "staff:user_detail": (member_pk, staff(*ADMIN)),
    "staff:role_add": (member_pk, staff(*ADMIN)),
    "staff:role_revoke": (role_pks, staff(*ADMIN, ok=405)),
}


def app_tables() -> dict[str, tuple[Any, dict[str, int]]]:
    """The rows that each app keeps in its own `tests/access_*.py`."""
    import importlib
    import pkgutil

    import querschnitt

    rows: dict[str, tuple[Any, dict[str, int]]] = {}
    for app in pkgutil.iter_modules(querschnitt.__path__):
        try:
            tests = importlib.import_module(f"querschnitt.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(tests.__path__):
            if module.name.startswith("access_") and module.name != "access_helpers":
                rows.update(importlib.import_module(f"{tests.__name__}.{module.name}").ACCESS)
    return rows


ACCESS.update(app_tables())


def named_patterns(patterns: list[Any] | None = None, namespace: str = "") -> list[tuple[str, str]]:
    """(name, route) of every named URL pattern, with its namespace."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", str(pattern.pattern)))
    return found


def test_every_url_pattern_is_in_the_access_table() -> None:
    names = {name for name, _route in named_patterns()}
    assert names - set(ACCESS) == set(), "URL patterns without a row in the access table"
    assert set(ACCESS) - names == set(), "rows for URL patterns that no longer exist"


def client_for_role(role: str) -> Client:
    if role == "anonymous":
        return Client()
    emails = {**MANNHEIM_ROLES, "other_municipality": OTHER_MUNICIPALITY, "operator": OPERATOR}
    return signed_in_client(emails[role])


def url_for(name: str, kwargs: Any) -> str:
    kwargs = dict(kwargs() if callable(kwargs) else kwargs)
    try:
        return reverse(name, kwargs={"municipality": "mannheim", **kwargs})
    except NoReverseMatch:  # platform-wide URLs take no municipality
        return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role: str) -> None:
    client = client_for_role(role)
    failures = []
    for name, (kwargs, expected) in ACCESS.items():
        response = client.get(url_for(name, kwargs))
        if response.status_code != expected[role]:
            failures.append(f"{name}: expected {expected[role]}, got {response.status_code}")
    assert failures == []


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_and_come_back() -> None:
    response = Client().get("/mannheim/verwaltung/einstellungen/")
    assert response.status_code == 302
    assert response["Location"] == (
        "/mannheim/konto/anmelden/?next=%2Fmannheim%2Fverwaltung%2Feinstellungen%2F"
    )


@pytest.mark.django_db
def test_office_roles_must_pass_the_second_factor() -> None:
    client = signed_in_client("team@mannheim.example", verified=False)
    response = client.get("/mannheim/verwaltung/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mannheim/konto/zweiter-faktor/")
