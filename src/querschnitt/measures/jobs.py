"""Periodic jobs of the measures (registered with `core.jobs`)."""

from django_scopes import scope

from querschnitt.core.models import Municipality


def remind_late_reports() -> str:
    """E-mail the liaisons of every department whose reports are late, in every municipality
    (once per measure and period)."""
    from querschnitt.measures.services.reports import reminders_send

    sent = 0
    for municipality in Municipality.objects.filter(is_active=True):
        with scope(municipality=municipality):
            sent += reminders_send(municipality=municipality)
    return f"{sent} reminders of late reports"
