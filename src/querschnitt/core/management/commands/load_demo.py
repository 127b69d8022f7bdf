"""`manage.py load_demo`: the demo municipalities Mannheim and Bamberg, idempotently."""

from typing import Any

from django.core.management.base import BaseCommand

from querschnitt.core.demo.loader import load_demo
from querschnitt.core.demo.users import DEMO_PASSWORD, PLATFORM_OPERATOR, demo_users


class Command(BaseCommand):
    help = "Load (or refresh) the demo data of Mannheim and Bamberg."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not list the logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready: " + ", ".join(m.name for m in municipalities))
        )
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write("Office roles sign in with a TOTP code: `manage.py demo_code EMAIL`.")
        for municipality in municipalities:
            self.stdout.write(f"\n  {municipality.name}: /{municipality.slug}/konto/anmelden/")
            for demo in demo_users(municipality.slug, ""):
                label = demo.role.label if demo.role else ""
                secret = f"  TOTP secret {demo.totp_secret}" if demo.needs_totp else ""
                self.stdout.write(f"    {demo.email:<34} {label!s:<30}{secret}")
        self.stdout.write(
            f"\n  Platform operator: {PLATFORM_OPERATOR.email}"
            f"  TOTP secret {PLATFORM_OPERATOR.totp_secret}"
        )
