"""Periodic jobs of bodies (registered with `core.jobs`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.bodies.models import Subscription

UNCONFIRMED_DAYS = 7


def notify_subscribers() -> str:
    """Tell every confirmed subscriber, in every municipality, what was published since."""
    from querschnitt.bodies.services.subscriptions import subscription_notify

    sent = 0
    base_url = settings.PUBLIC_BASE_URL
    with scopes_disabled():
        subscriptions = Subscription.objects.filter(confirmed_at__isnull=False).select_related(
            "municipality", "body"
        )
        for subscription in subscriptions.iterator(chunk_size=500):
            sent += subscription_notify(subscription=subscription, base_url=base_url)
    return f"{sent} e-mails to subscribers"


def expire_unconfirmed_subscriptions() -> str:
    """Forget addresses that never confirmed their subscription."""
    with scopes_disabled():
        deleted, _rows = Subscription.objects.filter(
            confirmed_at__isnull=True,
            created_at__lt=timezone.now() - timedelta(days=UNCONFIRMED_DAYS),
        ).delete()
    return f"{deleted} unconfirmed subscriptions removed"
