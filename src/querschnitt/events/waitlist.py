"""The rules of a date's registration list, as plain functions of a snapshot of it.

The services lock the date's row, read its active registrations into `Entry`s, ask these
functions what must happen and apply the answer, so that the rules hold however many people
register or cancel at once. The rules:

- Places are given in the order of arrival. A newcomer gets a place only if it fits and
  nobody waits; otherwise they join the waiting list (if the event has one).
- Places that free up go to the waiting list strictly in order: the first in line who does not
  fit stops the line (a family of four is not overtaken by a single person behind it).
- Depending on the event, the next in line is confirmed at once or offered the place with a
  deadline; an offer not taken up in time expires and the place passes on.
- After registration has closed (or the date has begun) nobody moves up and no offer goes
  out; offers already made run until their deadline, which never lies after the start.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

CONFIRMED = "confirmed"
OFFERED = "offered"
WAITING = "waiting"
EXPIRED = "expired"


@dataclass(frozen=True)
class Entry:
    """An active registration: its place in the order of arrival, its places, its state."""

    id: int
    arrival: int
    places: int
    state: str
    offer_expires_at: datetime | None = None

    def offer_expired(self, now: datetime) -> bool:
        return (
            self.state == OFFERED
            and self.offer_expires_at is not None
            and self.offer_expires_at <= now
        )


@dataclass(frozen=True)
class Rules:
    """What the event says about this date's list."""

    capacity: int | None  # None: no limit
    offers: bool  # freed places are offered with a deadline instead of confirmed at once
    offer_hours: int
    closes_at: datetime  # registration closes (at the latest when the date begins)
    begins_at: datetime
    waiting_list: bool = True


@dataclass(frozen=True)
class Move:
    """A change to one registration: confirmed, offered (until a deadline) or expired."""

    id: int
    to: str
    offer_expires_at: datetime | None = None


def holding(entries: Iterable[Entry], now: datetime) -> int:
    """Places held: confirmed ones and offers still open."""
    return sum(
        entry.places
        for entry in entries
        if entry.state == CONFIRMED or (entry.state == OFFERED and not entry.offer_expired(now))
    )


def free_places(entries: Iterable[Entry], rules: Rules, now: datetime) -> int | None:
    """Places nobody holds (None: no limit)."""
    if rules.capacity is None:
        return None
    return max(0, rules.capacity - holding(entries, now))


def waiting_line(entries: Iterable[Entry]) -> list[Entry]:
    return sorted((entry for entry in entries if entry.state == WAITING), key=lambda e: e.arrival)


def ranks(entries: Iterable[Entry]) -> dict[int, int]:
    """Each waiting registration's place on the waiting list, from 1."""
    return {entry.id: rank for rank, entry in enumerate(waiting_line(entries), start=1)}


def is_open(rules: Rules, now: datetime) -> bool:
    return now < rules.closes_at and now < rules.begins_at


def newcomer_state(entries: list[Entry], places: int, rules: Rules, now: datetime) -> str | None:
    """Where a new registration of `places` goes: a place, the waiting list, or nowhere
    (None: full and no waiting list)."""
    free = free_places(entries, rules, now)
    someone_waits = any(entry.state == WAITING for entry in entries)
    if free is None or (places <= free and not someone_waits):
        return CONFIRMED
    return WAITING if rules.waiting_list else None


def offer_deadline(rules: Rules, now: datetime) -> datetime:
    return min(now + timedelta(hours=rules.offer_hours), rules.begins_at)


def moves(entries: list[Entry], rules: Rules, now: datetime) -> list[Move]:
    """What must happen now: offers that ran out expire, and the places that are free go
    to the waiting list in order (while registration is open)."""
    found = [Move(entry.id, EXPIRED) for entry in entries if entry.offer_expired(now)]
    if not is_open(rules, now):
        return found
    free = free_places(entries, rules, now)
    for entry in waiting_line(entries):
        if free is not None and entry.places > free:
            break
        if rules.offers:
            found.append(Move(entry.id, OFFERED, offer_deadline(rules, now)))
        else:
            found.append(Move(entry.id, CONFIRMED))
        if free is not None:
            free -= entry.places
    return found


def apply(entries: list[Entry], found: list[Move]) -> list[Entry]:
    """The snapshot after the moves (expired entries leave it)."""
    by_id = {move.id: move for move in found}
    result = []
    for entry in entries:
        move = by_id.get(entry.id)
        if move is None:
            result.append(entry)
        elif move.to != EXPIRED:
            result.append(
                Entry(entry.id, entry.arrival, entry.places, move.to, move.offer_expires_at)
            )
    return result
