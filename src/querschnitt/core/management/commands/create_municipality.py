"""`manage.py create_municipality`: put a municipality on the deployment and invite its first
office administrator, who accepts by the mailed link (choosing a password for a new account,
or signing in with an existing one)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from querschnitt.accounts.models import Role
from querschnitt.accounts.services import role_invitation_create
from querschnitt.core.services import municipality_create


class Command(BaseCommand):
    help = "Create a municipality and invite its first office administrator."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--slug", required=True, help="address, e.g. heidelberg")
        parser.add_argument("--name", required=True)
        parser.add_argument("--ags", required=True, help="official municipality key, 8 digits")
        parser.add_argument("--state", required=True, help="two letters, e.g. BW")
        parser.add_argument("--office", required=True, help="name of the integration office")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="for the link in the e-mail"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic(), scopes_disabled():
                municipality = municipality_create(
                    slug=options["slug"],
                    name=options["name"],
                    ags=options["ags"],
                    state=options["state"],
                    office_name=options["office"],
                )
                role_invitation_create(
                    municipality=municipality,
                    email=options["admin_email"],
                    full_name=options["admin_name"],
                    role=Role.OFFICE_ADMIN,
                    by=None,
                    base_url=options["base_url"].rstrip("/"),
                )
        except ValidationError as error:
            messages = (
                "; ".join(
                    f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()
                )
                if hasattr(error, "error_dict")
                else " ".join(error.messages)
            )
            raise CommandError(messages) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{municipality.name} is at /{municipality.slug}/; "
                f"{options['admin_email']} has been invited as office administrator."
            )
        )
