"""The demo loader is idempotent and builds both cities from the seed texts."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.core.models import AuditEntry, Department, Municipality
from querschnitt.portal.models import PublicPage
from querschnitt.strategy.models import FieldOfAction

MODELS = [Municipality, Department, User, RoleAssignment, FieldOfAction, PublicPage, AuditEntry]


def counts() -> dict[str, int]:
    with scopes_disabled():
        return {model.__name__: model._default_manager.count() for model in MODELS}


@pytest.mark.django_db
def test_loading_the_demo_again_duplicates_nothing(capsys) -> None:
    before = counts()
    call_command("load_demo")
    assert counts() == before
    output = capsys.readouterr().out
    assert "admin@mannheim.example" in output
    assert "Querschnitt-Demo-2026" in output
    assert "TOTP secret" in output


@pytest.mark.django_db
def test_every_role_has_a_demo_user_in_both_cities() -> None:
    with scopes_disabled():
        for slug in ["mannheim", "bamberg"]:
            roles = set(
                RoleAssignment.objects.filter(municipality__slug=slug).values_list(
                    "role", flat=True
                )
            )
            assert roles == set(Role.values)


@pytest.mark.django_db
def test_the_demo_cities_carry_their_official_keys() -> None:
    assert Municipality.objects.get(slug="mannheim").ags == "08222000"
    assert Municipality.objects.get(slug="bamberg").ags == "09461000"
    with scopes_disabled():
        assert FieldOfAction.objects.filter(municipality__slug="mannheim").count() == 4


def test_demo_code_prints_the_current_code(capsys) -> None:
    from conftest import demo_totp_code

    call_command("demo_code", "admin@bamberg.example")
    assert capsys.readouterr().out.strip() == demo_totp_code("admin@bamberg.example")
