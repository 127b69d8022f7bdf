"""`manage.py expire_unconfirmed`: delete signatures whose e-mail address was not confirmed in
time (and the requested organisations that came only with them). Run it daily."""

from typing import Any

from django.core.management.base import BaseCommand
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.services.declarations import signatures_expire_unconfirmed


class Command(BaseCommand):
    help = "Delete unconfirmed signatures older than each municipality's expiry (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            municipalities = list(Municipality.objects.order_by("slug"))
        for municipality in municipalities:
            with scope(municipality=municipality):
                signatures, organisations = signatures_expire_unconfirmed(municipality=municipality)
            if signatures:
                self.stdout.write(
                    f"{municipality.slug}: {signatures} unconfirmed signature(s) and "
                    f"{organisations} requested organisation(s) deleted"
                )
