"""A platform operator puts a new municipality on the deployment from the command line."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django_scopes import scopes_disabled

from querschnitt.accounts.models import Role, RoleInvitation
from querschnitt.core.models import Municipality


@pytest.mark.django_db
def test_a_new_municipality_gets_its_pages_and_its_first_administrator() -> None:
    call_command(
        "create_municipality",
        "--slug=heidelberg",
        "--name=Heidelberg",
        "--ags=08221000",
        "--state=BW",
        "--office=Amt für Chancengleichheit",
        "--admin-email=leitung@heidelberg.example",
        "--admin-name=Hana Heidel",
    )
    assert Client().get("/heidelberg/").status_code == 200
    with scopes_disabled():
        # the role is given when the administrator accepts the mailed invitation
        assert RoleInvitation.objects.filter(
            municipality__slug="heidelberg",
            email="leitung@heidelberg.example",
            role=Role.OFFICE_ADMIN,
        ).exists()
    assert mail.outbox[0].to == ["leitung@heidelberg.example"]


@pytest.mark.django_db
def test_bad_values_are_reported_and_nothing_is_created() -> None:
    with pytest.raises(CommandError, match="ags"):
        call_command(
            "create_municipality",
            "--slug=api",
            "--name=X",
            "--ags=123",
            "--state=BW",
            "--office=X",
            "--admin-email=a@x.example",
            "--admin-name=A",
        )
    assert not Municipality.objects.filter(name="X").exists()
