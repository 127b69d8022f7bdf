"""Mailings in the staff area and the public unsubscribe page, through the views."""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.core.models import Municipality
from querschnitt.core.services import municipality_create
from querschnitt.core.tests.test_query_counts import query_count
from querschnitt.network.models import (
    Consent,
    Contact,
    District,
    Mailing,
    MailingRecipient,
    Organisation,
)
from querschnitt.network.selectors.mailings import Segment
from querschnitt.network.services.mailings import (
    mailing_create,
    mailing_dispatch,
    unsubscribe_token,
)
from querschnitt.network.tests.test_mailings_segments import make_contact, make_organisation

ADMIN = "admin@mannheim.example"
LIST = "/mannheim/verwaltung/rundschreiben/"
CREATE = "/mannheim/verwaltung/rundschreiben/neu/"
HTMX = {"HX-Request": "true"}


def detail_url(mailing: Mailing) -> str:
    return f"/mannheim/verwaltung/rundschreiben/{mailing.pk}/"


@pytest.fixture
def district(mannheim: Municipality) -> District:
    """A district of Mannheim with two clubs of its own, so that the demo does not count in:
    three contacts may receive mailings, one has no consent, one has withdrawn it."""
    with scope(municipality=mannheim):
        district = District.objects.create(municipality=mannheim, name="Testbezirk")
        club = make_organisation(
            mannheim, "Testclub Neckar", kind=Organisation.Kind.SPORTS_CLUB, district=district
        )
        choir = make_organisation(mannheim, "Testchor Rhein", district=district)
        make_contact(club, "trainerin@example.org", name="Trainerin")
        make_contact(club, "kasse@example.org", name="Kasse")
        make_contact(choir, "chor@example.org", name="Chorleitung")
        make_contact(choir, "ohne@example.org", purpose=None)
        make_contact(choir, "weg@example.org", withdrawn=True)
    return district


def a_contact(district: District) -> Contact:
    """One of the district's contacts who may receive mailings (call inside the scope)."""
    return Contact.objects.filter(
        municipality=district.municipality_id,
        organisation__district=district,
        email="trainerin@example.org",
    ).get()


def compose(district: District, **extra: Any) -> dict[str, Any]:
    return {
        "subject": "Einladung zum Netzwerktreffen",
        "body": "Liebe Engagierte,\n\nwir laden Sie ein.",
        "districts": [str(district.pk)],
        **extra,
    }


def saved_draft(client: Client, district: District) -> Mailing:
    response = client.post(CREATE, compose(district, action="save"))
    assert response.status_code == 302
    with scopes_disabled():
        mailing = Mailing.objects.get(subject="Einladung zum Netzwerktreffen")
    assert response["Location"] == detail_url(mailing)
    return mailing


@pytest.mark.django_db
def test_staff_save_a_draft_to_a_segment(district: District) -> None:
    client = signed_in_client(ADMIN)
    assert client.get(CREATE).status_code == 200
    mailing = saved_draft(client, district)
    assert mailing.state == Mailing.State.DRAFT
    assert Segment.from_json(mailing.segment) == Segment(districts=(district.pk,))
    page = client.get(detail_url(mailing))
    assert page.status_code == 200
    assert page.context["saved_counts"].addresses == 3
    assert page.context["saved_counts"].excluded == 2


@pytest.mark.django_db
def test_a_mailing_needs_a_segment(district: District) -> None:
    client = signed_in_client(ADMIN)
    response = client.post(CREATE, compose(district, action="save", districts=[]))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    with scopes_disabled():
        assert not Mailing.objects.filter(subject="Einladung zum Netzwerktreffen").exists()


@pytest.mark.django_db
def test_the_recipient_count_shows_without_javascript_and_with_htmx(district: District) -> None:
    client = signed_in_client(ADMIN)
    response = client.post(CREATE, compose(district, action="preview"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (counts.contacts, counts.addresses, counts.excluded) == (5, 3, 2)
    assert not response.context["form"].errors
    with scopes_disabled():
        assert (
            not Mailing.objects.exists()
            or not Mailing.objects.filter(subject="Einladung zum Netzwerktreffen").exists()
        )

    fragment = client.get(CREATE, {"districts": district.pk}, headers=HTMX)
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html
    assert 'data-count="addresses">3<' in html
    assert 'data-count="excluded">2<' in html


@pytest.mark.django_db
def test_sending_queues_recipients_sends_and_archives(district: District) -> None:
    client = signed_in_client(ADMIN)
    mailing = saved_draft(client, district)
    response = client.post(detail_url(mailing), {"action": "send", "bestaetigt": "1"})
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENT
    assert mailing.sent_at is not None
    with scopes_disabled():
        recipients = set(
            MailingRecipient.objects.filter(mailing=mailing).values_list("email", "state")
        )
    assert recipients == {
        ("trainerin@example.org", "sent"),
        ("kasse@example.org", "sent"),
        ("chor@example.org", "sent"),
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chor@example.org",
        "kasse@example.org",
        "trainerin@example.org",
    ]
    for message in mail.outbox:
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert re.fullmatch(r"http://testserver/mannheim/rundschreiben/abbestellen/[^/]+/", link)
        assert link in message.body
    page = client.get(detail_url(mailing))
    assert page.context["progress"].sent == 3
    assert "hx-trigger" not in page.content.decode()  # finished: no more polling
    archive = client.get(LIST)
    row = next(m for m in archive.context["object_list"] if m.pk == mailing.pk)
    assert (row.recipients_total, row.recipients_sent, row.recipients_failed) == (3, 3, 0)
    assert row.segment["counts"]["excluded"] == 2


@pytest.mark.django_db
def test_a_mailing_is_sent_only_once_and_then_read_only(district: District) -> None:
    client = signed_in_client(ADMIN)
    mailing = saved_draft(client, district)
    client.post(detail_url(mailing), {"action": "send", "bestaetigt": "1"})
    response = client.post(detail_url(mailing), {"action": "send", "bestaetigt": "1"}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]  # the refusal is shown
    assert len(mail.outbox) == 3
    with scopes_disabled():
        assert MailingRecipient.objects.filter(mailing=mailing).count() == 3
    client.post(detail_url(mailing), compose(district, action="save", subject="Geändert"))
    mailing.refresh_from_db()
    assert mailing.subject == "Einladung zum Netzwerktreffen"


@pytest.mark.django_db
def test_a_draft_can_be_changed(district: District) -> None:
    client = signed_in_client(ADMIN)
    mailing = saved_draft(client, district)
    response = client.post(
        detail_url(mailing), compose(district, action="save", subject="Neuer Betreff")
    )
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.subject == "Neuer Betreff"


@pytest.mark.django_db
def test_progress_is_polled_while_sending(district: District, mannheim: Municipality) -> None:
    client = signed_in_client(ADMIN)
    mailing = saved_draft(client, district)
    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy), scope(municipality=mannheim):
        mailing_dispatch(mailing=mailing, by=None, base_url="http://testserver")
    page = client.get(detail_url(mailing))
    html = page.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert f'href="{detail_url(mailing)}"' in html  # the reload link without JavaScript
    fragment = client.get(detail_url(mailing), headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert 'data-state="sending"' in fragment
    assert 'data-count="queued">3<' in fragment


@pytest.mark.django_db
def test_unsubscribing_asks_first_then_withdraws_and_excludes_from_the_next_mailing(
    district: District, mannheim: Municipality
) -> None:
    client = signed_in_client(ADMIN)
    mailing = saved_draft(client, district)
    client.post(detail_url(mailing), {"action": "send", "bestaetigt": "1"})
    message = next(m for m in mail.outbox if m.to == ["kasse@example.org"])
    path = re.search(
        r"http://testserver(/mannheim/rundschreiben/abbestellen/\S+/)", str(message.body)
    )
    assert path is not None
    visitor = Client()
    visitor.cookies["qs_language"] = "en"

    confirm = visitor.get(path[1])
    assert confirm.status_code == 200
    assert b'<form method="post"' in confirm.content
    with scope(municipality=mannheim):
        consents = Consent.objects.filter(contact__email="kasse@example.org")
        assert consents.get().withdrawn_at is None  # a mail scanner's GET changes nothing

    done = visitor.post(path[1])
    assert done.status_code == 200
    assert b"You have been unsubscribed" in done.content
    with scope(municipality=mannheim):
        assert consents.get().withdrawn_at is not None
    assert visitor.post(path[1]).status_code == 200  # twice is harmless

    mail.outbox.clear()
    second = saved_draft_again(client, district)
    client.post(detail_url(second), {"action": "send", "bestaetigt": "1"})
    assert sorted(m.to[0] for m in mail.outbox) == ["chor@example.org", "trainerin@example.org"]


def saved_draft_again(client: Client, district: District) -> Mailing:
    client.post(CREATE, compose(district, action="save", subject="Zweites Rundschreiben"))
    with scopes_disabled():
        return Mailing.objects.get(subject="Zweites Rundschreiben")


@pytest.mark.django_db
def test_one_click_unsubscribe_from_the_mail_program_works_without_a_form(
    district: District, mannheim: Municipality
) -> None:
    with scope(municipality=mannheim):
        contact = a_contact(district)
        token = unsubscribe_token(contact=contact)
    response = Client(enforce_csrf_checks=True).post(
        f"/mannheim/rundschreiben/abbestellen/{token}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    with scope(municipality=mannheim):
        assert not contact.consents.filter(withdrawn_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_forged_or_foreign_unsubscribe_link_is_a_400_with_a_reason(
    district: District, mannheim: Municipality, bamberg: Municipality
) -> None:
    visitor = Client()
    visitor.cookies["qs_language"] = "en"
    with scope(municipality=mannheim):
        contact = a_contact(district)
        token = unsubscribe_token(contact=contact)
    for bad in ["x", token[:-3] + "abc", token.replace(":", ":A", 1)]:
        response = visitor.get(f"/mannheim/rundschreiben/abbestellen/{bad}/")
        assert response.status_code == 400, bad
        assert b"not valid" in response.content
        assert visitor.post(f"/mannheim/rundschreiben/abbestellen/{bad}/").status_code == 400
    # A Mannheim link opened at Bamberg's address is not valid there.
    assert visitor.get(f"/bamberg/rundschreiben/abbestellen/{token}/").status_code == 400
    with scope(municipality=mannheim):
        assert contact.consents.filter(withdrawn_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_unsubscribe_page_speaks_arabic_right_to_left(
    district: District, mannheim: Municipality
) -> None:
    with scope(municipality=mannheim):
        contact = a_contact(district)
        token = unsubscribe_token(contact=contact)
    visitor = Client()
    visitor.cookies["qs_language"] = "ar"
    html = visitor.get(f"/mannheim/rundschreiben/abbestellen/{token}/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html


@pytest.mark.django_db
def test_another_municipalitys_mailing_is_not_found(bamberg: Municipality) -> None:
    with scope(municipality=bamberg):
        mailing = mailing_create(
            municipality=bamberg,
            by=None,
            subject="Bamberg intern",
            body="Text",
            segment=Segment(kinds=("sports_club",)),
        )
    client = signed_in_client(ADMIN)
    assert client.get(detail_url(mailing)).status_code == 404
    assert (
        client.post(detail_url(mailing), {"action": "send", "bestaetigt": "1"}).status_code == 404
    )
    listing = client.get(LIST).content.decode()
    assert "Bamberg intern" not in listing


@pytest.mark.django_db
def test_the_mailing_list_needs_the_same_queries_for_few_and_many(
    district: District, mannheim: Municipality
) -> None:
    admin = signed_in_client(ADMIN)

    def grow(size: int) -> None:
        with scope(municipality=mannheim):
            for n in range(size):
                mailing = mailing_create(
                    municipality=mannheim,
                    by=None,
                    subject=f"Rundschreiben {n}",
                    body="Text",
                    segment=Segment(districts=(district.pk,)),
                )
                if n % 2:
                    mailing_dispatch(mailing=mailing, by=None, base_url="http://testserver")

    grow(3)
    small = query_count(admin, LIST)
    grow(20)
    assert query_count(admin, LIST) == small


QUEUED = {
    "MAILERS": {
        "default": {"BACKEND": "querschnitt.core.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    },
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
}


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_the_mailing() -> None:
    from django_tasks_db.models import DBTaskResult

    municipality = municipality_create(
        slug="workerstadt", name="Workerstadt", ags="01002000", state="SH", office_name="Büro"
    )
    with override_settings(**QUEUED), scope(municipality=municipality):
        club = make_organisation(municipality, "Verein", kind=Organisation.Kind.SPORTS_CLUB)
        make_contact(club, "eins@example.org")
        make_contact(club, "zwei@example.org")
        make_contact(club, "nein@example.org", purpose=None)
        mailing = mailing_create(
            municipality=municipality,
            by=None,
            subject="Über den Worker",
            body="Text",
            segment=Segment(kinds=("sports_club",)),
        )
        mailing = mailing_dispatch(mailing=mailing, by=None, base_url="https://example.org")
        assert mailing.state == Mailing.State.SENDING
        assert mail.outbox == []
        assert DBTaskResult.objects.count() == 1
        call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
        mailing.refresh_from_db()
        assert mailing.state == Mailing.State.SENT
        assert set(
            MailingRecipient.objects.filter(mailing=mailing).values_list("state", flat=True)
        ) == {"sent"}
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert sorted(m.to[0] for m in mail.outbox) == ["eins@example.org", "zwei@example.org"]
    assert all(
        "https://example.org/workerstadt/rundschreiben/abbestellen/" in m.body for m in mail.outbox
    )
