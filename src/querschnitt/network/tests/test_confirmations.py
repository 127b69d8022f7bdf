"""Consequential actions ask first: a page says what will happen, and only its button acts.

Accepting or declining a signature, deciding an entry request or a change, sending a mailing
and archiving an organisation; the first POST changes nothing and sends no mail.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.network.models import ChangeRequest, Mailing, Organisation, Signature
from querschnitt.network.tests.test_entries import confirm, submit_request
from querschnitt.network.tests.test_mailings import ADMIN, detail_url, district, saved_draft
from querschnitt.network.tests.test_representatives import REPRESENTATIVE, represented

pytestmark = pytest.mark.django_db

__all__ = ["district"]  # the fixture of test_mailings, used here


def office() -> Client:
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


def consequences(html: str) -> list[str]:
    block = re.search(r"qs-confirm__consequences.*?</ul>", html, re.S)
    assert block is not None, "no confirm page"
    return [
        re.sub(r"\s+", " ", item)
        for item in re.findall(r'<li class="kern-body">(.*?)</li>', block.group(0), re.S)
    ]


def confirm_button(html: str) -> str:
    form = re.search(r'<form method="post" class="qs-form">.*?</form>', html, re.S)
    assert form is not None
    assert re.search(r'name="bestaetigt" value="1"', form.group(0))
    return form.group(0)


def waiting_signature(mannheim, requested: bool) -> Signature:
    with scopes_disabled():
        return next(
            signature
            for signature in Signature.objects.filter(municipality=mannheim, state="pending_review")
            .select_related("organisation")
            .order_by("id")
            if (signature.organisation.status == "requested") == requested
        )


def test_accepting_a_signature_asks_first_and_says_a_mail_goes_out(mannheim) -> None:
    signature = waiting_signature(mannheim, requested=True)
    url = f"/mannheim/verwaltung/unterzeichnungen/{signature.pk}/"
    client = office()
    question = client.post(url, {"decision": "accept"})
    assert question.status_code == 200
    html = question.content.decode()
    assert "Accept the signature of" in html
    said = consequences(html)
    assert any("becomes a member of Mannheim Alliance" in text for text in said)
    assert "Its entry in the directory is published." in said
    assert any(signature.signer_email in text and "cannot be called back" in text for text in said)
    assert 'name="decision" value="accept"' in confirm_button(html)
    signature.refresh_from_db()
    assert signature.state == "pending_review"
    assert mail.outbox == []
    done = client.post(url, {"decision": "accept", "bestaetigt": "1"})
    assert done.status_code == 302
    signature.refresh_from_db()
    assert signature.state == "accepted"
    assert len(mail.outbox) == 1


def test_declining_a_signature_repeats_the_reason_before_it_is_sent(mannheim) -> None:
    signature = waiting_signature(mannheim, requested=False)
    url = f"/mannheim/verwaltung/unterzeichnungen/{signature.pk}/"
    reason = "Die Einrichtung hat ihren Sitz nicht in Mannheim."
    html = office().post(url, {"decision": "decline", "reason": reason}).content.decode()
    assert reason in html
    assert f'name="reason" value="{reason}"' in confirm_button(html)
    signature.refresh_from_db()
    assert signature.state == "pending_review"
    assert mail.outbox == []
    office().post(url, {"decision": "decline", "reason": reason, "bestaetigt": "1"})
    signature.refresh_from_db()
    assert signature.state == "declined"
    assert reason in mail.outbox[-1].body


def test_an_entry_request_is_published_only_after_the_confirm_page(mannheim) -> None:
    organisation = submit_request()
    confirm(organisation)
    mail.outbox.clear()
    url = f"/mannheim/verwaltung/anfragen/eintrag/{organisation.pk}/"
    html = office().post(url, {"decision": "approve"}).content.decode()
    said = consequences(html)
    assert any("public directory" in text for text in said)
    assert any(organisation.requested_by_email in text for text in said)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.IN_REVIEW
    assert mail.outbox == []
    office().post(url, {"decision": "approve", "bestaetigt": "1"})
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED


def test_a_change_is_published_only_after_the_confirm_page(mannheim) -> None:
    organisation = represented(mannheim, "Bestätigungsverein")
    with scope(municipality=mannheim):
        change = ChangeRequest.objects.create(
            municipality=mannheim,
            organisation=organisation,
            proposed={"public_phone": "0621 777"},
            submitted_by=User.objects.get(email=REPRESENTATIVE),
        )
    url = f"/mannheim/verwaltung/anfragen/aenderung/{change.pk}/"
    html = office().post(url, {"decision": "reject", "reason": "Falsche Nummer"}).content.decode()
    assert "Falsche Nummer" in html
    assert any("stays as it is" in text for text in consequences(html))
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.PENDING
    office().post(url, {"decision": "approve", "bestaetigt": "1"})
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.ACCEPTED


def test_a_mailing_says_how_many_it_reaches_before_it_is_sent(district) -> None:
    client = signed_in_client(ADMIN)
    client.cookies["qs_language"] = "en"
    mailing = saved_draft(client, district)
    html = client.post(detail_url(mailing), {"action": "send"}).content.decode()
    said = consequences(html)
    assert "It goes to 3 addresses, each with its own link to unsubscribe." in said
    assert any("cannot be called back" in text for text in said)
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT
    assert mail.outbox == []
    client.post(detail_url(mailing), {"action": "send", "bestaetigt": "1"})
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENT


def test_archiving_asks_first_and_publishing_again_undoes_it(mannheim) -> None:
    organisation = represented(mannheim, "Archivverein")
    url = f"/mannheim/verwaltung/akteure/{organisation.pk}/"
    client = office()
    html = client.post(url, {"action": "archive"}).content.decode()
    assert any("public directory" in text for text in consequences(html))
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED
    client.post(url, {"action": "archive", "bestaetigt": "1"})
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ARCHIVED
    assert "Publish again" in client.get(url).content.decode()
    client.post(url, {"action": "publish_again"})
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PUBLISHED


def test_a_decided_signature_gets_no_confirm_page_but_the_reason(mannheim) -> None:
    with scopes_disabled():
        decided = Signature.objects.filter(municipality=mannheim, state="accepted").first()
    response = office().post(
        f"/mannheim/verwaltung/unterzeichnungen/{decided.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 200
    assert "qs-confirm__consequences" not in response.content.decode()
    assert "Only a signature that waits for review can be decided." in response.content.decode()
