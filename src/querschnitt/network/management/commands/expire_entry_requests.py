"""Delete requests for an entry whose e-mail address was not confirmed in time.

Run it daily (cron or a systemd timer): `manage.py expire_entry_requests`.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.network.services.entries import entry_requests_expire


class Command(BaseCommand):
    help = "Delete unconfirmed requests for an entry that are older than the expiry period."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for municipality in Municipality.objects.order_by("slug"):
            with scope(municipality=municipality):
                deleted = entry_requests_expire(municipality=municipality)
            if deleted:
                self.stdout.write(f"{municipality.slug}: {deleted}")
            total += deleted
        self.stdout.write(f"Deleted {total} unconfirmed requests.")
