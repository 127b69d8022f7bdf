"""Self-service entries: request, confirm by e-mail, the office decides, requests expire."""

import re
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import Role, RoleAssignment, User
from querschnitt.core.models import AuditEntry, Municipality
from querschnitt.network.models import (
    ChangeRequest,
    Contact,
    District,
    NetworkSettings,
    Organisation,
    Representative,
)
from querschnitt.network.selectors.directory import organisation_search
from querschnitt.network.services.entries import entry_request_token, entry_requests_expire
from querschnitt.network.services.organisations import organisation_create, organisation_update

REQUEST_URL = "/mannheim/akteure/eintragen/"
QUEUE_URL = "/mannheim/verwaltung/anfragen/"
OFFICE = "team@mannheim.example"


def request_data(**overrides: Any) -> dict[str, Any]:
    """The public request form, filled in as a person would."""
    data = {
        "name": "Kulturbrücke Neckarstadt e. V.",
        "kind": Organisation.Kind.CULTURAL_INSTITUTION,
        "topics": ["culture", "youth"],
        "languages": ["de", "tr", "ar"],
        "description": "Wir machen Theater mit Jugendlichen aus aller Welt.",
        "description_language": "de",
        "street": "Mittelstraße 1",
        "postal_code": "68169",
        "city": "Mannheim",
        "district": "",
        "public_email": "info@kulturbruecke.example",
        "public_phone": "0621 123456",
        "homepage": "https://kulturbruecke.example",
        "requester_name": "Selin Kaya",
        "requester_email": "Selin.Kaya@kulturbruecke.example",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit_request(client: Client | None = None, **overrides: Any) -> Organisation:
    """Request an entry through the public form; the new request, unconfirmed."""
    response = (client or Client()).post(REQUEST_URL, request_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"{REQUEST_URL}?gesendet=1"
    with scopes_disabled():
        return Organisation.objects.filter(municipality__slug="mannheim").latest("id")


def link_in(message: Any) -> str:
    """The path of the (first) link in an e-mail."""
    found = re.search(r"http://testserver(\S+)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


def confirm(organisation: Organisation) -> None:
    token = entry_request_token(organisation=organisation)
    url = f"/mannheim/akteure/eintragen/bestaetigen/{token}/"
    assert Client().post(url).status_code == 302
    organisation.refresh_from_db()


def english(client: Client) -> Client:
    client.cookies["qs_language"] = "en"
    return client


def published(municipality: Municipality, name: str, **fields: Any) -> Organisation:
    with scope(municipality=municipality):
        return organisation_create(
            municipality=municipality,
            by=None,
            name=name,
            status=Organisation.Status.PUBLISHED,
            description={"de": f"Beschreibung von {name}"},
            **fields,
        )


def audited(municipality: Municipality, action: str, target: Any) -> bool:
    with scope(municipality=municipality):
        return AuditEntry.objects.filter(
            municipality=municipality, action=action, target_id=str(target.pk)
        ).exists()


@pytest.mark.django_db
def test_the_full_path_from_request_to_a_changed_public_entry(mannheim) -> None:
    # An organisation asks for an entry; nothing is public yet.
    organisation = submit_request()
    assert organisation.status == Organisation.Status.REQUESTED
    assert organisation.requested_by_email == "selin.kaya@kulturbruecke.example"
    assert organisation.email_confirmed_at is None
    assert organisation.website == "https://kulturbruecke.example"
    assert organisation.description == {
        "de": "Wir machen Theater mit Jugendlichen aus aller Welt.",
    }
    with scope(municipality=mannheim):
        assert sorted(organisation.topics.values_list("topic", flat=True)) == ["culture", "youth"]
        assert sorted(organisation.languages.values_list("language", flat=True)) == [
            "ar",
            "de",
            "tr",
        ]
        assert not organisation_search(municipality=mannheim, query="Kulturbrücke").exists()
    assert [message.to for message in mail.outbox] == [["selin.kaya@kulturbruecke.example"]]

    # The requester opens the link from the e-mail and confirms.
    confirm_url = link_in(mail.outbox[0])
    assert confirm_url.startswith("/mannheim/akteure/eintragen/bestaetigen/")
    visitor = Client()
    page = visitor.get(confirm_url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at is None  # opening the link alone confirms nothing
    response = visitor.post(confirm_url)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.IN_REVIEW
    assert organisation.email_confirmed_at is not None
    # The office hears of it.
    assert mail.outbox[-1].to == ["integration@mannheim.example"]
    assert f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/" in mail.outbox[-1].body

    # The office sees it in the queue and approves it.
    office = signed_in_client(OFFICE)
    queue = office.get(QUEUE_URL).content.decode()
    assert f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/" in queue
    detail = office.get(f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/")
    assert detail.status_code == 200
    assert "selin.kaya@kulturbruecke.example" in detail.content.decode()
    mail.outbox.clear()
    response = office.post(
        f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/",
        {"bestaetigt": "1", "decision": "approve"},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED
    assert organisation.published_at is not None
    user = User.objects.get(email="selin.kaya@kulturbruecke.example")
    assert user.full_name == "Selin Kaya"
    assert not user.has_usable_password()
    with scopes_disabled():
        assert RoleAssignment.objects.filter(
            municipality=mannheim, user=user, role=Role.ORGANISATION_REPRESENTATIVE
        ).exists()
        assert Representative.objects.filter(organisation=organisation, user=user).exists()
    assert audited(mannheim, "organisation.request_approved", organisation)
    with scope(municipality=mannheim):
        assert organisation_search(municipality=mannheim, query="Kulturbrücke").exists()

    # Two mails: the entry is published, and the invitation to choose a password.
    assert [message.to for message in mail.outbox] == [[user.email], [user.email]]
    assert "Kulturbrücke Neckarstadt e. V." in mail.outbox[0].body
    invitation = link_in(mail.outbox[1])
    assert "/mannheim/konto/passwort-neu/" in invitation

    # The representative chooses a password and signs in.
    representative = Client()
    form = representative.get(invitation, follow=True)
    response = representative.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Theater-am-Fluss-77", "new_password2": "Theater-am-Fluss-77"},
    )
    assert response.status_code == 302
    response = representative.post(
        "/mannheim/konto/anmelden/",
        {"username": user.email, "password": "Theater-am-Fluss-77"},
    )
    assert response["Location"] == "/mannheim/verwaltung/"
    mine = representative.get("/mannheim/verwaltung/meine-organisation/")
    edit_url = f"/mannheim/verwaltung/meine-organisation/{organisation.pk}/"
    assert edit_url in mine.content.decode()

    # They change the entry; the change waits for review.
    mail.outbox.clear()
    response = representative.post(
        edit_url,
        request_data(
            name="Kulturbrücke Mannheim e. V.",
            topics=["culture", "youth", "women"],
            languages=["de", "tr"],
            description=None,
            description_language=None,
            description_de="Wir machen Theater mit Jugendlichen aus aller Welt.",
            public_phone="0621 654321",
            requester_name=None,
            requester_email=None,
            consent=None,
            website=None,
        ),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Kulturbrücke Neckarstadt e. V."
    with scope(municipality=mannheim):
        change = ChangeRequest.objects.get(organisation=organisation)
    assert change.state == ChangeRequest.State.PENDING
    assert change.submitted_by == user
    assert change.proposed == {
        "name": "Kulturbrücke Mannheim e. V.",
        "public_phone": "0621 654321",
        "topics": ["culture", "women", "youth"],
        "languages": ["de", "tr"],
    }
    assert "Kulturbrücke Mannheim e. V." in representative.get(edit_url).content.decode()

    # The office compares old and new values and accepts.
    change_url = f"/mannheim/verwaltung/anfragen/aenderung/{change.pk}/"
    assert change_url in office.get(QUEUE_URL).content.decode()
    compared = english(office).get(change_url).content.decode()
    assert "Kulturbrücke Neckarstadt e. V." in compared
    assert "Kulturbrücke Mannheim e. V." in compared
    assert "0621 123456" in compared
    assert "0621 654321" in compared
    assert "Women" in compared
    response = office.post(change_url, {"bestaetigt": "1", "decision": "approve"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.ACCEPTED
    assert change.decided_by == User.objects.get(email=OFFICE)
    organisation.refresh_from_db()
    assert organisation.name == "Kulturbrücke Mannheim e. V."
    assert organisation.public_phone == "0621 654321"
    assert organisation.description == {"de": "Wir machen Theater mit Jugendlichen aus aller Welt."}
    with scope(municipality=mannheim):
        assert sorted(organisation.topics.values_list("topic", flat=True)) == [
            "culture",
            "women",
            "youth",
        ]
        assert sorted(organisation.languages.values_list("language", flat=True)) == ["de", "tr"]
        assert list(organisation_search(municipality=mannheim, query="Kulturbrücke Mannheim")) == [
            organisation
        ]
    assert audited(mannheim, "change_request.accepted", change)
    assert audited(mannheim, "organisation.updated", organisation)
    assert [message.to for message in mail.outbox] == [[user.email]]


@pytest.mark.django_db
def test_rejecting_a_request_needs_a_reason_which_the_requester_receives(mannheim) -> None:
    organisation = submit_request()
    confirm(organisation)
    office = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/"
    mail.outbox.clear()
    without_reason = office.post(url, {"bestaetigt": "1", "decision": "reject", "reason": "  "})
    assert without_reason.status_code == 200
    assert "kern-error" in without_reason.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.IN_REVIEW
    response = office.post(
        url,
        {
            "bestaetigt": "1",
            "decision": "reject",
            "reason": "Der Verein hat keinen Sitz in Mannheim.",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ARCHIVED
    assert [message.to for message in mail.outbox] == [["selin.kaya@kulturbruecke.example"]]
    assert "Der Verein hat keinen Sitz in Mannheim." in mail.outbox[0].body
    assert not User.objects.filter(email="selin.kaya@kulturbruecke.example").exists()
    assert audited(mannheim, "organisation.request_rejected", organisation)
    # Decided once: a second decision is refused and changes nothing.
    again = office.post(url, {"bestaetigt": "1", "decision": "approve"})
    assert again.status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ARCHIVED


@pytest.mark.django_db
def test_only_confirmed_requests_can_be_decided(mannheim) -> None:
    organisation = submit_request()
    office = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/"
    assert office.get(url).status_code == 200
    assert office.post(url, {"bestaetigt": "1", "decision": "approve"}).status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REQUESTED
    assert not User.objects.filter(email="selin.kaya@kulturbruecke.example").exists()
    # An entry that never was a request is not on these pages.
    other = published(mannheim, "Stadtteilbibliothek")
    assert office.get(f"/mannheim/verwaltung/anfragen/eintrag/{other.pk}/").status_code == 404
    # The unconfirmed request is not in the queue.
    assert url not in office.get(QUEUE_URL).content.decode()


@pytest.mark.django_db
def test_an_existing_account_is_told_it_now_represents_the_organisation(mannheim) -> None:
    existing = User.objects.create_user("selin.kaya@kulturbruecke.example", "Ein-Passwort-1")
    organisation = submit_request()
    confirm(organisation)
    mail.outbox.clear()
    response = signed_in_client(OFFICE).post(
        f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/",
        {"bestaetigt": "1", "decision": "approve"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [existing.email]
    assert "/mannheim/konto/anmelden/" in mail.outbox[0].body
    assert f"/mannheim/verwaltung/meine-organisation/{organisation.pk}/" in mail.outbox[0].body
    existing.refresh_from_db()
    assert existing.check_password("Ein-Passwort-1")
    with scopes_disabled():
        assert Representative.objects.filter(organisation=organisation, user=existing).exists()


@pytest.mark.django_db
def test_confirming_twice_is_harmless(mannheim) -> None:
    organisation = submit_request()
    url = link_in(mail.outbox[0])
    client = english(Client())
    assert client.post(url).status_code == 302
    organisation.refresh_from_db()
    confirmed_at = organisation.email_confirmed_at
    mails = len(mail.outbox)
    assert client.post(url).status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    assert "Your e-mail address is confirmed" in page.content.decode()
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at == confirmed_at
    assert organisation.status == Organisation.Status.IN_REVIEW
    assert len(mail.outbox) == mails


@pytest.mark.django_db
def test_expired_forged_and_foreign_links_are_refused_with_a_reason(mannheim, bamberg) -> None:
    organisation = submit_request()
    token = entry_request_token(organisation=organisation)
    client = english(Client())

    def answer(path_token: str, city: str = "mannheim") -> tuple[int, str]:
        response = client.get(f"/{city}/akteure/eintragen/bestaetigen/{path_token}/")
        return response.status_code, response.content.decode()

    eight_days_ago = timezone.now().timestamp() - 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        old_token = entry_request_token(organisation=organisation)
    status, page = answer(old_token)
    assert status == 400
    assert "This link has expired" in page
    assert client.post(f"/mannheim/akteure/eintragen/bestaetigen/{old_token}/").status_code == 400
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at is None
    assert (
        client.post(f"/mannheim/akteure/eintragen/bestaetigen/{token[:-2]}xy/").status_code == 400
    )
    status, page = answer(token[:-2] + "xy")
    assert (status, "This link is not valid" in page) == (400, True)
    forged = signing.dumps({"m": mannheim.pk, "o": organisation.pk}, salt="another-purpose")
    assert answer(forged)[0] == 400
    assert answer(token, city="bamberg")[0] == 400
    # A longer expiry set by the municipality keeps the link valid.
    with scope(municipality=mannheim):
        NetworkSettings.objects.update_or_create(
            municipality=mannheim, defaults={"request_expiry_days": 14}
        )
    assert answer(old_token)[0] == 200
    # A deleted request.
    with scope(municipality=mannheim):
        organisation.delete()
    status, page = answer(token)
    assert status == 400
    assert "no longer exists" in page


@pytest.mark.django_db
def test_a_bot_filling_the_hidden_field_gets_the_same_answer_and_nothing_is_stored(
    mannheim,
) -> None:
    response = Client().post(REQUEST_URL, request_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == f"{REQUEST_URL}?gesendet=1"
    with scope(municipality=mannheim):
        assert not Organisation.objects.filter(name__startswith="Kulturbrücke").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_requests_are_rate_limited_per_address() -> None:
    cache.clear()
    client = Client(REMOTE_ADDR="192.0.2.20")
    statuses = [client.post(REQUEST_URL, {"name": f"Nr. {n}"}).status_code for n in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 429]
    assert Client(REMOTE_ADDR="192.0.2.21").post(REQUEST_URL, {}).status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_the_form_needs_consent_a_description_and_a_valid_address(mannheim) -> None:
    client = Client()
    page = client.get(REQUEST_URL).content.decode()
    for name in ("name", "topics", "languages", "description", "consent", "requester_email"):
        assert f'name="{name}"' in page, name
    response = client.post(
        REQUEST_URL,
        request_data(
            consent=None, description="", requester_email="kein-mail", topics=["astrology"]
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"consent", "description", "requester_email", "topics"}
    with scope(municipality=mannheim):
        assert not Organisation.objects.filter(name__startswith="Kulturbrücke").exists()


@pytest.mark.django_db
def test_a_district_of_another_municipality_is_refused(mannheim, bamberg) -> None:
    with scope(municipality=bamberg):
        foreign = District.objects.get_or_create(municipality=bamberg, name="Testbezirk Bamberg")[0]
    with scope(municipality=mannheim):
        own = District.objects.get_or_create(municipality=mannheim, name="Testbezirk Mannheim")[0]
    response = Client().post(REQUEST_URL, request_data(district=foreign.pk))
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    organisation = submit_request(district=own.pk)
    assert organisation.district == own


@pytest.mark.django_db
def test_a_likely_duplicate_is_accepted_but_flagged_for_the_office(mannheim) -> None:
    existing = published(mannheim, "Kulturbrücke Neckarstadt e.V.")
    organisation = submit_request(name="  kulturbrücke   NECKARSTADT e.V. ")
    assert organisation.name == "kulturbrücke NECKARSTADT e.V."
    confirm(organisation)
    unrelated = submit_request(name="Sportfreunde Käfertal")
    confirm(unrelated)
    office = english(signed_in_client(OFFICE))
    queue = office.get(QUEUE_URL).content.decode()
    assert queue.count("Likely duplicate") == 1
    assert f"/mannheim/verwaltung/akteure/{existing.pk}/" in queue
    detail = office.get(f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/")
    assert "Likely duplicate" in detail.content.decode()
    assert f"/mannheim/verwaltung/akteure/{existing.pk}/" in detail.content.decode()
    assert (
        "Likely duplicate"
        not in office.get(f"/mannheim/verwaltung/anfragen/eintrag/{unrelated.pk}/").content.decode()
    )


@pytest.mark.django_db
def test_the_queue_lists_the_longest_waiting_first_on_pages(mannheim) -> None:
    with scope(municipality=mannheim):
        base = timezone.now()
        for n in range(30):
            organisation_create(
                municipality=mannheim,
                by=None,
                name=f"Verein {n:02d}",
                status=Organisation.Status.IN_REVIEW,
                requested_by_email=f"v{n}@example.org",
                email_confirmed_at=base - timedelta(days=n),
            )
    office = signed_in_client(OFFICE)
    first = office.get(QUEUE_URL).content.decode()
    assert first.index("Verein 29") < first.index("Verein 28")
    assert "Verein 04" not in first
    second = office.get(f"{QUEUE_URL}?anfragen=2&aenderungen=1").content.decode()
    assert "Verein 04" in second
    assert "Verein 29" not in second
    assert office.get(f"{QUEUE_URL}?anfragen=x&aenderungen=999").status_code == 200


@pytest.mark.django_db
def test_unconfirmed_requests_expire_but_nothing_else_is_deleted(mannheim, bamberg) -> None:
    old = timezone.now() - timedelta(days=8)
    stale = submit_request(name="Vergessene Anfrage")
    fresh = submit_request(name="Neue Anfrage")
    confirmed = submit_request(name="Bestätigte Anfrage")
    confirm(confirmed)
    with_contact = submit_request(name="Anfrage mit Kontakt")
    with scope(municipality=mannheim):
        Contact.objects.create(municipality=mannheim, organisation=with_contact, name="K")
        Organisation.objects.filter(pk__in=[stale.pk, confirmed.pk, with_contact.pk]).update(
            created_at=old
        )
        NetworkSettings.objects.update_or_create(
            municipality=mannheim, defaults={"request_expiry_days": 10}
        )
        assert entry_requests_expire(municipality=mannheim) == 0
        NetworkSettings.objects.filter(municipality=mannheim).update(request_expiry_days=7)
    call_command("expire_entry_requests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with scope(municipality=mannheim):
        remaining = set(
            Organisation.objects.filter(
                pk__in=[stale.pk, fresh.pk, confirmed.pk, with_contact.pk]
            ).values_list("pk", flat=True)
        )
        assert remaining == {fresh.pk, confirmed.pk, with_contact.pk}
        assert AuditEntry.objects.filter(
            action="organisation.request_expired", target_id=str(stale.pk)
        ).exists()


@pytest.mark.django_db
def test_requests_of_another_municipality_are_not_found(bamberg) -> None:
    bamberg_request = published(bamberg, "Bamberger Verein")
    with scope(municipality=bamberg):
        Organisation.objects.filter(pk=bamberg_request.pk).update(
            status=Organisation.Status.IN_REVIEW, requested_by_email="b@example.org"
        )
    office = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/anfragen/eintrag/{bamberg_request.pk}/"
    assert office.get(url).status_code == 404
    assert office.post(url, {"bestaetigt": "1", "decision": "approve"}).status_code == 404
    assert "Bamberger Verein" not in office.get(QUEUE_URL).content.decode()
    bamberg_request.refresh_from_db()
    assert bamberg_request.status == Organisation.Status.IN_REVIEW


def queue_queries(client: Client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE_URL).status_code == 200
    return len(queries)


def grow_queue(municipality: Municipality, size: int, start: int) -> None:
    """Requests in review (half of them likely duplicates) and pending changes."""
    user = User.objects.get(email="verein@mannheim.example")
    with scope(municipality=municipality):
        for n in range(start, start + size):
            organisation_create(
                municipality=municipality,
                by=None,
                name=f"Anfrage {n // 2}",
                status=Organisation.Status.IN_REVIEW,
                requested_by_email=f"a{n}@example.org",
                email_confirmed_at=timezone.now(),
            )
            entry = published(municipality, f"Eintrag {n}")
            ChangeRequest.objects.create(
                municipality=municipality,
                organisation=entry,
                proposed={"name": f"Eintrag {n} neu"},
                submitted_by=user,
            )


@pytest.mark.django_db
def test_the_queue_needs_the_same_number_of_queries_for_any_number_of_requests(
    mannheim,
) -> None:
    office = signed_in_client(OFFICE)
    grow_queue(mannheim, 4, 0)
    small = queue_queries(office)
    grow_queue(mannheim, 40, 4)
    assert queue_queries(office) == small


@pytest.mark.django_db
def test_a_request_in_english_only_is_accepted_and_marked_where_it_stands_in(mannheim) -> None:
    response = Client().post(
        REQUEST_URL,
        request_data(
            name="Language Café Quadrate",
            description="We meet every Friday to speak German and English.",
            description_language="en",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    with scope(municipality=mannheim):
        organisation = Organisation.objects.get(name="Language Café Quadrate")
        assert organisation.description == {
            "en": "We meet every Friday to speak German and English."
        }
        organisation_update(
            organisation=organisation, by=None, status=Organisation.Status.PUBLISHED
        )
    page = Client().get(f"/mannheim/akteure/{organisation.pk}/").content.decode()
    assert 'lang="en"' in page
    assert "We meet every Friday" in page
    assert "wird auf Englisch angezeigt" in page


@pytest.mark.django_db
def test_the_description_can_be_in_any_language_the_municipality_offers(mannheim) -> None:
    page = Client().get(REQUEST_URL).content.decode()
    for code in mannheim.offered_languages:
        assert f'<option value="{code}"' in page, code
    response = Client(REMOTE_ADDR="192.0.2.77").post(
        REQUEST_URL,
        request_data(description_language="fa"),  # Mannheim does not offer Persian
    )
    assert set(response.context["form"].errors) == {"description_language"}


@pytest.mark.django_db
def test_step_free_access_reaches_the_office_as_yes_no_or_not_known(mannheim) -> None:
    for answer, expected in (("true", True), ("false", False), ("unknown", None)):
        name = f"Treffpunkt Stufenlos {answer}"
        response = Client(REMOTE_ADDR=f"192.0.2.{len(answer)}").post(
            REQUEST_URL, request_data(name=name, wheelchair_accessible=answer)
        )
        assert response.status_code == 302
        with scope(municipality=mannheim):
            assert Organisation.objects.get(name=name).wheelchair_accessible is expected
    with scope(municipality=mannheim):
        organisation = Organisation.objects.get(name="Treffpunkt Stufenlos unknown")
        organisation_update(organisation=organisation, by=None, status="published")
    page = Client().get(f"/mannheim/akteure/{organisation.pk}/").content.decode()
    assert "nicht bekannt" in page
    form = Client().get(REQUEST_URL).content.decode()
    assert 'name="wheelchair_accessible" value="unknown"' in form
    assert re.search(r'value="unknown"[^>]*checked', form)
