"""`manage.py account_active EMAIL off|on`: for platform operators, to switch an account off
(it keeps its history and roles, but cannot sign in anywhere) or on again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from querschnitt.accounts.models import User
from querschnitt.accounts.services import account_set_active


class Command(BaseCommand):
    help = "Switch an account off or on again, in every municipality."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("state", choices=["on", "off"])

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError("There is no account with this e-mail address.")
        with scopes_disabled():
            account_set_active(user=user, is_active=options["state"] == "on", by=None)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is switched {options['state']}."))
