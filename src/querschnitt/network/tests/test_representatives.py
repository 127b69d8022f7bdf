"""Representatives keep their organisation's entry current; the office reviews the changes."""

from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.network.models import (
    ChangeRequest,
    District,
    NetworkSettings,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
    Representative,
)
from querschnitt.network.services.entries import (
    ChangeOutcome,
    change_request_accept,
    organisation_change_submit,
)
from querschnitt.network.tests.test_entries import english, published

REPRESENTATIVE = "verein@mannheim.example"
OFFICE = "team@mannheim.example"


def represented(municipality: Municipality, name: str, email: str = REPRESENTATIVE) -> Organisation:
    """A published organisation that the user with this e-mail address represents."""
    organisation = published(
        municipality,
        name,
        kind=Organisation.Kind.SPORTS_CLUB,
        public_phone="0621 1",
        city="Mannheim",
    )
    with scope(municipality=municipality):
        OrganisationTopic.objects.create(
            municipality=municipality, organisation=organisation, topic="sports"
        )
        Representative.objects.create(
            municipality=municipality,
            organisation=organisation,
            user=User.objects.get(email=email),
        )
    return organisation


def edit_data(organisation: Organisation, **overrides: Any) -> dict[str, Any]:
    """The representative's form as it comes, with some fields changed."""
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "topics": ["sports"],
        "languages": [],
        "description_de": organisation.description.get("de", ""),
        "street": organisation.street,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "district": organisation.district_id or "",
        "public_email": organisation.public_email,
        "public_phone": organisation.public_phone,
        "homepage": organisation.website,
    }
    data.update(overrides)
    return data


def edit_url(organisation: Organisation, city: str = "mannheim") -> str:
    return f"/{city}/verwaltung/meine-organisation/{organisation.pk}/"


def pending(organisation: Organisation) -> list[ChangeRequest]:
    with scopes_disabled():
        return list(
            ChangeRequest.objects.filter(
                organisation=organisation, state=ChangeRequest.State.PENDING
            )
        )


@pytest.mark.django_db
def test_a_representative_sees_and_edits_only_their_organisations(mannheim, bamberg) -> None:
    own = represented(mannheim, "TSV Neckarau")
    other = published(mannheim, "SV Waldhof")
    foreign = represented(bamberg, "FC Bamberg-Ost", email="team@bamberg.example")
    client = signed_in_client(REPRESENTATIVE)
    listing = client.get("/mannheim/verwaltung/meine-organisation/").content.decode()
    assert edit_url(own) in listing
    assert "SV Waldhof" not in listing
    assert "FC Bamberg-Ost" not in listing
    assert client.get(edit_url(own)).status_code == 200
    assert client.get(edit_url(other)).status_code == 404
    assert client.post(edit_url(other), edit_data(other, name="Übernommen")).status_code == 404
    assert client.get(edit_url(foreign)).status_code == 404
    assert client.get(edit_url(foreign, city="bamberg")).status_code == 404
    other.refresh_from_db()
    assert other.name == "SV Waldhof"
    assert pending(other) == []
    # Office staff hold the permission, but represent nothing: their list is empty.
    office = signed_in_client(OFFICE)
    assert (
        edit_url(own) not in office.get("/mannheim/verwaltung/meine-organisation/").content.decode()
    )
    assert office.get(edit_url(own)).status_code == 404


@pytest.mark.django_db
def test_the_form_shows_only_public_fields(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    page = signed_in_client(REPRESENTATIVE).get(edit_url(organisation)).content.decode()
    for field in ("name", "kind", "topics", "languages", "description_de", "description_ar"):
        assert f'name="{field}"' in page, field
    for field in ("status", "visibility", "is_example", "requested_by_email"):
        assert f'name="{field}"' not in page, field
    # Posting them anyway changes nothing.
    response = signed_in_client(REPRESENTATIVE).post(
        edit_url(organisation),
        edit_data(organisation, status="archived", visibility="internal", is_example="on"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED
    assert organisation.visibility == "public"
    assert not organisation.is_example
    assert pending(organisation) == []


@pytest.mark.django_db
def test_without_review_a_change_is_public_at_once(mannheim) -> None:
    with scope(municipality=mannheim):
        NetworkSettings.objects.update_or_create(
            municipality=mannheim, defaults={"review_changes": False}
        )
        district = District.objects.get_or_create(
            municipality=mannheim, name="Testbezirk Mannheim"
        )[0]
    organisation = represented(mannheim, "TSV Neckarau")
    client = english(signed_in_client(REPRESENTATIVE))
    assert "Send changes for review" not in client.get(edit_url(organisation)).content.decode()
    response = client.post(
        edit_url(organisation),
        edit_data(
            organisation,
            name="TSV 1884 Neckarau",
            district=district.pk,
            languages=["de", "it"],
            description_en="Sports for everyone.",
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "TSV 1884 Neckarau"
    assert organisation.district == district
    assert organisation.description["en"] == "Sports for everyone."
    with scope(municipality=mannheim):
        assert sorted(organisation.languages.values_list("language", flat=True)) == ["de", "it"]
        assert AuditEntry.objects.filter(
            action="organisation.updated", target_id=str(organisation.pk)
        ).exists()
    assert pending(organisation) == []
    assert "The entry has been updated." in client.get(edit_url(organisation)).content.decode()


@pytest.mark.django_db
def test_a_new_edit_replaces_the_waiting_one_and_an_edit_back_withdraws_it(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    client = english(signed_in_client(REPRESENTATIVE))
    client.post(edit_url(organisation), edit_data(organisation, public_phone="0621 2"))
    client.post(edit_url(organisation), edit_data(organisation, public_phone="0621 3"))
    [change] = pending(organisation)
    assert change.proposed == {"public_phone": "0621 3"}
    page = client.get(edit_url(organisation)).content.decode()
    assert "Your changes wait for review" in page
    assert 'value="0621 3"' in page
    client.post(edit_url(organisation), edit_data(organisation))
    assert pending(organisation) == []
    organisation.refresh_from_db()
    assert organisation.public_phone == "0621 1"
    response = client.post(edit_url(organisation), edit_data(organisation), follow=True)
    assert "Nothing was changed." in response.content.decode()


@pytest.mark.django_db
def test_the_office_rejects_a_change_with_a_reason_for_the_representative(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    signed_in_client(REPRESENTATIVE).post(
        edit_url(organisation), edit_data(organisation, name="Werbung für Sportwetten")
    )
    [change] = pending(organisation)
    office = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/anfragen/aenderung/{change.pk}/"
    mail.outbox.clear()
    assert office.post(url, {"bestaetigt": "1", "decision": "reject"}).status_code == 200
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.PENDING
    response = office.post(
        url, {"bestaetigt": "1", "decision": "reject", "reason": "Der Name ist nicht korrekt."}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.REJECTED
    assert change.reason == "Der Name ist nicht korrekt."
    organisation.refresh_from_db()
    assert organisation.name == "TSV Neckarau"
    assert [message.to for message in mail.outbox] == [[REPRESENTATIVE]]
    assert "Der Name ist nicht korrekt." in mail.outbox[0].body
    with scope(municipality=mannheim):
        assert AuditEntry.objects.filter(
            action="change_request.rejected", target_id=str(change.pk)
        ).exists()
    # Decided: it cannot be accepted afterwards.
    assert office.post(url, {"bestaetigt": "1", "decision": "approve"}).status_code == 200
    organisation.refresh_from_db()
    assert organisation.name == "TSV Neckarau"
    assert office.get(url).status_code == 200


@pytest.mark.django_db
def test_a_change_keeps_what_the_office_changed_meanwhile(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    user = User.objects.get(email=REPRESENTATIVE)
    with scope(municipality=mannheim):
        outcome, change = organisation_change_submit(
            organisation=organisation, by=user, values={"public_phone": "0621 9"}
        )
        assert outcome is ChangeOutcome.QUEUED
        Organisation.objects.filter(pk=organisation.pk).update(city="Mannheim-Neckarau")
        assert change is not None
        change_request_accept(change_request=change, by=User.objects.get(email=OFFICE))
    organisation.refresh_from_db()
    assert (organisation.public_phone, organisation.city) == ("0621 9", "Mannheim-Neckarau")


@pytest.mark.django_db
def test_invalid_changes_are_form_errors(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    response = signed_in_client(REPRESENTATIVE).post(
        edit_url(organisation),
        edit_data(
            organisation, name="", public_email="keine-adresse", topics=["x"], languages=["xx"]
        ),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "public_email", "topics", "languages"}
    assert pending(organisation) == []


@pytest.mark.django_db
def test_a_language_outside_the_list_is_kept_when_the_form_is_saved(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    with scope(municipality=mannheim):
        OrganisationLanguage.objects.create(
            municipality=mannheim, organisation=organisation, language="sw"
        )
    client = english(signed_in_client(REPRESENTATIVE))
    page = client.get(edit_url(organisation)).content.decode()
    assert 'value="sw"' in page
    assert "Swahili" in page
    client.post(edit_url(organisation), edit_data(organisation, languages=["sw", "de"]))
    [change] = pending(organisation)
    assert change.proposed == {"languages": ["de", "sw"]}


@pytest.mark.django_db
def test_other_roles_cannot_use_the_representative_pages(mannheim) -> None:
    organisation = represented(mannheim, "TSV Neckarau")
    assert (
        signed_in_client("gremium@mannheim.example").get(edit_url(organisation)).status_code == 403
    )
    anonymous = Client().get(edit_url(organisation))
    assert anonymous.status_code == 302
    assert "/mannheim/konto/anmelden/" in anonymous["Location"]


def my_organisations_queries(client: Client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/mannheim/verwaltung/meine-organisation/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_my_organisations_needs_the_same_number_of_queries_for_any_number(mannheim) -> None:
    client = signed_in_client(REPRESENTATIVE)
    user = User.objects.get(email=REPRESENTATIVE)
    represented(mannheim, "Verein 0")
    small = my_organisations_queries(client)
    with scope(municipality=mannheim):
        for n in range(1, 30):
            organisation = represented(mannheim, f"Verein {n}")
            if n % 2:
                ChangeRequest.objects.create(
                    municipality=mannheim,
                    organisation=organisation,
                    proposed={"public_phone": "1"},
                    submitted_by=user,
                )
    assert my_organisations_queries(client) == small
