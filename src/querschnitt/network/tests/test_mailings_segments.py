"""Who a segment reaches and who may receive a mailing: selectors and services, on a fresh
municipality so that the demo data does not blur the counts."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import mail, signing
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.core.services import municipality_create
from querschnitt.network import tasks
from querschnitt.network.models import (
    Consent,
    Contact,
    Declaration,
    DeclarationVersion,
    District,
    Mailing,
    MailingRecipient,
    Organisation,
    Signature,
)
from querschnitt.network.selectors.mailings import (
    Segment,
    segment_counts,
    segment_eligible_contacts,
    segment_organisations,
)
from querschnitt.network.services import mailings as mailing_services
from querschnitt.network.services.contacts import (
    consent_create,
    consent_withdraw,
    contact_create,
    contact_unsubscribe,
)
from querschnitt.network.services.mailings import (
    mailing_create,
    mailing_deliver_batch,
    mailing_dispatch,
    unsubscribe_token,
    unsubscribe_token_check,
)
from querschnitt.network.services.organisations import organisation_create

BASE_URL = "https://querschnitt.example"


def make_organisation(
    municipality: Municipality,
    name: str,
    *,
    kind: str = Organisation.Kind.ASSOCIATION,
    topics: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    district: District | None = None,
    status: str = Organisation.Status.PUBLISHED,
) -> Organisation:
    return organisation_create(
        municipality=municipality,
        by=None,
        name=name,
        kind=kind,
        status=status,
        district=district,
        topics=topics,
        languages=languages,
    )


def make_contact(
    organisation: Organisation | None,
    email: str,
    *,
    municipality: Municipality | None = None,
    purpose: str | None = Consent.Purpose.MAILINGS,
    withdrawn: bool = False,
    name: str = "",
) -> Contact:
    municipality = municipality or organisation.municipality  # type: ignore[union-attr]
    contact = contact_create(
        municipality=municipality,
        by=None,
        name=name or email or "Ohne Adresse",
        email=email,
        organisation=organisation,
    )
    if purpose is not None:
        consent = consent_create(
            contact=contact,
            by=None,
            purpose=purpose,
            legal_basis=Consent.LegalBasis.CONSENT,
            given_on=datetime.date(2024, 5, 1),
            source="Anmeldeformular",
        )
        if withdrawn:
            consent_withdraw(consent=consent, by=None)
    return contact


def make_declaration(municipality: Municipality, slug: str = "erklaerung") -> Declaration:
    declaration = Declaration.objects.create(
        municipality=municipality, slug=slug, title={"de": "Erklärung"}
    )
    DeclarationVersion.objects.create(
        municipality=municipality,
        declaration=declaration,
        label="2024",
        text={"de": "Text"},
        adopted_on=datetime.date(2024, 1, 1),
    )
    return declaration


def sign(organisation: Organisation, declaration: Declaration, state: str) -> Signature:
    return Signature.objects.create(
        municipality=organisation.municipality,
        declaration=declaration,
        version=declaration.versions.first(),
        organisation=organisation,
        signer_name="Vorstand",
        signer_email="vorstand@example.org",
        state=state,
        withdrawn_at=timezone.now() if state == Signature.State.WITHDRAWN else None,
    )


@dataclass
class Network:
    municipality: Municipality
    declaration: Declaration
    north: District
    south: District
    organisations: dict[str, Organisation] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)


@pytest.fixture
def network(db: Any) -> Iterator[Network]:
    """Five organisations of a new municipality and their contacts:

    A sports club, signed (accepted), topics sports/youth, speaks ar/de, north
    B cultural institution, signature waiting for review, culture, tr, south
    C sports club, signature withdrawn, sports, tr, south
    D religious community, no signature, speaks ar, north
    E sports club, archived (left the network), signed (accepted), speaks ar, north
    """
    municipality = municipality_create(
        slug="teststadt", name="Teststadt", ags="01001000", state="SH", office_name="Büro"
    )
    with scope(municipality=municipality):
        north = District.objects.create(municipality=municipality, name="Nord")
        south = District.objects.create(municipality=municipality, name="Süd")
        declaration = make_declaration(municipality)
        kind = Organisation.Kind
        orgs = {
            "A": make_organisation(
                municipality,
                "A Sportverein",
                kind=kind.SPORTS_CLUB,
                topics=("sports", "youth"),
                languages=("ar", "de"),
                district=north,
            ),
            "B": make_organisation(
                municipality,
                "B Kulturhaus",
                kind=kind.CULTURAL_INSTITUTION,
                topics=("culture",),
                languages=("tr",),
                district=south,
            ),
            "C": make_organisation(
                municipality,
                "C Turnverein",
                kind=kind.SPORTS_CLUB,
                topics=("sports",),
                languages=("tr",),
                district=south,
            ),
            "D": make_organisation(
                municipality,
                "D Gemeinde",
                kind=kind.RELIGIOUS_COMMUNITY,
                languages=("ar",),
                district=north,
            ),
            "E": make_organisation(
                municipality,
                "E Alter Verein",
                kind=kind.SPORTS_CLUB,
                languages=("ar",),
                district=north,
                status=Organisation.Status.ARCHIVED,
            ),
        }
        sign(orgs["A"], declaration, Signature.State.ACCEPTED)
        sign(orgs["B"], declaration, Signature.State.PENDING_REVIEW)
        sign(orgs["C"], declaration, Signature.State.WITHDRAWN)
        sign(orgs["E"], declaration, Signature.State.ACCEPTED)
        contacts = {
            key.lower(): make_contact(org, f"{key.lower()}@example.org")
            for key, org in orgs.items()
        }
        a = orgs["A"]
        contacts |= {
            "no_consent": make_contact(a, "ohne@example.org", purpose=None),
            "withdrawn": make_contact(a, "zurueck@example.org", withdrawn=True),
            "other_purpose": make_contact(a, "events@example.org", purpose="events"),
            "no_email": make_contact(a, ""),
            "same_address": make_contact(a, "A@Example.org", name="Zweite Person"),
        }
        make_contact(None, "ohne-organisation@example.org", municipality=municipality)
        yield Network(municipality, declaration, north, south, orgs, contacts)


def names(network: Network, **criteria: Any) -> set[str]:
    segment = Segment(**criteria)
    organisations = segment_organisations(municipality=network.municipality, segment=segment)
    return {organisation.name[0] for organisation in organisations}


def test_signatories_are_accepted_and_not_withdrawn_members(network: Network) -> None:
    assert names(network, declarations=(network.declaration.pk,)) == {"A"}


def test_kind_topic_language_and_district_each_narrow_the_network(network: Network) -> None:
    assert names(network, kinds=("sports_club",)) == {"A", "C"}
    assert names(network, kinds=("sports_club", "religious_community")) == {"A", "C", "D"}
    assert names(network, topics=("culture",)) == {"B"}
    assert names(network, topics=("sports", "culture")) == {"A", "B", "C"}
    assert names(network, languages=("ar",)) == {"A", "D"}
    assert names(network, districts=(network.north.pk,)) == {"A", "D"}
    assert names(network, districts=(network.north.pk, network.south.pk)) == {"A", "B", "C", "D"}


def test_criteria_combine_so_that_every_one_must_match(network: Network) -> None:
    assert names(network, kinds=("sports_club",), languages=("tr",)) == {"C"}
    assert names(network, declarations=(network.declaration.pk,), languages=("ar",)) == {"A"}
    assert names(network, declarations=(network.declaration.pk,), languages=("tr",)) == set()
    assert names(
        network, kinds=("sports_club", "religious_community"), districts=(network.north.pk,)
    ) == {"A", "D"}
    assert names(network, topics=("sports",), districts=(network.south.pk,)) == {"C"}


def test_an_empty_segment_reaches_nobody(network: Network) -> None:
    counts = segment_counts(municipality=network.municipality, segment=Segment())
    assert (counts.contacts, counts.addresses) == (0, 0)


def test_only_contacts_with_an_address_and_a_current_mailing_consent_may_receive(
    network: Network,
) -> None:
    segment = Segment(declarations=(network.declaration.pk,))
    eligible = segment_eligible_contacts(municipality=network.municipality, segment=segment)
    assert {contact.email for contact in eligible} == {"a@example.org", "A@Example.org"}
    counts = segment_counts(municipality=network.municipality, segment=segment)
    # A's six contacts: no consent, withdrawn, other purpose and no address are excluded;
    # two share one address.
    assert counts.contacts == 6
    assert counts.eligible_contacts == 2
    assert counts.excluded == 4
    assert counts.addresses == 1
    assert counts.duplicates == 1


def test_segments_stay_inside_their_municipality(network: Network, mannheim: Any) -> None:
    with scope(municipality=mannheim):
        segment = Segment(kinds=("sports_club",), languages=("ar",))
        reached = segment_organisations(municipality=mannheim, segment=segment)
        assert not reached.filter(municipality=network.municipality).exists()


def test_a_segment_survives_json_and_ignores_garbage() -> None:
    segment = Segment(declarations=(3,), kinds=("sports_club",), districts=(2, 1))
    assert Segment.from_json(segment.to_json()) == Segment(
        declarations=(3,), kinds=("sports_club",), districts=(1, 2)
    )
    assert Segment.from_json({"kinds": "sports_club", "districts": ["x", 4], "x": 1}) == Segment(
        districts=(4,)
    )
    assert Segment.from_json(None).is_empty()


def dispatch(network: Network, **criteria: Any) -> Mailing:
    mailing = mailing_create(
        municipality=network.municipality,
        by=None,
        subject="Einladung zum Netzwerktreffen",
        body="Liebe Engagierte,\n\nwir laden ein.",
        segment=Segment(**criteria),
    )
    return mailing_dispatch(mailing=mailing, by=None, base_url=BASE_URL)


def test_sending_mails_each_eligible_address_once_with_a_personal_unsubscribe_link(
    network: Network,
) -> None:
    mailing = dispatch(network, languages=("ar",))
    assert mailing.state == Mailing.State.SENT
    assert mailing.sent_at is not None
    recipients = MailingRecipient.objects.filter(mailing=mailing)
    assert sorted(r.email.lower() for r in recipients) == ["a@example.org", "d@example.org"]
    assert {r.state for r in recipients} == {MailingRecipient.State.SENT}
    assert sorted(m.to[0].lower() for m in mail.outbox) == ["a@example.org", "d@example.org"]
    assert mailing.segment["counts"] == {"contacts": 7, "excluded": 4, "recipients": 2}
    for message in mail.outbox:
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link.startswith(f"{BASE_URL}/teststadt/rundschreiben/abbestellen/")
        assert link in message.body
        assert "wir laden ein." in message.body
        assert message.subject == "Einladung zum Netzwerktreffen"
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 2


def test_sending_twice_is_refused(network: Network) -> None:
    from django.core.exceptions import ValidationError

    mailing = dispatch(network, languages=("ar",))
    with pytest.raises(ValidationError):
        mailing_dispatch(mailing=mailing, by=None, base_url=BASE_URL)
    assert MailingRecipient.objects.filter(mailing=mailing).count() == 2
    assert len(mail.outbox) == 2


def test_a_segment_that_nobody_may_receive_is_not_sent(network: Network) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        dispatch(network, topics=("women",))
    assert Mailing.objects.get(subject="Einladung zum Netzwerktreffen").state == "draft"


def test_an_unsubscribed_contact_is_left_out_of_the_next_mailing(network: Network) -> None:
    dispatch(network, languages=("ar",))
    token = unsubscribe_token(contact=network.contacts["d"])
    request = unsubscribe_token_check(municipality=network.municipality, token=token)
    assert request.contact_id == network.contacts["d"].pk
    assert contact_unsubscribe(contact=network.contacts["d"]) == 1
    assert contact_unsubscribe(contact=network.contacts["d"]) == 0  # twice is harmless
    mail.outbox.clear()
    dispatch(network, languages=("ar",))
    assert [m.to[0].lower() for m in mail.outbox] == ["a@example.org"]


def test_unsubscribe_tokens_cannot_be_forged_or_moved_to_another_municipality(
    network: Network, mannheim: Any
) -> None:
    token = unsubscribe_token(contact=network.contacts["a"])
    with pytest.raises(signing.BadSignature):
        unsubscribe_token_check(municipality=mannheim, token=token)
    with pytest.raises(signing.BadSignature):
        unsubscribe_token_check(municipality=network.municipality, token=token[:-2] + "xx")
    forged = signing.dumps({"c": network.contacts["b"].pk, "p": "mailings"}, salt="other")
    with pytest.raises(signing.BadSignature):
        unsubscribe_token_check(municipality=network.municipality, token=forged)


def test_consent_withdrawn_after_queueing_stops_the_email(network: Network) -> None:
    mailing = mailing_create(
        municipality=network.municipality,
        by=None,
        subject="Später",
        body="Text",
        segment=Segment(languages=("ar",)),
    )
    # Queue by hand, as the dispatch would, then withdraw before the task runs.
    Mailing.objects.filter(pk=mailing.pk).update(state=Mailing.State.SENDING)
    for key in ("a", "d"):
        MailingRecipient.objects.create(
            municipality=network.municipality,
            mailing=mailing,
            contact=network.contacts[key],
            email=network.contacts[key].email,
        )
    contact_unsubscribe(contact=network.contacts["d"])
    mailing.refresh_from_db()
    assert mailing_deliver_batch(mailing=mailing, base_url=BASE_URL) == 2
    states = dict(MailingRecipient.objects.filter(mailing=mailing).values_list("email", "state"))
    assert states == {"a@example.org": "sent", "d@example.org": "failed"}
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


class RefusingConnection:
    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionRefusedError("mail server down")


def test_a_failed_delivery_is_recorded_with_its_reason(network: Network) -> None:
    mailing = mailing_create(
        municipality=network.municipality,
        by=None,
        subject="Fehler",
        body="Text",
        segment=Segment(languages=("ar",)),
    )
    Mailing.objects.filter(pk=mailing.pk).update(state=Mailing.State.SENDING)
    MailingRecipient.objects.create(
        municipality=network.municipality,
        mailing=mailing,
        contact=network.contacts["a"],
        email="a@example.org",
    )
    mailing.refresh_from_db()
    mailing_deliver_batch(mailing=mailing, base_url=BASE_URL, connection=RefusingConnection())
    recipient = MailingRecipient.objects.get(mailing=mailing)
    assert recipient.state == MailingRecipient.State.FAILED
    assert "mail server down" in recipient.error


def test_the_task_sends_in_batches_and_hands_over_when_its_time_is_up(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mailing_services, "BATCH_SIZE", 1)
    monkeypatch.setattr(tasks, "TIME_BUDGET_SECONDS", -1.0)
    enqueued: list[Any] = []

    def spy(sender: Any, task_result: Any, **kwargs: Any) -> None:
        enqueued.append(task_result.task)

    task_enqueued.connect(spy)
    try:
        mailing = dispatch(network, languages=("ar",))
    finally:
        task_enqueued.disconnect(spy)
    # The dispatch's enqueue, and one more after each batch that ran out of time.
    assert [task.name for task in enqueued] == ["mailing_send"] * 3
    assert mailing.state == Mailing.State.SENT
    assert len(mail.outbox) == 2


def test_contact_audit_entries_name_fields_not_values(network: Network) -> None:
    from querschnitt.core.models import AuditEntry

    entries = AuditEntry.objects.filter(
        municipality=network.municipality, action__startswith="contact"
    )
    assert entries.exists()
    for entry in entries:
        assert "example.org" not in str(entry.changes)
    consent_entries = AuditEntry.objects.filter(
        municipality=network.municipality, action__startswith="consent"
    )
    first = consent_entries.first()
    assert first is not None
    assert {"purpose", "legal_basis"} <= set(first.changes)


def test_a_subject_with_a_line_break_is_refused(network: Network) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        mailing_create(
            municipality=network.municipality,
            by=None,
            subject="Einladung\nBcc: alle@example.org",
            body="Text",
            segment=Segment(languages=("ar",)),
        )
    assert "subject" in refused.value.message_dict
