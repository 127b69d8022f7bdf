"""Pending work: what the staff overview shows ("what needs me today").

Each app registers a provider in its `AppConfig.ready()`:

    from querschnitt.core import worklist
    worklist.register(signature_pending_work)

A provider is a function of the request (`request.municipality`, `request.user`) that yields
`PendingWork` items this person may act on, and nothing for people who may not (it checks
the permission itself, with `accounts.permissions.has_permission`). It runs a constant, small
number of queries whatever the size of the data: `waiting(queryset, since=…)` counts the
items, finds the oldest and counts those past the target in one aggregate query. The overview
shows each item with its count, how long the oldest has waited, a badge with how many are
past the target, and links to the list filtered to exactly those items.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise


@dataclass(frozen=True)
class PendingWork:
    """One kind of pending work: how much, since when, and where to do it."""

    # What waits, with its number: "8 signatures wait for review" (ngettext in the provider).
    label: str | Promise
    count: int
    # The list filtered to exactly these items.
    url: str
    # When the item that has waited longest began to wait.
    oldest: datetime | None = None
    # The target time to handle one item, in days, if the office has one.
    target_days: int | None = None
    # How many have waited longer than the target, and the list filtered to exactly those.
    overdue: int = 0
    overdue_url: str = ""
    # Work that waits for this person in particular (their import, their organisation's
    # changes …), shown first under "For you".
    personal: bool = False
    # Groups items on the overview ("Network", "Public pages" …), ordered by `order` as the
    # staff navigation is (network 20–29, bodies 30–39 …).
    section: str | Promise = ""
    order: int = 100

    def waiting_days(self, now: datetime | None = None) -> int | None:
        """Full days the oldest item has waited (0: since today)."""
        if self.oldest is None:
            return None
        return max(0, ((now or timezone.now()) - self.oldest).days)


@dataclass(frozen=True)
class Waiting:
    """What `waiting` found: how many, since when, how many past the target, the last id."""

    count: int
    oldest: datetime | None
    overdue: int
    last_pk: int | None


def past_target_cutoff(target_days: int, now: datetime | None = None) -> datetime:
    """Items waiting since this moment or earlier are past the target: they have waited more
    than `target_days` full days."""
    return (now or timezone.now()) - timedelta(days=target_days + 1)


def waiting(
    queryset: QuerySet, *, since: str, target_days: int | None = None, now: datetime | None = None
) -> Waiting:
    """Count, oldest `since` and the number past the target of a queryset, in one query."""
    aggregates = {"count": Count("pk"), "oldest": Min(since), "last_pk": Max("pk")}
    if target_days is not None:
        cutoff = past_target_cutoff(target_days, now)
        aggregates["overdue"] = Count("pk", filter=Q(**{f"{since}__lte": cutoff}))
    found = queryset.order_by().aggregate(**aggregates)
    return Waiting(
        count=found["count"],
        oldest=found["oldest"],
        overdue=found.get("overdue") or 0,
        last_pk=found["last_pk"],
    )


Provider = Callable[[HttpRequest], Iterable[PendingWork]]
providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in providers:
        providers.append(provider)
    return provider


def pending_work(request: HttpRequest) -> list[PendingWork]:
    """Every item of every provider with something to do: this person's first, then by the
    order of their sections, the most urgent first within a section."""
    items = [item for provider in providers for item in provider(request) if item.count]
    return sorted(
        items,
        key=lambda item: (
            not item.personal,
            item.order,
            -item.overdue,
            item.oldest.timestamp() if item.oldest else float("inf"),
        ),
    )
