"""Bidirectional control characters in names stay out of page titles and e-mail subjects.

A heading isolates a name in <bdi>; a title or a subject is plain text, where U+202E in a name
would turn the rest of the line around. Every page of the network that puts a name, a title or
a subject into its <title>, and every e-mail whose subject carries a name someone typed, is
checked with a name that holds each of those characters.
"""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django_scopes import scope

from conftest import signed_in_client
from querschnitt.core.text import BIDI_CONTROLS, without_bidi_controls
from querschnitt.network.models import (
    Alliance,
    ChangeRequest,
    Declaration,
    District,
    Organisation,
    Representative,
)
from querschnitt.network.selectors.mailings import Segment
from querschnitt.network.services.contacts import contact_create
from querschnitt.network.services.declarations import signature_submit
from querschnitt.network.services.entries import (
    change_request_accept,
    change_request_reject,
    entry_request_confirm,
    entry_request_submit,
    organisation_change_submit,
)
from querschnitt.network.services.mailings import mailing_create, mailing_dispatch
from querschnitt.network.services.organisations import organisation_update
from querschnitt.network.tests.test_mailings_segments import make_contact

pytestmark = pytest.mark.django_db

# every bidirectional control: overrides, embeddings, isolates, marks
NAME = (
    "Verein \u202egnp.exe\u202c \u2066Nord\u2069 \u2067Süd\u2069 \u2068West\u2069"
    "\u200f\u200e\u061c \u202aA\u202c\u202bB\u202c\u202dC\u202c"
)
SHOWN = without_bidi_controls(NAME)
BASE_URL = "http://testserver"
ADMIN = "admin@mannheim.example"
# as in production: every e-mail through the task queue (run at once here), then delivered
QUEUED_MAIL = {
    "default": {"BACKEND": "querschnitt.core.mail.TaskEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
REPRESENTATIVE = "verein@mannheim.example"


def title_of(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found is not None, path
    return found.group(1)


def assert_clean(text: str, shown: str = SHOWN) -> None:
    assert not BIDI_CONTROLS & set(text), ascii(text)
    assert shown in text


@pytest.fixture
def named(mannheim) -> dict[str, Any]:
    """Objects of Mannheim whose names, titles and subjects hold every control character."""
    with scope(municipality=mannheim):
        represented = Representative.objects.select_related("organisation", "user").get(
            user__email=REPRESENTATIVE
        )
        organisation = organisation_update(
            organisation=represented.organisation, by=None, name=NAME
        )
        declaration = Declaration.objects.get(slug="mannheimer-erklaerung")
        Declaration.objects.filter(pk=declaration.pk).update(title={"de": NAME})
        Alliance.objects.filter(declaration=declaration).update(name={"de": NAME})
        requested = entry_request_submit(
            municipality=mannheim,
            requester_name="Selin Kaya",
            requester_email="selin@example.org",
            base_url=BASE_URL,
            name=f"{NAME} Neu",
            kind=Organisation.Kind.ASSOCIATION,
            description={"de": "Neu im Netzwerk."},
            topics=["culture"],
            languages=["de"],
        )
        signature = signature_submit(
            declaration=declaration,
            organisation_name=f"{NAME} Zwei",
            kind=Organisation.Kind.ASSOCIATION,
            street="Hauptstraße 1",
            postal_code="68159",
            city="Mannheim",
            signer_name="Ulla Unterzeichner",
            signer_function="Vorsitz",
            signer_email="ulla@example.org",
            base_url=BASE_URL,
        )
        contact = contact_create(municipality=mannheim, by=None, name=NAME, email="x@example.org")
        district = District.objects.create(municipality=mannheim, name="Bidi-Bezirk")
        organisation_update(organisation=organisation, by=None, district=district)
        make_contact(organisation, "empfang@example.org")
        mailing = mailing_create(
            municipality=mannheim,
            by=None,
            subject=NAME,
            body="Hallo",
            segment=Segment(districts=(district.pk,)),
        )
        _outcome, change_request = organisation_change_submit(
            organisation=organisation, by=represented.user, values={"street": "Neue Straße 2"}
        )
    return {
        "organisation": organisation,
        "requested": requested,
        "signature": signature,
        "contact": contact,
        "mailing": mailing,
        "change_request": change_request,
        "user": represented.user,
    }


def test_no_page_title_carries_the_controls_of_a_name(named) -> None:
    public, admin = Client(), signed_in_client(ADMIN)
    organisation = named["organisation"]
    for client, path in [
        (public, f"/mannheim/akteure/{organisation.pk}/"),
        (public, "/mannheim/erklaerungen/mannheimer-erklaerung/"),
        (public, "/mannheim/buendnisse/mannheimer-buendnis/"),
        (admin, f"/mannheim/verwaltung/akteure/{organisation.pk}/"),
        (admin, f"/mannheim/verwaltung/anfragen/eintrag/{named['requested'].pk}/"),
        (admin, f"/mannheim/verwaltung/anfragen/aenderung/{named['change_request'].pk}/"),
        (admin, f"/mannheim/verwaltung/unterzeichnungen/{named['signature'].pk}/"),
        (admin, f"/mannheim/verwaltung/kontakte/{named['contact'].pk}/"),
        (admin, f"/mannheim/verwaltung/rundschreiben/{named['mailing'].pk}/"),
        (
            signed_in_client(REPRESENTATIVE),
            f"/mannheim/verwaltung/meine-organisation/{organisation.pk}/",
        ),
    ]:
        assert_clean(title_of(client, path))


def test_no_mail_subject_carries_the_controls_of_a_name(named, mannheim) -> None:
    mail.outbox.clear()
    with scope(municipality=mannheim), override_settings(MAILERS=QUEUED_MAIL):
        entry_request_confirm(organisation=named["requested"], base_url=BASE_URL)
        change_request_accept(change_request=named["change_request"], by=None)
        _outcome, second = organisation_change_submit(
            organisation=Organisation.objects.get(pk=named["organisation"].pk),
            by=named["user"],
            values={"street": "Andere Straße 3"},
        )
        assert isinstance(second, ChangeRequest)
        change_request_reject(change_request=second, by=None, reason="Bitte prüfen.")
        mailing_dispatch(mailing=named["mailing"], by=None, base_url=BASE_URL)
    subjects = [message.subject for message in mail.outbox]
    expected = [
        f"{SHOWN} Neu",  # the office's notice of a request
        SHOWN,  # changes published
        SHOWN,  # changes not accepted
        SHOWN,  # the mailing
    ]
    for part in expected:
        matching = [subject for subject in subjects if part in subject]
        assert matching, (part, subjects)
        subjects.remove(matching[0])
    for message in mail.outbox:
        assert_clean(str(message.subject), shown="")
