"""Declarations: the page, signing with double opt-in, withdrawal, expiry of unconfirmed ones."""

import re
import time
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.core.models import AuditEntry
from querschnitt.network.models import Declaration, Organisation, Signature
from querschnitt.network.services import declarations as services
from querschnitt.network.services.organisations import organisation_create

pytestmark = pytest.mark.django_db

DECLARATION_URL = "/mannheim/erklaerungen/mannheimer-erklaerung/"
SIGN_URL = DECLARATION_URL + "unterzeichnen/"
WITHDRAW_REQUEST_URL = DECLARATION_URL + "zurueckziehen/"
ALLIANCE_URL = "/mannheim/buendnisse/mannheimer-buendnis/"


def english_client() -> Client:
    client = Client()
    client.cookies["qs_language"] = "en"
    return client


def sign_data(**overrides: Any) -> dict[str, Any]:
    return {
        "organisation_name": "Testverein Brückenbau e. V.",
        "kind": "association",
        "street": "Teststraße 1",
        "postal_code": "68159",
        "city": "Mannheim",
        "signer_name": "Tess Test",
        "signer_function": "Vorsitz",
        "signer_email": "tess@testverein.example",
        "authorised": "on",
        **overrides,
    }


def link_in(message: Any, pattern: str) -> str:
    found = re.search(rf"http://testserver(/mannheim/{pattern}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def the_signature(email: str = "tess@testverein.example") -> Signature:
    with scopes_disabled():
        return Signature.objects.select_related("organisation").get(signer_email=email)


def test_the_declaration_shows_its_versions_the_count_and_the_ways_in() -> None:
    response = english_client().get(DECLARATION_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mannheim Declaration for Living Together in Diversity" in content
    # The current text first, the earlier version below it, each with its date.
    assert content.index("2016 (erweitert)") < content.index(">2009<")
    assert 'datetime="2016-05-03"' in content
    assert 'datetime="2009-12-22"' in content
    assert "335 institutions have signed" in content
    assert 'href="/mannheim/erklaerungen/mannheimer-erklaerung/unterzeichnen/"' in content
    assert 'href="/mannheim/buendnisse/mannheimer-buendnis/"' in content
    assert 'href="/mannheim/erklaerungen/mannheimer-erklaerung/zurueckziehen/"' in content
    assert "weder Gütesiegel noch Ausdruck eines bereits erreichten Ziels" in content


def test_an_unknown_declaration_is_a_404() -> None:
    assert Client().get("/mannheim/erklaerungen/gibt-es-nicht/").status_code == 404


def test_the_full_path_from_signing_to_withdrawal(mannheim) -> None:
    client = english_client()
    # Sign.
    response = client.post(SIGN_URL, sign_data())
    assert response.status_code == 302
    assert response["Location"] == DECLARATION_URL
    signature = the_signature()
    assert signature.state == Signature.State.UNCONFIRMED
    assert signature.organisation.status == Organisation.Status.REQUESTED
    assert signature.organisation.name == "Testverein Brückenbau e. V."
    assert signature.version.label == "2016 (erweitert)"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tess@testverein.example"]
    confirm = link_in(mail.outbox[0], "unterzeichnung/bestaetigen")
    # Confirm the e-mail address.
    response = client.get(confirm)
    assert response.status_code == 200
    assert b"Thank you. Your e-mail address is confirmed." in response.content
    signature = the_signature()
    assert signature.state == Signature.State.PENDING_REVIEW
    assert signature.confirmed_at is not None
    assert signature.organisation.email_confirmed_at is not None
    # The office sees it in its queue and accepts it.
    office = signed_in_client("team@mannheim.example")
    queue = office.get("/mannheim/verwaltung/unterzeichnungen/")
    assert signature.pk in [row["id"] for row in queue.context["object_list"]]
    response = office.post(
        f"/mannheim/verwaltung/unterzeichnungen/{signature.pk}/",
        {"bestaetigt": "1", "decision": "accept"},
    )
    assert response.status_code == 302
    signature = the_signature()
    assert signature.state == Signature.State.ACCEPTED
    assert signature.decided_by is not None
    assert signature.decided_by.email == "team@mannheim.example"
    assert signature.organisation.status == Organisation.Status.PUBLISHED
    welcome = mail.outbox[-1]
    assert welcome.to == ["tess@testverein.example"]
    assert "http://testserver/mannheim/buendnisse/mannheimer-buendnis/" in welcome.body
    # The alliance lists it.
    alliance = client.get(ALLIANCE_URL + "?name=Brückenbau")
    assert [m["organisation__name"] for m in alliance.context["object_list"]] == [
        "Testverein Brückenbau e. V."
    ]
    assert b"336 institutions belong to the alliance." in client.get(ALLIANCE_URL).content
    # Withdraw: ask for a link, open it, confirm.
    response = client.post(
        WITHDRAW_REQUEST_URL,
        {"email": "TESS@testverein.example", "organisation_name": "testverein  brückenbau e. v."},
    )
    assert response.status_code == 302
    withdraw = link_in(mail.outbox[-1], "unterzeichnung/zurueckziehen")
    page = client.get(withdraw)
    assert page.status_code == 200
    assert the_signature().state == Signature.State.ACCEPTED  # GET changes nothing
    response = client.post(withdraw)
    assert response.status_code == 302
    assert response["Location"] == ALLIANCE_URL
    signature = the_signature()
    assert signature.state == Signature.State.WITHDRAWN
    assert signature.withdrawn_at is not None
    alliance = client.get(ALLIANCE_URL + "?name=Brückenbau")
    assert list(alliance.context["object_list"]) == []
    assert b"335 institutions belong to the alliance." in client.get(ALLIANCE_URL).content
    # Using the link again is harmless.
    assert client.post(withdraw).status_code == 302
    with scopes_disabled():
        actions = set(
            AuditEntry.objects.filter(
                municipality=mannheim, target_id=str(signature.pk)
            ).values_list("action", flat=True)
        )
    assert actions == {
        "signature.submitted",
        "signature.confirmed",
        "signature.accepted",
        "signature.withdrawn",
    }


def test_confirming_twice_is_harmless() -> None:
    client = english_client()
    client.post(SIGN_URL, sign_data())
    confirm = link_in(mail.outbox[0], "unterzeichnung/bestaetigen")
    assert client.get(confirm).status_code == 200
    first = the_signature().confirmed_at
    response = client.get(confirm)
    assert response.status_code == 200
    assert b"This signature was confirmed already." in response.content
    assert the_signature().confirmed_at == first
    assert the_signature().state == Signature.State.PENDING_REVIEW


def test_forged_and_expired_links_are_refused_with_a_reason(mannheim) -> None:
    client = english_client()
    response = client.get("/mannheim/unterzeichnung/bestaetigen/forged/")
    assert response.status_code == 400
    assert b"This link is not valid." in response.content
    assert client.get("/mannheim/unterzeichnung/zurueckziehen/forged/").status_code == 400
    assert client.post("/mannheim/unterzeichnung/zurueckziehen/forged/").status_code == 400
    client.post(SIGN_URL, sign_data())
    signature = the_signature()
    eight_days_ago = time.time() - 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        old_token = services.signature_confirm_token(signature=signature)
    response = client.get(f"/mannheim/unterzeichnung/bestaetigen/{old_token}/")
    assert response.status_code == 400
    assert b"This link has expired." in response.content
    assert the_signature().state == Signature.State.UNCONFIRMED
    # A confirmation token is not a withdrawal token, and Bamberg does not accept Mannheim's.
    token = services.signature_confirm_token(signature=signature)
    assert client.get(f"/mannheim/unterzeichnung/zurueckziehen/{token}/").status_code == 400
    assert client.get(f"/bamberg/unterzeichnung/bestaetigen/{token}/").status_code == 400
    assert the_signature().state == Signature.State.UNCONFIRMED


def test_a_link_to_an_expired_signature_says_so() -> None:
    client = english_client()
    client.post(SIGN_URL, sign_data())
    confirm = link_in(mail.outbox[0], "unterzeichnung/bestaetigen")
    with scopes_disabled():
        Signature.objects.filter(signer_email="tess@testverein.example").delete()
    response = client.get(confirm)
    assert response.status_code == 400
    assert b"This link has expired." in response.content


def test_a_bot_filling_the_honeypot_gets_the_same_answer_and_changes_nothing() -> None:
    with scopes_disabled():
        before = Signature.objects.count()
    response = Client().post(SIGN_URL, sign_data(website="http://spam.example"))
    assert response.status_code == 302
    with scopes_disabled():
        assert Signature.objects.count() == before
        assert not Organisation.objects.filter(name="Testverein Brückenbau e. V.").exists()
    assert mail.outbox == []


def test_signing_is_rate_limited_per_address() -> None:
    client = Client()
    statuses = [
        client.post(SIGN_URL, sign_data(signer_email=f"p{n}@x.example")).status_code
        for n in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 302, 429]
    withdraw = [
        client.post(WITHDRAW_REQUEST_URL, {"email": "a@b.example", "organisation_name": "X"})
        for _ in range(6)
    ]
    assert [r.status_code for r in withdraw] == [302, 302, 302, 302, 302, 429]


def test_only_institutions_sign_so_the_organisation_fields_are_required() -> None:
    response = english_client().post(
        SIGN_URL, {"signer_name": "Ina Individual", "signer_email": "ina@example.org"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in [
        "organisation_name",
        "kind",
        "street",
        "postal_code",
        "city",
        "signer_function",
        "authorised",
    ]:
        assert field in errors, field
    with scopes_disabled():
        assert not Signature.objects.filter(signer_email="ina@example.org").exists()
    response = english_client().post(SIGN_URL, sign_data(postal_code="12", kind="person"))
    assert set(response.context["form"].errors) == {"postal_code", "kind"}


def test_signing_links_an_existing_published_organisation_instead_of_a_duplicate(
    mannheim,
) -> None:
    with scope(municipality=mannheim):
        existing = organisation_create(
            municipality=mannheim,
            by=None,
            name="Kulturforum Übersee e. V.",
            kind="association",
            status=Organisation.Status.PUBLISHED,
        )
    english_client().post(
        SIGN_URL, sign_data(organisation_name="  kulturforum   übersee E. V. ", kind="company")
    )
    signature = the_signature()
    assert signature.organisation == existing
    with scopes_disabled():
        assert Organisation.objects.filter(name__contains="bersee").count() == 1
        existing.refresh_from_db()
    assert existing.kind == "association"  # the published entry is not overwritten
    # Once its signature waits for review, the same organisation cannot sign again.
    link = link_in(mail.outbox[0], "unterzeichnung/bestaetigen")
    Client().get(link)
    response = english_client().post(
        SIGN_URL,
        sign_data(organisation_name="Kulturforum Übersee e. V.", signer_email="b@x.example"),
    )
    assert response.status_code == 200
    assert "organisation_name" in response.context["form"].errors


def test_a_member_of_the_alliance_cannot_sign_twice(mannheim) -> None:
    with scopes_disabled():
        member = Signature.objects.filter(
            municipality=mannheim, state="accepted", organisation__status="published"
        ).first()
    response = english_client().post(
        SIGN_URL, sign_data(organisation_name=member.organisation.name.upper())
    )
    assert response.status_code == 200
    assert "organisation_name" in response.context["form"].errors


def test_a_closed_declaration_cannot_be_signed(mannheim) -> None:
    with scopes_disabled():
        Declaration.objects.filter(municipality=mannheim).update(is_open_for_signing=False)
    client = english_client()
    response = client.get(SIGN_URL)
    assert response.status_code == 200
    assert b"not open for signing" in response.content
    assert b'name="organisation_name"' not in response.content
    response = client.post(SIGN_URL, sign_data())
    assert response.status_code == 200
    with scopes_disabled():
        assert not Signature.objects.filter(signer_email="tess@testverein.example").exists()


def test_the_withdrawal_request_answers_the_same_whether_or_not_anything_matches(
    mannheim,
) -> None:
    with scopes_disabled():
        member = Signature.objects.filter(municipality=mannheim, state="accepted").first()
    client = english_client()
    answers = []
    for email, name in [
        (member.signer_email, member.organisation.name),
        (member.signer_email, "Ein anderer Name"),
        ("nobody@nowhere.example", member.organisation.name),
    ]:
        response = client.post(
            WITHDRAW_REQUEST_URL, {"email": email, "organisation_name": name}, follow=True
        )
        answers.append((response.status_code, [str(m) for m in response.context["messages"]]))
    assert answers[0] == answers[1] == answers[2]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.signer_email]


def test_a_declined_signature_cannot_be_withdrawn(mannheim) -> None:
    with scopes_disabled():
        declined = Signature.objects.filter(municipality=mannheim, state="declined").first()
    token = services.signature_withdraw_token(signature=declined)
    client = english_client()
    assert (
        b"cannot be withdrawn"
        in client.get(f"/mannheim/unterzeichnung/zurueckziehen/{token}/").content
    )
    client.post(f"/mannheim/unterzeichnung/zurueckziehen/{token}/")
    with scopes_disabled():
        declined.refresh_from_db()
    assert declined.state == Signature.State.DECLINED


def test_unconfirmed_signatures_expire(mannheim) -> None:
    client = english_client()
    client.post(SIGN_URL, sign_data())
    client.post(
        SIGN_URL,
        sign_data(organisation_name="Frisch e. V.", signer_email="fresh@testverein.example"),
    )
    with scopes_disabled():
        old = Signature.objects.get(signer_email="tess@testverein.example")
        Signature.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=8))
        demo_unconfirmed = Signature.objects.filter(
            municipality=mannheim, state="unconfirmed", organisation__is_example=True
        ).count()
    call_command("expire_unconfirmed")
    with scopes_disabled():
        assert not Signature.objects.filter(pk=old.pk).exists()
        assert not Organisation.objects.filter(pk=old.organisation_id).exists()
        assert Signature.objects.filter(signer_email="fresh@testverein.example").exists()
        assert (
            Signature.objects.filter(
                municipality=mannheim, state="unconfirmed", organisation__is_example=True
            ).count()
            == demo_unconfirmed
        )
        assert AuditEntry.objects.filter(municipality=mannheim, action="signature.expired").exists()


def test_an_expiring_signature_keeps_an_organisation_that_has_more(mannheim) -> None:
    with scope(municipality=mannheim):
        published = organisation_create(
            municipality=mannheim,
            by=None,
            name="Bleibt e. V.",
            kind="association",
            status=Organisation.Status.PUBLISHED,
        )
    english_client().post(SIGN_URL, sign_data(organisation_name="Bleibt e. V."))
    with scopes_disabled():
        Signature.objects.filter(organisation=published).update(
            submitted_at=timezone.now() - timedelta(days=30)
        )
    with scope(municipality=mannheim):
        assert services.signatures_expire_unconfirmed(municipality=mannheim) == (1, 0)
    with scopes_disabled():
        assert Organisation.objects.filter(pk=published.pk).exists()


def test_another_municipality_does_not_see_mannheims_declaration(mannheim) -> None:
    client = Client()
    assert client.get("/bamberg/erklaerungen/mannheimer-erklaerung/").status_code == 404
    assert (
        client.get("/bamberg/erklaerungen/mannheimer-erklaerung/unterzeichnen/").status_code == 404
    )
    assert (
        client.post(
            "/bamberg/erklaerungen/mannheimer-erklaerung/unterzeichnen/", sign_data()
        ).status_code
        == 404
    )
    assert client.get("/bamberg/buendnisse/mannheimer-buendnis/").status_code == 404


def test_a_signed_in_representative_withdraws_directly(mannheim) -> None:
    from querschnitt.network.demo import MANNHEIM_REPRESENTED

    with scopes_disabled():
        signature = Signature.objects.get(
            municipality=mannheim, organisation__name=MANNHEIM_REPRESENTED
        )
    assert signature.state == Signature.State.ACCEPTED
    representative = signed_in_client("verein@mannheim.example")
    page = representative.get(WITHDRAW_REQUEST_URL)
    assert [s.pk for s in page.context["represented"]] == [signature.pk]
    # Nobody else can use the button: not the office, not an anonymous visitor.
    for other in (signed_in_client("team@mannheim.example"), Client()):
        assert other.post(WITHDRAW_REQUEST_URL, {"signature": signature.pk}).status_code == 404
    assert representative.post(WITHDRAW_REQUEST_URL, {"signature": "x"}).status_code == 404
    response = representative.post(WITHDRAW_REQUEST_URL, {"signature": signature.pk})
    assert response.status_code == 302
    with scopes_disabled():
        signature.refresh_from_db()
        entry = AuditEntry.objects.get(action="signature.withdrawn", target_id=str(signature.pk))
    assert signature.state == Signature.State.WITHDRAWN
    assert entry.actor is not None
    assert entry.actor.email == "verein@mannheim.example"
    assert representative.get(WITHDRAW_REQUEST_URL).context["represented"] == []
