"""Expiry of unconfirmed requests and signatures, for every municipality.

The daily retention job (`core.retention`, kind "network.unconfirmed") does this by itself;
`manage.py expire_entry_requests` and `manage.py expire_unconfirmed` run it at once.
"""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.core.retention import retention_days
from querschnitt.network.services.declarations import signatures_expire_unconfirmed
from querschnitt.network.services.entries import entry_requests_expire

KIND = "network.unconfirmed"


def _municipalities() -> list[Municipality]:
    with scopes_disabled():
        return list(Municipality.objects.order_by("slug"))


def expire_entry_requests() -> str:
    """Delete requests for an entry whose e-mail address was not confirmed in time."""
    total = 0
    for municipality in _municipalities():
        with scope(municipality=municipality):
            days = retention_days(municipality=municipality, key=KIND)
            total += entry_requests_expire(
                municipality=municipality, before=timezone.now() - timedelta(days=days)
            )
    return f"{total} unconfirmed request(s) deleted"


def expire_unconfirmed() -> str:
    """Delete signatures whose e-mail address was not confirmed in time (and the organisations
    that were requested only with them)."""
    signatures = organisations = 0
    for municipality in _municipalities():
        with scope(municipality=municipality):
            days = retention_days(municipality=municipality, key=KIND)
            deleted = signatures_expire_unconfirmed(
                municipality=municipality, before=timezone.now() - timedelta(days=days)
            )
        signatures += deleted[0]
        organisations += deleted[1]
    return (
        f"{signatures} unconfirmed signature(s), {organisations} requested organisation(s) deleted"
    )
