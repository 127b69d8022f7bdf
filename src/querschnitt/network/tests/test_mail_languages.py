"""Every mail of the network is written in the language of the person who gets it: the
office's language to the office, the language a person used to that person (issue 7)."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django_scopes import scope, scopes_disabled

from querschnitt.network.models import Declaration, Organisation, Signature
from querschnitt.network.services import declarations as declaration_services
from querschnitt.network.services.entries import (
    entry_request_approve,
    entry_request_reject,
)
from querschnitt.network.tests.test_entries import REQUEST_URL, link_in, request_data
from querschnitt.portal.services import accessibility_feedback_submit


def arabic() -> Client:
    client = Client()
    client.cookies["qs_language"] = "ar"
    return client


def requested_in_arabic(name: str) -> Organisation:
    response = arabic().post(REQUEST_URL, request_data(name=name, description_language="ar"))
    assert response.status_code == 302
    with scopes_disabled():
        return Organisation.objects.get(municipality__slug="mannheim", name=name)


@pytest.mark.django_db
def test_a_request_in_arabic_gets_arabic_mail_and_the_office_german_mail(mannheim) -> None:
    organisation = requested_in_arabic("Jasmin Kulturverein")
    assert organisation.requested_language == "ar"
    assert "يُرجى تأكيد طلبك" in mail.outbox[-1].subject
    arabic().post(link_in(mail.outbox[-1]))  # confirmed, still in Arabic
    notice = mail.outbox[-1]
    assert notice.to == ["integration@mannheim.example"]
    assert notice.subject.startswith("Neue Eintragsanfrage")
    # The office decides in German; the requester reads the outcome in Arabic.
    mail.outbox.clear()
    with scope(municipality=mannheim), translation.override("de"):
        organisation.refresh_from_db()
        entry_request_approve(organisation=organisation, by=None, base_url="http://testserver")
    subjects = [message.subject for message in mail.outbox]
    assert any("تم نشر إدخالكم" in subject for subject in subjects), subjects
    assert all(not subject.startswith("Ihr") for subject in subjects), subjects


@pytest.mark.django_db
def test_a_declined_request_is_told_in_the_requesters_language(mannheim) -> None:
    organisation = requested_in_arabic("Jasmin Elternkreis")
    arabic().post(link_in(mail.outbox[-1]))
    mail.outbox.clear()
    with scope(municipality=mannheim), translation.override("de"):
        organisation.refresh_from_db()
        entry_request_reject(organisation=organisation, by=None, reason="Kein Bezug zur Stadt.")
    (message,) = mail.outbox
    with translation.override("ar"):
        expected = translation.gettext("Your request for an entry – %(name)s")
    assert message.subject == expected % {"name": "Mannheim"}


def signature_in_arabic(mannheim: Any) -> Signature:
    with scope(municipality=mannheim), translation.override("ar"):
        declaration = Declaration.objects.get(municipality=mannheim, slug="mannheimer-erklaerung")
        signature = declaration_services.signature_submit(
            declaration=declaration,
            organisation_name="Jasmin Sportfreunde",
            kind=Organisation.Kind.SPORTS_CLUB,
            street="",
            postal_code="",
            city="Mannheim",
            signer_name="Rana Haddad",
            signer_function="",
            signer_email="rana@jasmin.example",
            base_url="http://testserver",
        )
        declaration_services.signature_confirm(signature=signature)
    return signature


@pytest.mark.django_db
def test_welcome_and_decline_mails_follow_the_signers_language(mannheim) -> None:
    signature = signature_in_arabic(mannheim)
    assert signature.signer_language == "ar"
    mail.outbox.clear()
    with scope(municipality=mannheim), translation.override("de"):
        declaration_services.signature_accept(
            signature=signature, by=None, base_url="http://testserver"
        )
    assert mail.outbox[-1].subject == "مرحبًا بكم في التحالف"


@pytest.mark.django_db
def test_a_barrier_report_reaches_the_office_in_german(mannheim) -> None:
    with scope(municipality=mannheim), translation.override("ar"):
        accessibility_feedback_submit(municipality=mannheim, page_url="/", message="…")
    assert mail.outbox[-1].subject == "Rückmeldungen zur Barrierefreiheit"
