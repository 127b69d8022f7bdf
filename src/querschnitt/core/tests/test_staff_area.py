"""Office administrators manage settings and departments; every change lands in the audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.services import department_create, department_update, municipality_update


def settings_form(municipality: Municipality, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "office_name": municipality.office_name,
        "description_source": municipality.description_source,
        "description_source_url": "",
        "contact_email": municipality.contact_email,
        "contact_phone": municipality.contact_phone,
        "contact_address": municipality.contact_address,
        "website": "",
        "languages": municipality.languages,
        "accent_colour": municipality.accent_colour,
        "office_description_de": municipality.office_description["de"],
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_an_administrator_changes_the_office_and_the_public_page_shows_it(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/einstellungen/",
        settings_form(
            mannheim,
            office_name="Integrationsbüro Mannheim",
            office_description_de="Wir verbinden die Stadtgesellschaft.",
            languages=["en", "fa"],
        ),
    )
    assert response.status_code == 302
    start = client.get("/mannheim/").content.decode()
    assert "Integrationsbüro Mannheim" in start
    assert "Wir verbinden die Stadtgesellschaft." in start
    assert 'hreflang="fa"' in start
    assert 'hreflang="ar"' not in start
    with scope(municipality=mannheim):
        entry = AuditEntry.objects.filter(action="municipality.updated").first()
    assert entry is not None
    assert entry.actor_label == "Alex Admin"
    assert entry.changes["office_name"]["to"] == "Integrationsbüro Mannheim"
    audit = client.get("/mannheim/verwaltung/protokoll/").content.decode()
    assert "municipality.updated" in audit
    assert "Integrationsbüro Mannheim" in audit


@pytest.mark.django_db
def test_an_unreadable_accent_colour_is_refused(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/einstellungen/", settings_form(mannheim, accent_colour="#ffff00")
    )
    assert response.status_code == 200
    assert 'name="accent_colour" value="#ffff00"' in response.content.decode()
    assert "4,5:1" in response.content.decode()
    mannheim.refresh_from_db()
    assert mannheim.accent_colour == "#1f4e8c"


@pytest.mark.django_db
def test_malformed_settings_are_form_errors(mannheim) -> None:
    client = signed_in_client("admin@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/einstellungen/",
        settings_form(
            mannheim,
            office_name="",
            contact_email="no-address",
            languages=["xx"],
            office_description_de="",
        ),
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="kern-error"') >= 4


@pytest.mark.django_db
def test_the_theme_carries_the_accent_colour(mannheim) -> None:
    response = signed_in_client("admin@mannheim.example").get("/mannheim/theme.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--kern-color-action-default: #1f4e8c;" in response.content.decode()


@pytest.mark.django_db
def test_departments_form_a_hierarchy_without_cycles(mannheim) -> None:
    admin = User.objects.get(email="admin@mannheim.example")
    with scope(municipality=mannheim):
        division = department_create(
            municipality=mannheim, by=admin, name="Dezernat III", kind="division"
        )
        office = department_create(
            municipality=mannheim, by=admin, name="Amt für Beispiele", parent=division
        )
        with pytest.raises(ValidationError):
            department_update(department=division, by=admin, parent=office)
        division.refresh_from_db()
        assert division.parent is None
        actions = list(
            AuditEntry.objects.filter(target_type="core.department").values_list(
                "action", flat=True
            )
        )
    assert actions.count("department.created") == 2


@pytest.mark.django_db
def test_staff_add_a_department_through_the_form(mannheim) -> None:
    client = signed_in_client("team@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/dienststellen/neu/",
        {
            "name": "Fachbereich Sport und Freizeit",
            "short_name": "FB 52",
            "kind": "office",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    listing = client.get("/mannheim/verwaltung/dienststellen/").content.decode()
    assert "FB 52 – Fachbereich Sport und Freizeit" in listing
    duplicate = client.post(
        "/mannheim/verwaltung/dienststellen/neu/",
        {"name": "fachbereich sport und freizeit", "kind": "office"},
    )
    assert duplicate.status_code == 200
    assert "kern-error" in duplicate.content.decode()


@pytest.mark.django_db
def test_a_liaison_reads_departments_but_cannot_change_them() -> None:
    client = signed_in_client("dienststelle@mannheim.example")
    assert client.get("/mannheim/verwaltung/dienststellen/").status_code == 200
    assert (
        client.post(
            "/mannheim/verwaltung/dienststellen/neu/", {"name": "X", "kind": "office"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_municipality_update_validates_before_saving(mannheim) -> None:
    with pytest.raises(ValidationError):
        municipality_update(municipality=mannheim, by=None, ags="123")
    mannheim.refresh_from_db()
    assert mannheim.ags == "08222000"


@pytest.mark.django_db
def test_the_staff_navigation_shows_only_what_the_role_may_open() -> None:
    staff_page = signed_in_client("team@mannheim.example").get("/mannheim/verwaltung/")
    body = staff_page.content.decode()
    assert "/mannheim/verwaltung/dienststellen/" in body
    assert "/mannheim/verwaltung/benutzer/" not in body
    assert "/mannheim/verwaltung/protokoll/" not in body
    admin_page = signed_in_client("admin@mannheim.example").get("/mannheim/verwaltung/")
    assert "/mannheim/verwaltung/protokoll/" in admin_page.content.decode()
