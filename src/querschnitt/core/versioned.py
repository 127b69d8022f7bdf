"""Pieces of a municipality's pages that are costly to build and change only with its data.

`remembered(municipality, name, build)` keeps what `build()` returned per process, under the
municipality's content version (which moves on every change of its public data, as the page
cache's and the page frame's keys do, and at the latest every `CONTENT_LIFETIME` seconds), so a
change shows on the next request, and one that no signal reports within that time. Keep only what
holds no personal data and does not depend on who asks; the language, where it matters, goes
into `name`.
"""

from collections.abc import Callable
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver

from querschnitt.core.models import Municipality

MAX_ENTRIES = 4096
_kept: dict[tuple[int, str], tuple[str, Any]] = {}


def remembered[T](municipality: Municipality, name: str, build: Callable[[], T]) -> T:
    key = (municipality.pk, name)
    version = municipality.content_version
    found = _kept.get(key)
    if found is not None and found[0] == version:
        return found[1]
    value = build()
    if len(_kept) >= MAX_ENTRIES:
        _kept.pop(next(iter(_kept)), None)
    _kept[key] = (version, value)
    return value


# Memories of pieces kept per content version outside `_kept` (rows remembered one by one),
# cleared with it.
_kept_elsewhere: list[dict[Any, Any]] = []


def kept_elsewhere[M: dict[Any, Any]](memory: M) -> M:
    _kept_elsewhere.append(memory)
    return memory


@receiver(setting_changed)
def forget(**kwargs: Any) -> None:
    _kept.clear()
    for memory in _kept_elsewhere:
        memory.clear()
