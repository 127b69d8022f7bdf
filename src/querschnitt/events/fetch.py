"""Fetching an external calendar: http(s) only, within a time limit and a size limit, never
from the deployment's own network (unless the operator allows it, as the tests do with a
local server)."""

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK = 64 * 1024


class FetchError(Exception):
    """The calendar could not be fetched; the message says why, for the office."""


def calendar_url_check(url: str) -> str:
    """The address as it is fetched (`webcal://` is https); ValidationError if unusable."""
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Give an address that begins with https://.")})
    return url


def _address_allowed(host: str) -> bool:
    if settings.EVENTS_IMPORT_PRIVATE_ADDRESSES:
        return True
    try:
        found = socket.getaddrinfo(host, None)
    except OSError:
        return True  # fails later with "could not be reached"
    for *_rest, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if not address.is_global:
            return False
    return True


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        host = urlsplit(newurl).hostname or ""
        if urlsplit(newurl).scheme not in ("http", "https") or not _address_allowed(host):
            raise FetchError(
                _("The calendar's address leads somewhere it may not be fetched from.")
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_calendar(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> bytes:
    """The calendar's bytes; FetchError with a reason the office can act on."""
    timeout = timeout if timeout is not None else settings.EVENTS_IMPORT_TIMEOUT
    max_bytes = max_bytes if max_bytes is not None else settings.EVENTS_IMPORT_MAX_BYTES
    url = calendar_url_check(url)
    host = urlsplit(url).hostname or ""
    if not _address_allowed(host):
        raise FetchError(_("This address lies in a private network and is not fetched."))
    megabytes = max_bytes / 1_000_000
    too_large = _("The calendar is larger than %(mb).1f MB and was not imported.") % {
        "mb": megabytes
    }
    too_slow = _("The calendar did not answer within %(seconds)d seconds.") % {"seconds": timeout}
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"User-Agent": "Querschnitt calendar import", "Accept": "text/calendar"}
    )
    opener = urllib.request.build_opener(_CheckedRedirects)
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(too_large)
            content = bytearray()
            while chunk := response.read(CHUNK):
                content += chunk
                if len(content) > max_bytes:
                    raise FetchError(too_large)
                if time.monotonic() > deadline:
                    raise FetchError(too_slow)
            return bytes(content)
    except urllib.error.HTTPError as error:
        raise FetchError(
            _("The calendar's address answered with the error %(status)d.") % {"status": error.code}
        ) from error
    except TimeoutError as error:
        raise FetchError(too_slow) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise FetchError(too_slow) from error
        raise FetchError(_("The calendar's address could not be reached.")) from error
    except (OSError, ValueError) as error:
        raise FetchError(_("The calendar's address could not be reached.")) from error
