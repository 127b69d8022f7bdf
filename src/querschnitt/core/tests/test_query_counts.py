"""Pages run the same number of queries whatever the size of the data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.core import form_markup, selectors, start_page, versioned
from querschnitt.core.audit import audit_record
from querschnitt.core.models import Department
from querschnitt.strategy.models import FieldOfAction


def query_count(client: Client, path: str) -> int:
    """Queries of an uncached request."""
    cache.clear()
    selectors._recent.clear()
    versioned.forget()
    form_markup.forget_markup()
    start_page.forget_sections()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def grow(municipality, size: int) -> None:
    """Add `size` departments, fields of action, users with roles and audit entries."""
    with scope(municipality=municipality):
        start = Department.objects.count()
        Department.objects.bulk_create(
            Department(municipality=municipality, name=f"Amt {start + n}") for n in range(size)
        )
        FieldOfAction.objects.bulk_create(
            FieldOfAction(
                municipality=municipality, key=f"feld-{start + n}", name={"de": f"Feld {n}"}
            )
            for n in range(size)
        )
        departments = list(Department.objects.all()[:size])
        for n in range(size):
            user = User.objects.create_user(
                f"person{start + n}@mannheim.example", full_name=f"P {n}"
            )
            RoleAssignment.objects.create(
                municipality=municipality,
                user=user,
                role=Role.DEPARTMENT_LIAISON,
                department=departments[n % len(departments)],
            )
            audit_record(municipality=municipality, actor=user, action="test.grown", target=user)


PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/mannheim/"),
    ("anonymous", "/mannheim/impressum/"),
    ("admin", "/mannheim/verwaltung/"),
    ("admin", "/mannheim/verwaltung/dienststellen/"),
    ("admin", "/mannheim/verwaltung/benutzer/"),
    ("admin", "/mannheim/verwaltung/protokoll/"),
    ("admin", "/mannheim/verwaltung/rueckmeldungen/"),
    ("admin", "/mannheim/verwaltung/seiten/"),
    ("anonymous", "/mannheim/akteure/"),
    ("anonymous", "/mannheim/buendnisse/mannheimer-buendnis/"),
    ("anonymous", "/mannheim/erklaerungen/mannheimer-erklaerung/"),
    ("admin", "/mannheim/verwaltung/akteure/"),
    ("admin", "/mannheim/verwaltung/anfragen/"),
    ("admin", "/mannheim/verwaltung/unterzeichnungen/"),
    ("admin", "/mannheim/verwaltung/kontakte/"),
    ("admin", "/mannheim/verwaltung/rundschreiben/"),
    ("admin", "/mannheim/verwaltung/import/"),
]


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(mannheim) -> None:
    def counts() -> dict[str, int]:
        admin = signed_in_client("admin@mannheim.example")
        return {
            path: query_count(admin if who == "admin" else Client(), path) for who, path in PAGES
        }

    grow(mannheim, 5)
    small = counts()
    grow(mannheim, 60)
    large = counts()
    assert large == small


@pytest.mark.django_db
def test_the_public_start_page_needs_two_queries_and_one_per_section() -> None:
    """The municipality and its fields of action, then at most one query per section that an
    app adds (`core.start_page`)."""
    assert query_count(Client(), "/mannheim/") <= 2 + len(start_page.sections)
