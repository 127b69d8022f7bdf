"""Sections that the apps contribute to a municipality's public start page.

    from querschnitt.core import start_page
    start_page.register(start_page.Section("network", "network/start_section.html",
                                           network_start_context, order=40))

The start page renders each section's template with the context its function returns for the
municipality; a function that returns None leaves its section out. The sections are the same
for every visitor: their markup is remembered per municipality content version, language,
time zone and URL map, and for SECONDS at most, since some show dates that pass (the events'
and the bodies' sections keep their dates in the cache as long).

A section may write its markup in Python (`write(municipality, context)`), exactly as its
template would (a test beside it compares both in every language): the sections are rendered
afresh on the first request after every change of the municipality's data, and the template
engine's cost per section is more than the section's own. While they are written, the
language, time zone, URL map and script prefix are looked up once (`address`,
`remembered_rows`), not once a row or link.

A section may name the rows it is drawn from (`drawn(municipality)`: the rows of its reads as
the database gives them, hashable); then its context is `context(municipality, drawn)` and
its markup is remembered under those rows, the municipality's address, the language, time
zone, URL map and script prefix (`drawn_markup`): after a change elsewhere in the
municipality's data the section is read again but not converted and written again. Its
`write` may use of the municipality its address only.
"""

import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone, get_current_timezone_name
from django.utils.translation import get_language

from querschnitt.core.kept import Kept
from querschnitt.core.models import Municipality
from querschnitt.core.routing import cached_reverse, municipality_reverse

SECONDS = 300
MAX_ENTRIES = 256
_markup: dict[tuple[Any, ...], tuple[float, str]] = {}
MAX_ROWS = 1024
_rows: dict[tuple[Any, ...], str] = {}
_reads: dict[tuple[int, str], tuple[str, float, Any]] = {}
_drawn: Kept[str] = Kept(MAX_ENTRIES)
# language, time zone, URL map and script prefix while `sections_markup` writes the sections
_around: ContextVar[tuple[Any, ...] | None] = ContextVar("start_page_around", default=None)


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    # `context(municipality)`, or `context(municipality, drawn)` with `drawn`
    context: Callable[..., dict[str, Any] | None]
    order: int = 100
    write: Callable[[Municipality, dict[str, Any]], str] | None = None
    drawn: Callable[[Municipality], Hashable] | None = None

    def context_of(self, municipality: Municipality) -> dict[str, Any] | None:
        if self.drawn is None:
            return self.context(municipality)
        return self.context(municipality, self.drawn(municipality))


sections: dict[str, Section] = {}


def register(section: Section) -> None:
    sections[section.name] = section


def ordered_sections() -> list[Section]:
    return sorted(sections.values(), key=lambda section: (section.order, section.name))


def _section_markup(municipality: Municipality, section: Section) -> str:
    if section.drawn is not None and section.write is not None:
        return drawn_markup(municipality, section, section.drawn(municipality))
    return _written(municipality, section, section.context(municipality))


def _written(municipality: Municipality, section: Section, context: dict[str, Any] | None) -> str:
    if context is None:
        return ""
    if section.write is not None:
        return section.write(municipality, context)
    return render_to_string(section.template, {"municipality": municipality, "section": context})


def drawn_markup(municipality: Municipality, section: Section, drawn: Hashable) -> str:
    """The section's markup, remembered under the rows it is drawn from (see above)."""
    key = (section.name, drawn, municipality.slug, *(_around.get() or _looked_up()))
    return _drawn.get(
        key, lambda: _written(municipality, section, section.context(municipality, drawn))
    )


def sections_markup(municipality: Municipality) -> SafeString:
    """`{% for section in sections %}{% include section.template with section=section.context
    %}{% endfor %}`, remembered (see above)."""
    language = get_language()
    prefix = get_script_prefix()
    key = (
        municipality.pk,
        municipality.content_version,
        language,
        get_current_timezone_name(),
        prefix,
    )
    now = time.monotonic()
    found = _markup.get(key)
    if found is not None and now - found[0] < SECONDS:
        return mark_safe(found[1])  # rendered by the templates, which escape
    token = _around.set((language, get_current_timezone(), get_urlconf(), prefix))
    try:
        markup = "".join(_section_markup(municipality, section) for section in ordered_sections())
    finally:
        _around.reset(token)
    if len(_markup) >= MAX_ENTRIES:
        _markup.pop(next(iter(_markup)), None)
    _markup[key] = (now, markup)
    return mark_safe(markup)


def remembered_rows[T](
    municipality: Municipality,
    rows: Iterable[T],
    key: Callable[[T], Hashable],
    write: Callable[[T, Municipality], str],
) -> SafeString:
    """`"".join(write(row, municipality) for row in rows)`, each row's markup remembered
    under `key(row)` (every value of the row that `write` shows), the municipality's address,
    the language and the time zone: after a change of the municipality's data its sections
    are written afresh, but their rows are mostly the same rows. `write` (a module's function)
    may use of the municipality its address only, and must escape what it shows."""
    around = (municipality.slug, *(_around.get() or _looked_up()))
    parts = []
    for row in rows:
        row_key = (write, key(row), around)
        try:
            markup = _rows.get(row_key)
        except TypeError:  # a value that cannot be a key
            parts.append(write(row, municipality))
            continue
        if markup is None:
            markup = write(row, municipality)
            if len(_rows) >= MAX_ROWS:
                _rows.pop(next(iter(_rows)), None)
            _rows[row_key] = markup
        parts.append(markup)
    return mark_safe("".join(parts))


def kept_read[T](municipality: Municipality, name: str, read: Callable[[], T], seconds: float) -> T:
    """`read()`, kept in this process under the municipality's content version for `seconds`
    at most (a section's values that pass, such as dates): a section read afresh when its
    markup is not remembered (another language, zone or prefix) reads them once a version."""
    key = (municipality.pk, name)
    version = municipality.content_version
    now = time.monotonic()
    found = _reads.get(key)
    if found is not None and found[0] == version and now - found[1] < seconds:
        return found[2]
    value = read()
    if len(_reads) >= MAX_ENTRIES:
        _reads.pop(next(iter(_reads)), None)
    _reads[key] = (version, now, value)
    return value


@contextmanager
def looked_up_once() -> Iterator[None]:
    """While a page's lists are written through `remembered_rows` outside `sections_markup`:
    the language, time zone, URL map and script prefix looked up once, not once a list."""
    token = _around.set(_around.get() or _looked_up())
    try:
        yield
    finally:
        _around.reset(token)


def _looked_up() -> tuple[Any, ...]:
    return (get_language(), get_current_timezone(), get_urlconf(), get_script_prefix())


def address(municipality: Municipality, viewname: str, **kwargs: Any) -> str:
    """`municipality_reverse(municipality, viewname, **kwargs)`, for the sections' links."""
    around = _around.get()
    if around is None:
        return municipality_reverse(municipality, viewname, **kwargs)
    return cached_reverse(around[2], around[3], viewname, municipality.slug, tuple(kwargs.items()))


@receiver(setting_changed)
def forget_sections(**kwargs: Any) -> None:
    _markup.clear()
    _rows.clear()
    _reads.clear()
