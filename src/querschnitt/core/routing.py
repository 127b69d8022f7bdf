"""Reversing URLs of one municipality without repeating its slug everywhere; resolving an
address once."""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.urls import (
    ResolverMatch,
    URLPattern,
    URLResolver,
    get_script_prefix,
    get_urlconf,
    reverse,
)
from django.urls.resolvers import RoutePattern

from querschnitt.core.models import Municipality


def municipality_reverse(municipality: Municipality, viewname: str, **kwargs: Any) -> str:
    return cached_reverse(
        get_urlconf(), get_script_prefix(), viewname, municipality.slug, tuple(kwargs.items())
    )


def municipality_reverser(municipality: Municipality, viewname: str) -> Callable[..., str]:
    """`municipality_reverse(municipality, viewname, **kwargs)` for the rows of a list: the
    URL map and script prefix are looked up once, not once a row."""
    urlconf, prefix, slug = get_urlconf(), get_script_prefix(), municipality.slug
    return lambda **kwargs: cached_reverse(urlconf, prefix, viewname, slug, tuple(kwargs.items()))


@lru_cache(maxsize=8192)
def cached_reverse(
    urlconf: str | None,
    prefix: str,
    viewname: str,
    slug: str,
    kwargs: tuple[tuple[str, Any], ...],
) -> str:
    # The URL map does not change while the process runs: a page with thirty links (menus,
    # footer, one per row) asks for the same few addresses on every request.
    return reverse(viewname, urlconf=urlconf, kwargs={"municipality": slug, **dict(kwargs)})


class RememberingResolver(URLResolver):
    """`include(patterns)` at the root that remembers what each address resolved to.

    The URL map does not change while the process runs and its converters read nothing but
    the address, so an address resolves to the same view and arguments every time; Django
    tries every pattern before it in order (~60 for a working group's page, ~40 µs). An
    address that resolves to nothing is tried afresh each time and not kept. The parent
    resolver copies what it takes from the match, so a kept match is never changed.
    """

    MAX_ADDRESSES = 4096

    def __init__(self, patterns: list[URLPattern | URLResolver]) -> None:
        super().__init__(RoutePattern(""), patterns)
        self.resolved: dict[str, ResolverMatch] = {}

    def resolve(self, path: Any) -> ResolverMatch:
        path = str(path)
        found = self.resolved.get(path)
        if found is None:
            found = super().resolve(path)
            if len(self.resolved) >= self.MAX_ADDRESSES:
                self.resolved.clear()
            self.resolved[path] = found
        return found
