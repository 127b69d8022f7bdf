"""The visitor's address, also behind trusted reverse proxies."""

from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from querschnitt.core.ratelimit import client_address


def request_from(remote: str, forwarded: str = "") -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_proxies_the_socket_address_counts() -> None:
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(PROXY_COUNT=1)
def test_behind_one_proxy_the_last_forwarded_address_counts() -> None:
    spoofed = request_from("10.0.0.2", "198.51.100.66, 203.0.113.7")
    assert client_address(spoofed) == "203.0.113.7"


@override_settings(PROXY_COUNT=2)
def test_a_short_forwarded_header_falls_back_to_the_socket_address() -> None:
    assert client_address(request_from("10.0.0.2", "203.0.113.7")) == "10.0.0.2"
