"""Subscriptions: double opt-in, news by e-mail when something new matches, a working
unsubscribe link, unconfirmed addresses forgotten."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.accounts.models import User
from querschnitt.bodies import jobs
from querschnitt.bodies.models import Body, Meeting, Subscription
from querschnitt.bodies.services.meetings import meeting_publish
from querschnitt.bodies.services.papers import paper_create, paper_publish

pytestmark = pytest.mark.django_db


def link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert found is not None
    return found.group(1)


def subscribe(query: dict[str, str]) -> Subscription:
    response = Client().post(
        "/mannheim/abonnieren/", {**query, "email": "leser@example.org", "consent": "on"}
    )
    assert response.status_code == 200
    with scopes_disabled():
        return Subscription.objects.get(email="leser@example.org")


def confirm(message: mail.EmailMessage) -> None:
    url = link(message)
    assert Client().get(url).status_code == 200  # opening asks, it confirms nothing
    assert Client().post(url).status_code == 200


def test_a_search_subscription_is_confirmed_told_of_news_and_cancelled(mannheim, settings) -> None:
    settings.PUBLIC_BASE_URL = "https://querschnitt.example"
    subscription = subscribe({"q": "Sprachmittlung"})
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    jobs.notify_subscribers()
    assert len(mail.outbox) == 1  # nothing before the address is confirmed
    confirm(mail.outbox[0])
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    office = User.objects.get(email="team@mannheim.example")
    with scopes_disabled():
        paper = paper_create(
            municipality=mannheim,
            by=office,
            reference="A 2099/003",
            name="Sprachmittlung in Kitas",
            paper_type="motion",
            paper_date=timezone.localdate(),
        )
        quiet = paper_create(
            municipality=mannheim,
            by=office,
            reference="A 2099/004",
            name="Radwege",
            paper_type="motion",
            paper_date=timezone.localdate(),
        )
        paper_publish(paper=paper, by=office)
        paper_publish(paper=quiet, by=office)
    mail.outbox.clear()
    jobs.notify_subscribers()
    assert len(mail.outbox) == 1
    news = mail.outbox[0]
    assert "A 2099/003" in news.body
    assert "A 2099/004" not in news.body
    assert f"https://querschnitt.example/mannheim/vorlagen/{paper.pk}/" in news.body
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    jobs.notify_subscribers()
    assert mail.outbox == []  # told once
    unsubscribe = news.extra_headers["List-Unsubscribe"].strip("<>").split("querschnitt.example")[1]
    assert Client().get(unsubscribe).status_code == 200
    assert Client().post(unsubscribe).status_code == 200
    with scopes_disabled():
        assert not Subscription.objects.filter(email="leser@example.org").exists()


def test_a_body_subscription_hears_of_published_meetings(mannheim) -> None:
    with scopes_disabled():
        body = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    subscribe({"gremium": body.slug})
    confirm(mail.outbox[0])
    mail.outbox.clear()
    office = User.objects.get(email="team@mannheim.example")
    with scopes_disabled():
        meeting = Meeting.objects.filter(body=body, published_at__isnull=True).first()
        meeting_publish(meeting=meeting, by=office)
    jobs.notify_subscribers()
    assert len(mail.outbox) == 1
    assert meeting.name in mail.outbox[0].body


def test_a_forged_or_foreign_link_confirms_nothing(mannheim) -> None:
    subscribe({"q": "Schule"})
    url = link(mail.outbox[0])
    assert Client().post(url.replace("/mannheim/", "/bamberg/")).status_code == 400
    assert Client().post(url[:-3] + "xx/").status_code == 400
    with scopes_disabled():
        assert Subscription.objects.get(email="leser@example.org").confirmed_at is None


def test_unconfirmed_subscriptions_are_forgotten_after_a_week(mannheim) -> None:
    subscription = subscribe({"q": "Schule"})
    Subscription.objects.with_scopes_disabled().filter(pk=subscription.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    jobs.expire_unconfirmed_subscriptions()
    assert not Subscription.objects.with_scopes_disabled().filter(pk=subscription.pk).exists()


def test_the_subscribe_form_asks_for_consent_and_an_address() -> None:
    response = Client().post("/mannheim/abonnieren/", {"q": "Schule", "email": "kein-mail"})
    assert response.status_code == 400
    assert mail.outbox == []
