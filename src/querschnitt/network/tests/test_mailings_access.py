"""The access rows of contacts and mailings, walked on their own (the full matrix is in
core/tests/test_access_matrix.py); POST is checked too, since these pages change data."""

import pytest

from querschnitt.core.tests.access_helpers import ROLES
from querschnitt.core.tests.test_access_matrix import client_for_role, url_for
from querschnitt.network.tests.access_mailings import ACCESS


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_contacts_and_mailings_answer_each_role_as_the_table_says(role: str) -> None:
    client = client_for_role(role)
    failures = []
    for name, (kwargs, expected) in ACCESS.items():
        url = url_for(name, kwargs)
        if (status := client.get(url).status_code) != expected[role]:
            failures.append(f"GET {name}: expected {expected[role]}, got {status}")
        if not name.startswith("staff:") or expected[role] not in (302, 403, 404):
            continue
        if (
            status := client.post(url, {"action": "send", "bestaetigt": "1"}).status_code
        ) != expected[role]:
            failures.append(f"POST {name}: expected {expected[role]}, got {status}")
    assert failures == []
