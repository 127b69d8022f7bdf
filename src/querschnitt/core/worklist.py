"""Pending work: what the staff overview shows ("what needs me today").

Each app registers a provider in its `AppConfig.ready()`:

    from querschnitt.core import worklist
    worklist.register(signature_pending_work)

A provider takes the request (with `request.municipality` and `request.user`) and yields
`PendingWork` items that this person may act on; it yields nothing for people who may not.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest


@dataclass(frozen=True)
class PendingWork:
    """One kind of pending work: how much, since when, and where to do it."""

    label: str
    count: int
    url: str
    oldest: datetime | None = None
    # Past the target time the office set itself (a badge on the overview).
    overdue: int = 0
    # Work that waits for this person in particular, not for the office as a whole.
    personal: bool = False
    # Groups items on the overview ("Network", "Bodies" …).
    section: str = ""


Provider = Callable[[HttpRequest], Iterable[PendingWork]]
providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in providers:
        providers.append(provider)
    return provider


def pending_work(request: HttpRequest) -> list[PendingWork]:
    """Every item of every provider with something to do, oldest first within its kind."""
    items = [item for provider in providers for item in provider(request) if item.count]
    return sorted(items, key=lambda item: (not item.personal, item.section))
