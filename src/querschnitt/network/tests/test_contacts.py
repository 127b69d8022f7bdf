"""The office's contacts and consents: forms, search, filters, tenancy, and never public."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.core.tests.test_query_counts import query_count
from querschnitt.network.models import Consent, Contact, Organisation
from querschnitt.network.tests.test_mailings_segments import make_contact, make_organisation

ADMIN = "admin@mannheim.example"
LIST = "/mannheim/verwaltung/kontakte/"
CREATE = "/mannheim/verwaltung/kontakte/neu/"
HTMX_SUGGEST = {"HX-Request": "true", "HX-Trigger-Name": "organisation"}


def edit_url(contact: Contact) -> str:
    return f"/mannheim/verwaltung/kontakte/{contact.pk}/"


@pytest.fixture
def club(mannheim: Municipality) -> Organisation:
    with scope(municipality=mannheim):
        return make_organisation(mannheim, "Kontakttest Ruderclub Rheinau")


def contact_of(mannheim: Municipality, **lookup: Any) -> Contact:
    with scope(municipality=mannheim):
        return Contact.objects.select_related("organisation").get(municipality=mannheim, **lookup)


@pytest.mark.django_db
def test_staff_add_a_contact_with_its_organisation(
    mannheim: Municipality, club: Organisation
) -> None:
    client = signed_in_client(ADMIN)
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "name": "Selin Arslan",
            "organisation": f"{club.name} (#{club.pk})",
            "function": "Vorsitz",
            "email": "selin.arslan@example.org",
            "phone": "0621 000000",
            "notes": "Kennt das Netzwerk seit 2016.",
        },
    )
    contact = contact_of(mannheim, email="selin.arslan@example.org")
    assert response.status_code == 302
    assert response["Location"] == edit_url(contact)
    assert contact.organisation == club
    assert contact.function == "Vorsitz"
    entry = AuditEntry.objects.with_scopes_disabled().get(
        municipality=mannheim, action="contact.created", target_id=str(contact.pk)
    )
    assert "selin" not in str(entry.changes).lower()
    assert set(entry.changes["fields"]) == {
        "name",
        "organisation",
        "function",
        "email",
        "phone",
        "notes",
    }


@pytest.mark.django_db
def test_the_organisation_is_found_by_its_name_without_javascript(
    mannheim: Municipality, club: Organisation
) -> None:
    client = signed_in_client(ADMIN)
    client.post(CREATE, {"name": "Per Name", "organisation": club.name.upper()})
    assert contact_of(mannheim, name="Per Name").organisation == club


@pytest.mark.django_db
def test_an_ambiguous_or_unknown_organisation_is_a_form_error_with_candidates(
    mannheim: Municipality, bamberg: Municipality, club: Organisation
) -> None:
    with scope(municipality=mannheim):
        twin = make_organisation(mannheim, club.name)
    with scope(municipality=bamberg):
        foreign = make_organisation(bamberg, "Kontakttest Bamberger Verein")
    client = signed_in_client(ADMIN)
    client.cookies["qs_language"] = "en"

    ambiguous = client.post(CREATE, {"name": "X", "organisation": club.name})
    assert ambiguous.status_code == 200
    errors = " ".join(ambiguous.context["form"].errors["organisation"])
    assert f"(#{club.pk})" in errors
    assert f"(#{twin.pk})" in errors

    unknown = client.post(CREATE, {"name": "X", "organisation": "Kontakttest Ruderclub"})
    assert f"(#{club.pk})" in " ".join(unknown.context["form"].errors["organisation"])

    # Another municipality's organisation cannot be chosen, not even by its number.
    moved = client.post(CREATE, {"name": "X", "organisation": f"{foreign.name} (#{foreign.pk})"})
    assert moved.status_code == 200
    assert moved.context["form"].errors["organisation"]
    with scopes_disabled():
        assert not Contact.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_htmx_suggests_organisations_while_typing(club: Organisation) -> None:
    client = signed_in_client(ADMIN)
    for url in (CREATE, LIST):
        fragment = client.get(url, {"organisation": "ruderclub rhein"}, headers=HTMX_SUGGEST)
        html = fragment.content.decode()
        assert "<html" not in html
        assert f'<option value="{club.name} (#{club.pk})">' in html


@pytest.mark.django_db
def test_edit_a_contact_and_audit_only_the_field_names(
    mannheim: Municipality, club: Organisation
) -> None:
    with scope(municipality=mannheim):
        contact = make_contact(club, "alt@example.org", name="Alte Adresse")
    client = signed_in_client(ADMIN)
    page = client.get(edit_url(contact))
    assert page.status_code == 200
    assert page.context["form"]["organisation"].value() == f"{club.name} (#{club.pk})"
    response = client.post(
        edit_url(contact),
        {
            "action": "contact",
            "name": "Alte Adresse",
            "email": "neu@example.org",
            "organisation": "",
            "function": "Kasse",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.email, contact.organisation, contact.function) == (
        "neu@example.org",
        None,
        "Kasse",
    )
    entry = AuditEntry.objects.with_scopes_disabled().get(
        municipality=mannheim, action="contact.updated", target_id=str(contact.pk)
    )
    assert entry.changes == {"fields": ["email", "function", "organisation"]}


@pytest.mark.django_db
def test_consent_records_are_added_and_withdrawn(
    mannheim: Municipality, club: Organisation
) -> None:
    with scope(municipality=mannheim):
        contact = make_contact(club, "einwilligung@example.org", purpose=None)
    client = signed_in_client(ADMIN)
    response = client.post(
        edit_url(contact),
        {
            "action": "consent_add",
            "consent-purpose": "mailings",
            "consent-legal_basis": "consent",
            "consent-given_on": "2025-03-12",
            "consent-source": "Anmeldeformular Netzwerktreffen",
        },
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        consent = Consent.objects.get(contact=contact)
    assert (consent.purpose, consent.legal_basis, consent.given_on) == (
        "mailings",
        "consent",
        datetime.date(2025, 3, 12),
    )
    listed = client.get(LIST, {"q": "einwilligung@example.org"}).context["object_list"]
    assert [c["has_mailing_consent"] for c in listed] == [True]

    response = client.post(edit_url(contact), {"action": "consent_withdraw", "consent": consent.pk})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    # Withdrawing again, or a consent that is not this contact's, changes nothing.
    assert (
        client.post(
            edit_url(contact), {"action": "consent_withdraw", "consent": consent.pk}
        ).status_code
        == 302
    )
    with scope(municipality=mannheim):
        other = make_contact(club, "andere@example.org")
        other_consent = other.consents.get()
    assert (
        client.post(
            edit_url(contact), {"action": "consent_withdraw", "consent": other_consent.pk}
        ).status_code
        == 404
    )
    assert client.post(edit_url(contact), {"action": "consent_withdraw"}).status_code == 404
    other_consent.refresh_from_db()
    assert other_consent.withdrawn_at is None
    entries = AuditEntry.objects.with_scopes_disabled().filter(
        municipality=mannheim, action__startswith="consent", target_id=str(contact.pk)
    )
    assert {e.action for e in entries} == {"consent.created", "consent.withdrawn"}


@pytest.mark.django_db
def test_a_consent_needs_a_source_and_a_date_not_in_the_future(
    mannheim: Municipality, club: Organisation
) -> None:
    with scope(municipality=mannheim):
        contact = make_contact(club, "zukunft@example.org", purpose=None)
    client = signed_in_client(ADMIN)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        edit_url(contact),
        {
            "action": "consent_add",
            "consent-purpose": "mailings",
            "consent-legal_basis": "consent",
            "consent-given_on": tomorrow.isoformat(),
            "consent-source": "",
        },
    )
    assert response.status_code == 200
    assert set(response.context["consent_form"].errors) == {"source"}
    response = client.post(
        edit_url(contact),
        {
            "action": "consent_add",
            "consent-purpose": "mailings",
            "consent-legal_basis": "nonsense",
            "consent-given_on": tomorrow.isoformat(),
            "consent-source": "Formular",
        },
    )
    assert set(response.context["consent_form"].errors) == {"legal_basis"}
    response = client.post(
        edit_url(contact),
        {
            "action": "consent_add",
            "consent-purpose": "mailings",
            "consent-legal_basis": "consent",
            "consent-given_on": tomorrow.isoformat(),
            "consent-source": "Formular",
        },
    )
    assert response.status_code == 200
    assert set(response.context["consent_form"].errors) == {"given_on"}
    with scope(municipality=mannheim):
        assert not contact.consents.exists()


@pytest.mark.django_db
def test_the_list_searches_and_filters(mannheim: Municipality, club: Organisation) -> None:
    with scope(municipality=mannheim):
        other = make_organisation(mannheim, "Kontakttest Gebetshausverein")
        make_contact(club, "ruder.eins@example.org", name="Kontakttest Ruth Eins")
        make_contact(club, "ruder.zwei@example.org", name="Kontakttest Rolf Zwei", purpose=None)
        make_contact(other, "moschee@example.org", name="Kontakttest Murat", withdrawn=True)
    client = signed_in_client(ADMIN)

    def names(**params: Any) -> list[str]:
        response = client.get(LIST, params)
        assert response.status_code == 200
        return [c["name"] for c in response.context["object_list"]]

    assert names(q="Kontakttest") == [
        "Kontakttest Murat",
        "Kontakttest Rolf Zwei",
        "Kontakttest Ruth Eins",
    ]
    assert names(q="ruder.zwei@") == ["Kontakttest Rolf Zwei"]
    assert names(q="gebetshausverein") == ["Kontakttest Murat"]
    assert names(q="Kontakttest", einwilligung="ja") == ["Kontakttest Ruth Eins"]
    assert names(q="Kontakttest", einwilligung="nein") == [
        "Kontakttest Murat",
        "Kontakttest Rolf Zwei",
    ]
    assert names(organisation=f"{club.name} (#{club.pk})") == [
        "Kontakttest Rolf Zwei",
        "Kontakttest Ruth Eins",
    ]
    # An unknown organisation shows the error and filters nothing else away.
    response = client.get(LIST, {"organisation": "gibt es nicht", "q": "Kontakttest Ruth"})
    assert response.context["filter_form"].errors["organisation"]
    assert [c["name"] for c in response.context["object_list"]] == ["Kontakttest Ruth Eins"]


@pytest.mark.django_db
def test_another_municipalitys_contact_is_not_found(bamberg: Municipality) -> None:
    with scope(municipality=bamberg):
        organisation = make_organisation(bamberg, "Bamberger Kontaktverein")
        contact = make_contact(organisation, "bamberg.kontakt@example.org")
    client = signed_in_client(ADMIN)
    assert client.get(edit_url(contact)).status_code == 404
    assert client.post(edit_url(contact), {"action": "contact", "name": "X"}).status_code == 404
    assert b"bamberg.kontakt@example.org" not in client.get(LIST, {"q": "bamberg.kontakt"}).content


@pytest.mark.django_db
def test_the_contact_list_needs_the_same_queries_for_few_and_many(
    mannheim: Municipality, club: Organisation
) -> None:
    admin = signed_in_client(ADMIN)

    def grow(start: int, size: int) -> None:
        with scope(municipality=mannheim):
            for n in range(start, start + size):
                organisation = make_organisation(mannheim, f"Zählverein {n}")
                make_contact(organisation, f"zaehl{n}@example.org", withdrawn=bool(n % 2))

    grow(0, 5)
    small = query_count(admin, LIST)
    small_filtered = query_count(admin, f"{LIST}?q=zaehl&einwilligung=ja")
    grow(5, 60)
    assert query_count(admin, LIST) == small
    assert query_count(admin, f"{LIST}?q=zaehl&einwilligung=ja") == small_filtered


@pytest.mark.django_db
def test_contacts_never_appear_on_public_pages_or_in_the_api(
    mannheim: Municipality, club: Organisation
) -> None:
    with scope(municipality=mannheim):
        make_contact(club, "geheim.kontakt@example.org", name="Geheime Kontaktperson")
    public = Client()
    pages = [
        "/mannheim/",
        "/mannheim/akteure/",
        "/mannheim/akteure/?q=Ruderclub",
        f"/mannheim/akteure/{club.pk}/",
        "/mannheim/akteure/export.csv",
        "/api/v1/mannheim/organisations",
        "/api/v1/mannheim/organisations?q=Ruderclub",
        f"/api/v1/mannheim/organisations/{club.pk}",
    ]
    seen_club = False
    for path in pages:
        response = public.get(path)
        assert response.status_code == 200, path
        content = response.getvalue()
        assert b"geheim.kontakt" not in content, path
        assert b"Geheime Kontaktperson" not in content, path
        seen_club |= b"Ruderclub Rheinau" in content
    assert seen_club  # the organisation itself is public, its contact is not
