"""The access rows of the entry pages, checked with the objects they name created here, so
that they hold whatever the demo data contains."""

import pytest
from django_scopes import scope

from querschnitt.accounts.models import User
from querschnitt.core.tests.access_helpers import OFFICE, ROLES, staff
from querschnitt.core.tests.test_access_matrix import client_for_role, url_for
from querschnitt.network.models import ChangeRequest, Organisation, Representative
from querschnitt.network.tests.access_entries import ACCESS, REPRESENTATIVE
from querschnitt.network.tests.test_entries import published


@pytest.fixture
def entry_objects(mannheim) -> dict[str, int]:
    """A request waiting for review, an entry of the demo representative, a change to it."""
    with scope(municipality=mannheim):
        request = published(mannheim, "Angefragter Verein")
        Organisation.objects.filter(pk=request.pk).update(
            status=Organisation.Status.IN_REVIEW, requested_by_email="a@example.org"
        )
        represented = published(mannheim, "Vertretener Verein")
        user = User.objects.get(email=REPRESENTATIVE)
        if not Representative.objects.filter(user=user).exists():
            Representative.objects.create(
                municipality=mannheim, organisation=represented, user=user
            )
        change = ChangeRequest.objects.create(
            municipality=mannheim,
            organisation=represented,
            proposed={"public_phone": "0621 0"},
            submitted_by=user,
        )
    return {"change": change.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_entry_page_answers_each_role_as_the_table_says(role, entry_objects) -> None:
    client = client_for_role(role)
    failures = []
    rows = {
        **ACCESS,
        "staff:change_decide": ({"pk": entry_objects["change"]}, staff(*OFFICE)),
    }
    for name, (kwargs, expected) in rows.items():
        response = client.get(url_for(name, kwargs))
        if response.status_code != expected[role]:
            failures.append(f"{name}: expected {expected[role]}, got {response.status_code}")
    assert failures == []
