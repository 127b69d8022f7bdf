"""Pieces of pages kept by all they are drawn from: the rows as the database gave them, the
municipality's address, and the language, time zone, URL map and script prefix they are
written in (`around`). Most changes of a municipality's data move its content version but
leave a piece's rows as they were, so a cold request reads the rows again but writes the
piece only when they changed. A setting changed forgets them all, as `core.versioned` does."""

from collections.abc import Callable
from typing import Any

from django.urls import get_script_prefix, get_urlconf
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from querschnitt.core.models import Municipality
from querschnitt.core.versioned import kept_elsewhere


class Kept[T]:
    """At most `size` pieces, the least recently used forgotten first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pieces: dict[tuple[Any, ...], T] = kept_elsewhere({})

    def get(self, key: tuple[Any, ...], draw: Callable[[], T]) -> T:
        """The piece kept under `key`, else `draw()` (kept unless the key cannot be one)."""
        try:
            hash(key)  # an empty dict's `pop` does not hash what it is given
        except TypeError:  # a value that cannot be a key
            return draw()
        found = self.pieces.pop(key, None)
        if found is None:
            found = draw()
            if len(self.pieces) >= self.size:
                self.pieces.pop(next(iter(self.pieces)), None)
        self.pieces[key] = found  # the last used last: the first is the one to forget
        return found


def around(municipality: Municipality) -> tuple[Any, ...]:
    """What a piece is written in besides its rows: the address, language, zone and URLs."""
    return (
        municipality.slug,
        get_language(),
        get_current_timezone_name(),
        get_urlconf(),
        get_script_prefix(),
    )
