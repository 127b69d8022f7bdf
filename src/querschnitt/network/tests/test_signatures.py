"""The office's review queue: waiting against the target, accept, decline, constant queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.core import selectors
from querschnitt.core.models import AuditEntry
from querschnitt.network.models import (
    Declaration,
    NetworkSettings,
    Organisation,
    Signature,
)
from querschnitt.network.services import declarations as services

pytestmark = pytest.mark.django_db

QUEUE = "/mannheim/verwaltung/unterzeichnungen/"


def office() -> Client:
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


def pending(mannheim) -> list[Signature]:
    with scopes_disabled():
        return list(
            Signature.objects.filter(municipality=mannheim, state="pending_review")
            .select_related("organisation")
            .order_by("confirmed_at")
        )


def add_signatures(mannheim, count: int, state: str = "pending_review") -> None:
    """`count` more signatures (and their organisations), as the queue would hold them."""
    with scope(municipality=mannheim):
        declaration = Declaration.objects.get(municipality=mannheim, slug="mannheimer-erklaerung")
        version = declaration.versions.order_by("-adopted_on").first()
        start = Organisation.objects.count()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                municipality=mannheim,
                name=f"Wachstum {start + n}",
                status="published",
                visibility="public",
            )
            for n in range(count)
        )
        now = timezone.now()
        Signature.objects.bulk_create(
            Signature(
                municipality=mannheim,
                declaration=declaration,
                version=version,
                organisation=organisation,
                signer_name="S",
                signer_email=f"s{n}@x.example",
                state=state,
                confirmed_at=now - timedelta(days=n % 90),
                decided_at=now if state == "accepted" else None,
            )
            for n, organisation in enumerate(organisations)
        )


def test_the_queue_shows_waiting_signatures_oldest_first_with_the_target(mannheim) -> None:
    response = office().get(QUEUE)
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [row["id"] for row in rows] == [signature.pk for signature in pending(mannheim)]
    assert all(row["state"] == "pending_review" for row in rows)
    assert [row["waiting"].days for row in rows] == sorted(
        (row["waiting"].days for row in rows), reverse=True
    )
    # The demo has three that waited longer than Mannheim's 42 days.
    assert response.context["target_days"] == 42
    late = [row for row in rows if row["waiting"].past_target]
    assert len(late) == 3
    assert all(row["waiting"].days > 42 for row in late)
    assert response.content.decode().count("past the target") == 3


def test_the_badge_follows_the_municipalitys_target(mannheim) -> None:
    with scopes_disabled():
        NetworkSettings.objects.filter(municipality=mannheim).update(signature_review_days=10)
    rows = office().get(QUEUE).context["object_list"]
    assert sum(row["waiting"].past_target for row in rows) == 6


def test_the_queue_filters_by_state(mannheim) -> None:
    client = office()
    accepted = client.get(QUEUE + "?zustand=accepted").context
    assert accepted["paginator"].count == 335
    assert {row["state"] for row in accepted["object_list"]} == {"accepted"}
    assert all(row["waiting"] is None for row in accepted["object_list"])
    everything = client.get(QUEUE + "?zustand=alle").context
    assert everything["paginator"].count == 350
    assert len(everything["object_list"]) == 50
    assert client.get(QUEUE + "?zustand=alle&page=2").status_code == 200
    # An unknown state shows the default, never an error.
    assert client.get(QUEUE + "?zustand=kaputt").status_code == 200


def test_accepting_welcomes_the_signer_and_publishes_a_requested_entry(mannheim) -> None:
    signature = next(s for s in pending(mannheim) if s.organisation.status == "requested")
    response = office().post(f"{QUEUE}{signature.pk}/", {"bestaetigt": "1", "decision": "accept"})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    with scopes_disabled():
        signature.refresh_from_db()
        organisation = Organisation.objects.get(pk=signature.organisation_id)
        assert AuditEntry.objects.filter(
            action="signature.accepted", target_id=str(signature.pk)
        ).exists()
    assert signature.state == "accepted"
    assert signature.decided_at is not None
    assert organisation.status == "published"
    assert organisation.published_at is not None
    assert mail.outbox[-1].to == [signature.signer_email]


def test_declining_needs_a_reason_which_the_signer_receives(mannheim) -> None:
    signature = next(s for s in pending(mannheim) if s.organisation.status == "requested")
    client = office()
    response = client.post(
        f"{QUEUE}{signature.pk}/", {"bestaetigt": "1", "decision": "decline", "reason": "  "}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    with scopes_disabled():
        signature.refresh_from_db()
    assert signature.state == "pending_review"
    assert mail.outbox == []
    reason = "Die Organisation ist keine Institution, sondern eine Einzelperson."
    response = client.post(
        f"{QUEUE}{signature.pk}/", {"bestaetigt": "1", "decision": "decline", "reason": reason}
    )
    assert response.status_code == 302
    with scopes_disabled():
        signature.refresh_from_db()
        organisation = Organisation.objects.get(pk=signature.organisation_id)
        entry = AuditEntry.objects.get(action="signature.declined", target_id=str(signature.pk))
    assert signature.state == "declined"
    assert signature.decline_reason == reason
    assert organisation.status == "archived"
    assert entry.changes == {"reason": reason}
    assert mail.outbox[-1].to == [signature.signer_email]
    assert reason in mail.outbox[-1].body


def test_only_a_waiting_signature_can_be_decided(mannheim) -> None:
    client = office()
    with scopes_disabled():
        decided = Signature.objects.filter(municipality=mannheim, state="accepted").first()
        unconfirmed = Signature.objects.filter(municipality=mannheim, state="unconfirmed").first()
    for signature in (decided, unconfirmed):
        page = client.get(f"{QUEUE}{signature.pk}/")
        assert page.status_code == 200
        assert b'name="decision"' not in page.content
        response = client.post(
            f"{QUEUE}{signature.pk}/", {"bestaetigt": "1", "decision": "decline", "reason": "x"}
        )
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        with scopes_disabled():
            assert Signature.objects.get(pk=signature.pk).state == signature.state
    response = client.post(f"{QUEUE}{decided.pk}/", {"bestaetigt": "1", "decision": "whatever"})
    assert response.status_code == 200
    assert mail.outbox == []


def test_the_decision_page_shows_the_signature_and_the_organisation(mannheim) -> None:
    signature = pending(mannheim)[0]
    response = office().get(f"{QUEUE}{signature.pk}/")
    content = response.content.decode()
    assert signature.organisation.name in content
    assert signature.signer_email in content
    assert signature.signer_name in content
    assert "past the target of 42 days" in content


def test_another_municipality_cannot_open_mannheims_signatures(mannheim) -> None:
    signature = pending(mannheim)[0]
    bamberg = signed_in_client("admin@bamberg.example")
    assert bamberg.get(f"/bamberg/verwaltung/unterzeichnungen/{signature.pk}/").status_code == 404
    response = bamberg.post(
        f"/bamberg/verwaltung/unterzeichnungen/{signature.pk}/",
        {"bestaetigt": "1", "decision": "accept"},
    )
    assert response.status_code == 404
    assert bamberg.get("/bamberg/verwaltung/unterzeichnungen/").context["paginator"].count == 0
    assert office().get(f"{QUEUE}999999/").status_code == 404


def test_a_representative_may_not_decide(mannheim) -> None:
    signature = pending(mannheim)[0]
    client = signed_in_client("verein@mannheim.example")
    assert (
        client.post(
            f"{QUEUE}{signature.pk}/", {"bestaetigt": "1", "decision": "accept"}
        ).status_code
        == 403
    )


def query_count(client: Client, path: str) -> int:
    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_the_queue_runs_the_same_number_of_queries_for_more_signatures(mannheim) -> None:
    client = office()
    paths = [QUEUE, QUEUE + "?zustand=alle", QUEUE + "?zustand=accepted"]
    add_signatures(mannheim, 3)
    small = [query_count(client, path) for path in paths]
    add_signatures(mannheim, 80)
    add_signatures(mannheim, 80, state="accepted")
    large = [query_count(client, path) for path in paths]
    assert large == small
    signature = pending(mannheim)[0]
    assert query_count(client, f"{QUEUE}{signature.pk}/") <= 5


def test_the_service_refuses_a_second_decision(mannheim) -> None:
    from django.core.exceptions import ValidationError

    signature = pending(mannheim)[0]
    with scope(municipality=mannheim):
        services.signature_accept(signature=signature, by=None)
        with pytest.raises(ValidationError):
            services.signature_decline(signature=signature, by=None, reason="zu spät")
