"""`manage.py erase_person EMAIL [--municipality SLUG …] --yes`: the platform operator erases a
person's data in every municipality (or the ones named), as each office can do in its staff
area (`core.personal_data`); the account goes with its last role. Without `--yes` it only lists
what would be erased."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.core.personal_data import person_erase, person_find


class Command(BaseCommand):
    help = "Erase a person's data (by e-mail address) in every municipality or the ones named."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--municipality", action="append", default=[], metavar="SLUG")
        parser.add_argument("--yes", action="store_true", help="Erase; otherwise only list.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        with scopes_disabled():
            chosen = Municipality.objects.order_by("slug")
            if options["municipality"]:
                chosen = chosen.filter(slug__in=options["municipality"])
            municipalities = list(chosen)
        unknown = set(options["municipality"]) - {m.slug for m in municipalities}
        if unknown:
            raise CommandError(f"Unknown municipality: {', '.join(sorted(unknown))}")
        for municipality in municipalities:
            with scope(municipality=municipality):
                _person, holdings = person_find(municipality=municipality, email=email)
                if not holdings:
                    continue
                listed = ", ".join(f"{h.label} ({h.count})" for h in holdings)
                self.stdout.write(f"{municipality.slug}: {listed}")
                if options["yes"]:
                    try:
                        person_erase(municipality=municipality, email=email, by=None)
                    except ValidationError as error:
                        raise CommandError(
                            f"{municipality.slug}: {' '.join(error.messages)}"
                        ) from error
                    self.stdout.write(f"{municipality.slug}: erased")
        if not options["yes"]:
            self.stdout.write("Nothing erased; add --yes to erase.")
