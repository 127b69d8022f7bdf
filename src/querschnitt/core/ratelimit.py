"""A small fixed-window rate limit for public forms, kept in the shared cache."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address; behind QS_PROXY_COUNT trusted proxies, taken from X-Forwarded-For.

    Each proxy appends the address it received the request from, so the client is the entry
    that many places from the right; anything further left was written by the client itself.
    """
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count this request; True once `limit` requests came from one address in `window` seconds."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_address(request) or 'unknown'}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > limit
