"""`manage.py second_factor_reset EMAIL`: for platform operators, when someone (an operator too)
lost both their authenticator app and their recovery codes."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from querschnitt.accounts.models import User
from querschnitt.accounts.services import second_factor_reset


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and recovery codes of an account; at the next sign-in "
        "its owner sets up a new authenticator with the password. Make sure who asks first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError("There is no account with this e-mail address.")
        with scopes_disabled():
            removed = second_factor_reset(user=user, by=None, municipality=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"{removed} device(s) of {user.email} removed; they set up a new authenticator "
                "app at their next sign-in."
            )
        )
