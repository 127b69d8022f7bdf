"""The personal data of one person: find it, export it (Art. 15 GDPR), erase it (Art. 17).

Every app that stores personal data registers a provider in its `AppConfig.ready()`:

    from querschnitt.core import personal_data
    personal_data.register(personal_data.Provider(
        key="network", find=find, export=export, erase=erase, order=100,
    ))

- `find(municipality=…, person=…)` returns `Holding`s: what the app holds about the person in
  this municipality, how many records, and what erasing does with them. A holding also
  reports the names, user ids and audit targets it found, so that the audit trail, mail
  logs and free texts of other apps can be cleaned of them too.
- `export(municipality=…, person=…)` returns `{holding key: [rows as JSON-friendly dicts]}`.
- `erase(municipality=…, person=…)` removes the data (or the person from it, where a fact
  must stay) and returns `{holding key: records changed}`. It writes no audit entry that
  names the person; `person_erase` records one entry without a name.
- `check(municipality=…, person=…, by=…)` (optional) raises ValidationError when the erasure
  must not happen (your own account, the last administrator).

The office answers for its municipality: everything here is scoped to one municipality,
except the records of background tasks (e-mails), which have no municipality and are cleaned
of the person wherever they occur.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality

# Names shorter than this are not searched for in free texts: too many false hits.
MIN_NAME_LENGTH = 5


@dataclass(frozen=True)
class Person:
    """Whose data is asked for: the e-mail address, and what was found with it."""

    email: str
    names: frozenset[str] = frozenset()
    user_ids: frozenset[int] = frozenset()
    references: frozenset[tuple[str, str]] = frozenset()  # (target_type, target_id) in audits

    @property
    def needles(self) -> list[str]:
        """The strings that identify the person in free text, longest first."""
        found = {self.email, *(name for name in self.names if len(name) >= MIN_NAME_LENGTH)}
        return sorted((needle for needle in found if needle), key=len, reverse=True)

    def with_holdings(self, holdings: Iterable["Holding"]) -> "Person":
        holdings = list(holdings)
        return replace(
            self,
            names=self.names.union(*(h.names for h in holdings)),
            user_ids=self.user_ids.union(*(h.user_ids for h in holdings)),
            references=self.references.union(*(h.references for h in holdings)),
        )


@dataclass(frozen=True)
class Holding:
    """What one app holds about the person: `count` records of one kind."""

    key: str
    label: str
    count: int
    erasure: str  # what erasing does with these records, in the staff's words
    names: frozenset[str] = field(default=frozenset(), repr=False)
    user_ids: frozenset[int] = field(default=frozenset(), repr=False)
    references: frozenset[tuple[str, str]] = field(default=frozenset(), repr=False)


@dataclass(frozen=True)
class Provider:
    key: str
    find: Callable[..., list[Holding]]
    export: Callable[..., dict[str, list[dict[str, Any]]]]
    erase: Callable[..., dict[str, int]]
    check: Callable[..., None] | None = None
    order: int = 100


registry: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    registry[provider.key] = provider


def providers() -> list[Provider]:
    return sorted(registry.values(), key=lambda provider: (provider.order, provider.key))


# Helpers for providers ---------------------------------------------------------------------


def erased_label() -> str:
    """What stands where a name or address was."""
    return _("[erased]")


def scrub(value: Any, needles: list[str]) -> Any:
    """The value (text, or JSON of lists and dicts) with every needle replaced."""
    if isinstance(value, str):
        for needle in needles:
            value = re.sub(re.escape(needle), erased_label(), value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [scrub(item, needles) for item in value]
    if isinstance(value, dict):
        return {scrub(key, needles): scrub(item, needles) for key, item in value.items()}
    return value


def mentions(value: Any, needles: list[str]) -> bool:
    """Whether a text or JSON value contains one of the needles (case ignored)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    folded = text.casefold()
    return any(needle.casefold() in folded for needle in needles)


def text_q(fields: Iterable[str], needles: list[str]) -> Q:
    """Rows whose text or JSON fields contain a needle. JSON may store non-ASCII letters
    escaped (SQLite), so the escaped spelling is looked for too; callers check the values
    with `mentions` before they change them."""
    query = Q(pk__in=[])
    for name in fields:
        for needle in needles:
            query |= Q(**{f"{name}__icontains": needle})
            escaped = json.dumps(needle)[1:-1]
            if escaped != needle:
                query |= Q(**{f"{name}__icontains": escaped})
    return query


def json_value(value: Any) -> Any:
    """A model value as JSON can hold it (dates as ISO text)."""
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# Services ---------------------------------------------------------------------------------


def normalised_email(email: str) -> str:
    return email.strip().lower()


def person_find(*, municipality: Municipality, email: str) -> tuple[Person, list[Holding]]:
    """Everything the municipality holds about the person with this e-mail address.

    Providers see what the others found (names, accounts, records), so the search is
    repeated until nothing new turns up (twice or three times).
    """
    person = Person(email=normalised_email(email))
    holdings: list[Holding] = []
    for _round in range(3):
        holdings = [
            holding
            for provider in providers()
            for holding in provider.find(municipality=municipality, person=person)
            if holding.count
        ]
        enriched = person.with_holdings(holdings)
        if enriched == person:
            break
        person = enriched
    return person, holdings


def person_export(*, municipality: Municipality, email: str, by: Any) -> dict[str, Any]:
    """Everything the municipality holds about the person, as one JSON-friendly document."""
    person, holdings = person_find(municipality=municipality, email=email)
    labels = {holding.key: holding.label for holding in holdings}
    records: dict[str, list[dict[str, Any]]] = {}
    for provider in providers():
        for key, rows in provider.export(municipality=municipality, person=person).items():
            if rows:
                records.setdefault(key, []).extend(rows)
    audit_record(
        municipality=municipality,
        actor=by,
        action="personal_data.exported",
        changes={"records": {key: len(rows) for key, rows in records.items()}},
    )
    return {
        "email": person.email,
        "municipality": {"name": municipality.name, "ags": municipality.ags},
        "exported_at": timezone.now().isoformat(),
        "data": [
            {"kind": key, "label": str(labels.get(key, key)), "records": rows}
            for key, rows in records.items()
        ],
    }


def person_check_erasure(*, municipality: Municipality, person: Person, by: Any) -> None:
    for provider in providers():
        if provider.check is not None:
            provider.check(municipality=municipality, person=person, by=by)


@transaction.atomic
def person_erase(*, municipality: Municipality, email: str, by: Any) -> dict[str, int]:
    """Erase the person's data in the municipality: delete what may go, remove the person
    from what must stay. All or nothing; the audit entry names no person."""
    person, _holdings = person_find(municipality=municipality, email=email)
    person_check_erasure(municipality=municipality, person=person, by=by)
    done: dict[str, int] = {}
    for provider in providers():
        for key, count in provider.erase(municipality=municipality, person=person).items():
            if count:
                done[key] = done.get(key, 0) + count
    audit_record(
        municipality=municipality,
        actor=by,
        action="personal_data.erased",
        changes={"records": done},
    )
    return done
