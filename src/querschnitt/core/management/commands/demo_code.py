"""`manage.py demo_code EMAIL`: the current TOTP code of a demo account, for trying the demo."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from querschnitt.core.demo.cities import CITIES
from querschnitt.core.demo.users import PLATFORM_OPERATOR, demo_users


class Command(BaseCommand):
    help = "Print the current six-digit TOTP code of a demo account."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = [PLATFORM_OPERATOR] + [
            demo for city in CITIES for demo in demo_users(city["slug"], "")
        ]
        for demo in accounts:
            if demo.email == options["email"].lower() and demo.needs_totp:
                totp = TOTP(bytes.fromhex(demo.totp_key_hex))
                self.stdout.write(f"{totp.token():06d}")
                return
        raise CommandError("Not a demo account with a second factor.")
