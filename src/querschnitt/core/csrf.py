"""The CSRF token of a page: Django's `get_token`, its random strings drawn faster.

Django draws the session's secret and every page's mask with `get_random_string`, one
`secrets.choice` and so one system call for each of their 32 characters: ~50 µs a string,
~115 µs a page that has no CSRF cookie yet, ~65 µs a page that has one. Here each string
comes from one `os.urandom` call, every character as uniform over the 62 allowed ones as
`secrets.choice` makes it (a byte of 248 or more is dropped, the others taken modulo 62). The
rest is Django's: the secret is the cookie's while it has one (else a new one that the
middleware sets as the cookie), the token is that secret masked anew on every request, and
`CsrfViewMiddleware` checks it as it checks its own.
"""

import os
from functools import partial
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.functional import SimpleLazyObject

# 248 = 4 × 62: every allowed character stands for four byte values, the last eight are dropped
_USABLE = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_TO_CHARS = bytes(
    ord(CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]) if byte < _USABLE else 0
    for byte in range(256)
)
_DROPPED = bytes(range(_USABLE, 256))
# a character of the secret and one of the mask: the cipher's character (62 × 62 pairs)
_SHIFTED = {
    (plain, shift): CSRF_ALLOWED_CHARS[(i + j) % len(CSRF_ALLOWED_CHARS)]
    for i, plain in enumerate(CSRF_ALLOWED_CHARS)
    for j, shift in enumerate(CSRF_ALLOWED_CHARS)
}


def random_string(length: int = CSRF_SECRET_LENGTH) -> str:
    """`get_random_string(length, CSRF_ALLOWED_CHARS)`, from one system call."""
    drawn = b""
    while len(drawn) < length:  # 8 of 256 byte values are dropped: rarely more than once
        drawn += os.urandom(length + 8).translate(_TO_CHARS, _DROPPED)
    return drawn[:length].decode("ascii")


def masked(secret: str) -> str:
    """Django's `_mask_cipher_secret`: a new mask, and the secret shifted by it."""
    mask = random_string()
    return mask + "".join(map(_SHIFTED.__getitem__, zip(secret, mask, strict=True)))


def get_token(request: HttpRequest) -> str:
    """Django's `get_token`: the session's secret (the cookie's, or a new one that the
    middleware sets as the cookie), masked for this request."""
    if "CSRF_COOKIE" in request.META:
        secret = request.META["CSRF_COOKIE"]
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # renews the cookie's expiry, as Django
    else:
        secret = random_string()
        request.META.update({"CSRF_COOKIE": secret, "CSRF_COOKIE_NEEDS_UPDATE": True})
    return masked(secret)


def csrf(request: HttpRequest) -> dict[str, Any]:
    """Context processor after Django's own `csrf`, whose `csrf_token` it replaces."""
    return {"csrf_token": SimpleLazyObject(partial(get_token, request))}
