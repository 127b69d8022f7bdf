"""Reversing URLs of one municipality without repeating its slug everywhere."""

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

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
