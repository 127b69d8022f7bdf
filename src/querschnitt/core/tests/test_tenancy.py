"""One municipality never sees another's data, and an unscoped query fails loudly."""

import pytest
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from conftest import signed_in_client
from querschnitt.accounts.models import RoleAssignment
from querschnitt.core.models import AuditEntry, Department


@pytest.mark.django_db
def test_an_unscoped_query_of_tenant_data_raises() -> None:
    with pytest.raises(ScopeError):
        list(Department.objects.all())
    with pytest.raises(ScopeError):
        AuditEntry.objects.count()


@pytest.mark.django_db
def test_a_scoped_query_sees_only_its_municipality(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        names = set(Department.objects.values_list("name", flat=True))
    assert "Fachbereich Bildung" in names
    assert "Sozialreferat" not in names


def bamberg_objects() -> dict[str, int]:
    with scopes_disabled():
        department = Department.objects.get(municipality__slug="bamberg", name="Sozialreferat")
        assignment = RoleAssignment.objects.get(
            municipality__slug="bamberg", user__email="team@bamberg.example"
        )
    return {
        "department": department.pk,
        "user": assignment.user_id,
        "assignment": assignment.pk,
    }


@pytest.mark.django_db
def test_objects_of_another_municipality_are_not_found_through_this_one() -> None:
    ids = bamberg_objects()
    client = signed_in_client("admin@mannheim.example")
    urls = [
        f"/mannheim/verwaltung/dienststellen/{ids['department']}/",
        f"/mannheim/verwaltung/benutzer/{ids['user']}/",
        f"/mannheim/verwaltung/benutzer/{ids['user']}/rollen/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/mannheim/verwaltung/benutzer/{ids['user']}/rollen/{ids['assignment']}/entfernen/",
        {"bestaetigt": "1"},
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert RoleAssignment.objects.filter(pk=ids["assignment"]).exists()


@pytest.mark.django_db
def test_staff_of_another_municipality_find_no_staff_area_here() -> None:
    client = signed_in_client("admin@mannheim.example")
    for url in [
        "/bamberg/verwaltung/",
        "/bamberg/verwaltung/benutzer/",
        "/bamberg/verwaltung/protokoll/",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_lists_show_only_this_municipalitys_rows() -> None:
    client = signed_in_client("admin@mannheim.example")
    departments = client.get("/mannheim/verwaltung/dienststellen/").content.decode()
    assert "Fachbereich Bildung" in departments
    assert "Sozialreferat" not in departments
    users = client.get("/mannheim/verwaltung/benutzer/").content.decode()
    assert "team@mannheim.example" in users
    assert "team@bamberg.example" not in users


@pytest.mark.django_db
def test_a_department_cannot_be_placed_under_another_municipalitys(mannheim) -> None:
    ids = bamberg_objects()
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/dienststellen/neu/",
        {"name": "Neues Amt", "kind": "office", "parent": ids["department"], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Neues Amt" not in [
        d.name for d in Department.objects.with_scopes_disabled().filter(municipality=mannheim)
    ]
    assert "kern-error" in response.content.decode()


@pytest.mark.django_db
def test_signing_in_at_another_municipality_is_refused() -> None:
    from django.test import Client

    response = Client().post(
        "/bamberg/konto/anmelden/",
        {"username": "admin@mannheim.example", "password": "Querschnitt-Demo-2026"},
    )
    assert response.status_code == 200
    assert "Bamberg" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


@pytest.mark.django_db
def test_the_header_offers_the_staff_area_only_where_the_person_has_a_role() -> None:
    client = signed_in_client("admin@mannheim.example")
    assert 'href="/mannheim/verwaltung/"' in client.get("/mannheim/").content.decode()
    assert 'href="/bamberg/verwaltung/"' not in client.get("/bamberg/").content.decode()
