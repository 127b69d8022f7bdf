"""The network's periodic jobs, for every municipality (registered in `apps.py`)."""

from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.services.declarations import signatures_expire_unconfirmed
from querschnitt.network.services.entries import entry_requests_expire


def expire_entry_requests() -> str:
    """Delete requests for an entry whose e-mail address was not confirmed in time."""
    total = 0
    with scopes_disabled():
        municipalities = list(Municipality.objects.order_by("slug"))
    for municipality in municipalities:
        with scope(municipality=municipality):
            total += entry_requests_expire(municipality=municipality)
    return f"{total} unconfirmed request(s) deleted"


def expire_unconfirmed() -> str:
    """Delete signatures whose e-mail address was not confirmed in time (and the organisations
    that were requested only with them)."""
    signatures = organisations = 0
    with scopes_disabled():
        municipalities = list(Municipality.objects.order_by("slug"))
    for municipality in municipalities:
        with scope(municipality=municipality):
            deleted = signatures_expire_unconfirmed(municipality=municipality)
        signatures += deleted[0]
        organisations += deleted[1]
    return (
        f"{signatures} unconfirmed signature(s), {organisations} requested organisation(s) deleted"
    )
