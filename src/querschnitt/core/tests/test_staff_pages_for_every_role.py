"""Every role on every staff page: nothing cached, no link that leads to a 403, a 403 logged
as one line."""

import logging
import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve

from conftest import signed_in_client
from querschnitt.core.tests.access_helpers import MANNHEIM_ROLES, OPERATOR
from querschnitt.core.tests.test_access_matrix import ACCESS, client_for_role, url_for

PRIVATE_ACCOUNT_PAGES = {
    "accounts:account",
    "accounts:email_change",
    "accounts:password_change",
    "accounts:recovery_codes",
    "accounts:totp_setup",
    "accounts:second_factor",
}
ROLES_WITH_PAGES = [*MANNHEIM_ROLES, "operator"]


def pages_of(role: str) -> list[str]:
    """The staff pages (and private account pages) that the role opens."""
    return [
        url_for(name, kwargs)
        for name, (kwargs, expected) in ACCESS.items()
        if (name.startswith("staff:") or name in PRIVATE_ACCOUNT_PAGES) and expected[role] == 200
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_WITH_PAGES)
def test_staff_pages_are_never_stored_in_a_cache(role: str) -> None:
    client = client_for_role(role)
    pages = pages_of(role)
    assert pages
    stored = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        if not {"private", "no-store"} <= directives:
            stored.append(f"{url}: {response.get('Cache-Control')!r}")
    assert stored == []


LINK = re.compile(r'(?:href|hx-get)="(/mannheim/verwaltung/[^"#]*)"')
SAME_VIEW_LINKS = 3  # the permission is the view's: rows of one list need not all be followed


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES_WITH_PAGES)
def test_no_staff_page_links_to_a_page_the_role_may_not_open(role: str) -> None:
    client = client_for_role(role)
    links: dict[str, str] = {}
    per_view: Counter[str] = Counter()
    for page in pages_of(role):
        response = client.get(page)
        if not response["Content-Type"].startswith("text/html"):
            continue  # a file (PDF, XLSX) links nowhere
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            view = resolve(link.split("?")[0]).view_name
            if link not in links and per_view[view] < SAME_VIEW_LINKS:
                per_view[view] += 1
                links[link] = page
    assert links
    forbidden = [
        f"{link} (linked from {page})"
        for link, page in links.items()
        if client.get(link).status_code == 403
    ]
    assert forbidden == []


@pytest.mark.django_db
def test_a_refused_request_is_logged_as_one_line(caplog: Any) -> None:
    client = signed_in_client("dienststelle@mannheim.example")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/mannheim/verwaltung/einstellungen/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [
        "Forbidden (Permission denied): /mannheim/verwaltung/einstellungen/"
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_the_operator_and_anonymous_get_no_cached_staff_redirects() -> None:
    for client in (Client(), signed_in_client(OPERATOR, verified=False)):
        response = client.get("/mannheim/verwaltung/")
        assert response.status_code == 302
        assert "no-store" in response["Cache-Control"]
