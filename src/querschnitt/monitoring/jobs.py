"""Periodic jobs of the monitoring (registered in `apps.py`)."""

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality


def stale_imports() -> str:
    """Extracts whose counting stopped are refused; extracts no import names are deleted."""
    # imported here: the imports' services pull in polars and scipy, which no process should
    # load at start for a job it may never run
    from querschnitt.monitoring.services.imports import extracts_delete_abandoned, imports_expire

    now = timezone.now()
    with scopes_disabled():
        municipalities = list(Municipality.objects.order_by("slug"))
    refused = 0
    for municipality in municipalities:
        with scope(municipality=municipality):
            refused += imports_expire(municipality=municipality, now=now)
    deleted = extracts_delete_abandoned(now=now)
    return f"{refused} imports stopped counting and refused, {deleted} abandoned extracts deleted"
