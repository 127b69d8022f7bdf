"""`manage.py expire_entry_requests`: delete requests for an entry whose e-mail address was not
confirmed in time. Also a periodic job (`manage.py run_jobs`)."""

from typing import Any

from django.core.management.base import BaseCommand

from querschnitt.network.jobs import expire_entry_requests


class Command(BaseCommand):
    help = "Delete unconfirmed requests for an entry that are older than the expiry period."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(expire_entry_requests())
