"""The network's retention periods: what goes, what stays without the person."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core.retention import retention_apply, retention_periods_update
from querschnitt.network.models import (
    Consent,
    Contact,
    ImportRun,
    Mailing,
    MailingRecipient,
    Organisation,
    Signature,
)
from querschnitt.network.tests.test_mailings_segments import make_contact, make_organisation

NOW = timezone.now()


def age(model, pk: int, **fields) -> None:
    with scopes_disabled():
        model.objects.filter(pk=pk).update(**fields)


@pytest.mark.django_db
def test_the_demo_shows_nothing_a_deployment_would_have_deleted(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            assert retention_apply(municipality=municipality) == {}


@pytest.mark.django_db
def test_declined_and_withdrawn_signatures_after_their_periods(mannheim) -> None:
    with scope(municipality=mannheim):
        declined = list(Signature.objects.filter(municipality=mannheim, state="declined"))
        withdrawn = list(Signature.objects.filter(municipality=mannheim, state="withdrawn"))
        age(Signature, declined[0].pk, decided_at=NOW - timedelta(days=200))
        age(Signature, withdrawn[0].pk, withdrawn_at=NOW - timedelta(days=400))
        done = retention_apply(municipality=mannheim)
        assert done["network.declined_signatures"] == 1
        assert done["network.withdrawn_signatures"] == 1
        assert not Signature.objects.filter(pk=declined[0].pk).exists()
        assert Signature.objects.filter(pk=declined[1].pk).exists()
        left = Signature.objects.get(pk=withdrawn[0].pk)
        assert (left.signer_name, left.signer_email, left.signer_function) == ("", "", "")
        assert left.state == "withdrawn"
        assert left.organisation_id == withdrawn[0].organisation_id
        assert left.submitted_at == withdrawn[0].submitted_at
        assert retention_apply(municipality=mannheim) == {}, "a second run changes nothing"


@pytest.mark.django_db
def test_withdrawn_consents_mail_logs_and_uploads(mannheim) -> None:
    with scope(municipality=mannheim):
        club = make_organisation(mannheim, "Aufbewahrung Turnverein")
        contact = make_contact(club, "turner@example.org", withdrawn=True)
        consent = Consent.objects.get(contact=contact)
        age(Consent, consent.pk, withdrawn_at=NOW - timedelta(days=1100))
        mailing = Mailing.objects.create(
            municipality=mannheim,
            subject="Alt",
            body="Text",
            state="sent",
            sent_at=NOW - timedelta(days=100),
        )
        recipient = MailingRecipient.objects.create(
            municipality=mannheim,
            mailing=mailing,
            contact=contact,
            email=contact.email,
            state="sent",
        )
        upload = ImportRun.objects.create(municipality=mannheim, file_name="a.csv", content=b"x")
        age(ImportRun, upload.pk, created_at=NOW - timedelta(days=31))
        done = retention_apply(municipality=mannheim)
        assert done == {
            "network.withdrawn_consents": 1,
            "network.mail_logs": 1,
            "network.import_files": 1,
        }
        assert Contact.objects.filter(pk=contact.pk).exists()
        assert not Consent.objects.filter(pk=consent.pk).exists()
        recipient.refresh_from_db()
        assert (recipient.email, recipient.contact, recipient.state) == ("", None, "sent")
        assert not ImportRun.objects.filter(pk=upload.pk).exists()


@pytest.mark.django_db
def test_unconfirmed_and_rejected_requests(mannheim) -> None:
    with scope(municipality=mannheim):
        unconfirmed = make_organisation(mannheim, "Nie bestätigt e. V.", status="requested")
        unconfirmed.requested_by_email = "nie@example.org"
        unconfirmed.save()
        rejected = make_organisation(mannheim, "Abgelehnt e. V.", status="archived")
        rejected.requested_by_email = "abgelehnt@example.org"
        rejected.save()
        age(Organisation, unconfirmed.pk, created_at=NOW - timedelta(days=10))
        age(Organisation, rejected.pk, updated_at=NOW - timedelta(days=10))
        retention_periods_update(municipality=mannheim, by=None, days={"network.unconfirmed": 14})
        assert retention_apply(municipality=mannheim) == {}, "kept 14 days now"
        age(Organisation, unconfirmed.pk, created_at=NOW - timedelta(days=15))
        age(Organisation, rejected.pk, updated_at=NOW - timedelta(days=190))
        done = retention_apply(municipality=mannheim)
        assert done == {"network.unconfirmed": 1, "network.rejected_requests": 1}
        assert not Organisation.objects.filter(pk__in=[unconfirmed.pk, rejected.pk]).exists()


def test_demo_dates_are_relative_to_today() -> None:
    from querschnitt.network.demo import mannheim_plan

    plan = mannheim_plan(date(2030, 1, 1))
    declined = [o.signature for o in plan if o.signature and o.signature["state"] == "declined"]
    assert all(s["decided_at"].year == 2029 for s in declined)
