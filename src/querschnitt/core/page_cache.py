"""Whole-page cache for anonymous visitors of public pages.

The key holds the municipality's content version, which moves on every save or delete of its
tenant data, so a change shows at once on every application server without purging anything.
Each process remembers municipality rows for anonymous views for a few seconds
(`selectors.municipality_by_slug_recent`); a change also moves MUNICIPALITY_STAMP in the
cache, which ends that memory in every process that shares the cache.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import get_language

CACHE_SECONDS = 600  # pages live no longer than their content version (CONTENT_LIFETIME)
CACHE_PREFIX = "public-page"
MUNICIPALITY_STAMP = "municipality-rows-changed"


def is_cacheable(request: HttpRequest) -> bool:
    """Anonymous GETs only: no session, no pending messages, no query string."""
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def page_key(request: HttpRequest) -> str:
    municipality = getattr(request, "municipality", None)
    version = municipality.content_version if municipality is not None else "platform"
    path = hashlib.sha256(request.path.encode()).hexdigest()
    return f"{CACHE_PREFIX}:{version}:{get_language()}:{path}"


def cached_page(request: HttpRequest) -> HttpResponse | None:
    """The cached page for this request, if a view decorated below has stored one."""
    if not is_cacheable(request):
        return None
    content = cache.get(page_key(request))
    return HttpResponse(content) if content is not None else None


def cache_public_page(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Store the view's rendered page for anonymous visitors; the middleware serves it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        if (hit := cached_page(request)) is not None:
            return hit
        key = page_key(request)
        municipality = getattr(request, "municipality", None)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200 and isinstance(response, HttpResponse):
            timeout = CACHE_SECONDS if municipality is not None else 60
            cache.set(key, response.content, timeout)
        return response

    return wrapper


def municipality_rows_changed() -> None:
    """Once the transaction commits, every process reads municipality rows afresh."""

    def move_stamp() -> None:
        cache.set(MUNICIPALITY_STAMP, uuid.uuid4().hex, None)

    transaction.on_commit(move_stamp, robust=True)


def municipality_content_changed(municipality_id: int) -> None:
    """The municipality's public data changed: its cached pages are stale."""
    from querschnitt.core.models import Municipality

    Municipality.objects.filter(pk=municipality_id).update(content_changed_at=timezone.now())
    municipality_rows_changed()


def content_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """Signal receiver: tenant data changed, so the municipality's cached pages are stale."""
    if getattr(sender, "shown_on_public_pages", False):
        municipality_content_changed(instance.municipality_id)  # type: ignore[attr-defined]


def municipality_saved(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """Signal receiver: a municipality's own row changed (settings, languages, theme)."""
    municipality_rows_changed()
