"""`manage.py expire_unconfirmed`: delete signatures whose e-mail address was not confirmed in
time (and the requested organisations that came only with them). Also a periodic job."""

from typing import Any

from django.core.management.base import BaseCommand

from querschnitt.network.jobs import expire_unconfirmed


class Command(BaseCommand):
    help = "Delete unconfirmed signatures older than each municipality's expiry."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(expire_unconfirmed())
