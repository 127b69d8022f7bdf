"""Shared fixtures: the demo municipalities are loaded once per test database."""

import atexit
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import TOTP
from django_scopes import scopes_disabled
from hypothesis.database import DirectoryBasedExampleDatabase

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded and demo files of a test run go to a folder of their own, removed at the end.
settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="querschnitt-test-media-")
atexit.register(shutil.rmtree, settings.MEDIA_ROOT, ignore_errors=True)
settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Property tests: `make test` (the gate, and CI) tries the same examples on every run, so that
# it passes or fails on the code alone; `make explore` (`--hypothesis-profile=explore`) draws
# new ones and keeps those that failed under var/ to try first next time. Neither has a
# deadline, and the gate has no check of how long examples take to draw: speed is measured by
# the benchmarks, never asserted in a test. Both stand on Hypothesis's own defaults, not on the
# settings it loads by itself where it sees a CI (derandomized, without a database): what a
# profile does must not depend on where it runs.
_hypothesis_defaults = hypothesis.settings.get_profile("default")
hypothesis.settings.register_profile(
    "gate",
    parent=_hypothesis_defaults,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
    print_blob=True,
)
hypothesis.settings.register_profile(
    "explore",
    parent=_hypothesis_defaults,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(Path(__file__).parent / "var" / "hypothesis"),
    deadline=None,
    print_blob=True,
)
hypothesis.settings.load_profile("gate")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from querschnitt.core.demo.loader import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Each test starts with empty caches (the database is rolled back between tests) and in
    the default language (a test that activated another must not decide the next one's)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from querschnitt.core import chrome, form_markup, selectors, start_page, versioned

    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()
    selectors._recent.clear()
    chrome.clear_sections()
    versioned.forget()
    form_markup.forget_markup()
    start_page.forget_sections()


@pytest.fixture(autouse=True)
def _frozen_editions_can_be_flushed(request: Any) -> Iterator[None]:
    """A test on a transactional database ends with Django emptying every table; SQLite does
    it with DELETE, which the triggers guarding frozen editions of the catalogue refuse
    (`measures/frozen.py`). Before that, the triggers go; the flush's migration signal puts
    them back. (This fixture is set up after the database's, so it ends before it.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection

    from querschnitt.measures.frozen import drop_triggers

    if connection.vendor == "sqlite":
        drop_triggers(connection)


_demo_snapshot: list[sqlite3.Connection] = []


@pytest.fixture
def demo(transactional_db: Any) -> None:
    """For tests on a transactional database (browser tests): the demo, loaded again.

    On SQLite the first load is copied aside with SQLite's backup API and copied back for every
    later test (milliseconds instead of seconds of loading): the database holds exactly what
    the loader wrote, and the caches are emptied per test anyway."""
    from django.db import connection

    from querschnitt.core.demo.loader import load_demo

    if connection.vendor != "sqlite":
        load_demo()
        return
    connection.ensure_connection()
    if _demo_snapshot:
        _demo_snapshot[0].backup(connection.connection)
        return
    load_demo()
    snapshot = sqlite3.connect(":memory:")
    connection.connection.backup(snapshot)
    _demo_snapshot.append(snapshot)


@pytest.fixture
def unscoped() -> Iterator[None]:
    with scopes_disabled():
        yield


@pytest.fixture
def mannheim(db: Any) -> Any:
    from querschnitt.core.models import Municipality

    return Municipality.objects.get(slug="mannheim")


@pytest.fixture
def bamberg(db: Any) -> Any:
    from querschnitt.core.models import Municipality

    return Municipality.objects.get(slug="bamberg")


def demo_totp_code(email: str) -> str:
    from querschnitt.core.demo.users import PLATFORM_OPERATOR, DemoUser

    demo = PLATFORM_OPERATOR if email == PLATFORM_OPERATOR.email else DemoUser(email, "", None)
    return f"{TOTP(bytes.fromhex(demo.totp_key_hex)).token():06d}"


def signed_in_client(email: str, *, verified: bool = True) -> Client:
    """A client signed in as a demo user, past the second factor where the user has one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from querschnitt.accounts.models import User

    client = Client()
    user = User.objects.get(email=email)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if verified and device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def public_page(path: str, language: str, *, forget: bool = False) -> bytes:
    """The page as an anonymous visitor in `language` gets it from its view, not from the page
    cache; with `forget`, also with nothing remembered per content version (`core.versioned`)."""
    from django.core.cache import cache

    from querschnitt.core import selectors, versioned

    if forget:
        versioned.forget()
    cache.clear()
    selectors._recent.clear()  # anonymous views may read the municipality 3 seconds late
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content


def content_moved(municipality: Any) -> None:
    """As a change of other public data does: the content version moves, the rows stay."""
    from django.utils import timezone

    from querschnitt.core.models import Municipality

    Municipality.objects.filter(pk=municipality.pk).update(content_changed_at=timezone.now())


@pytest.fixture
def client_for() -> Any:
    return signed_in_client


CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls of the
    # tests themselves are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, demo: None) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def signed_in_context(browser: Any, live_server: Any, email: str, **options: Any) -> Any:
    """A browser context signed in as a demo user, past the second factor (the session of
    `signed_in_client`), without going through the sign-in pages."""
    client = signed_in_client(email)
    context = browser.new_context(base_url=live_server.url, **{"locale": "de-DE", **options})
    cookie = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    return context


def axe_violations(page: Any) -> list[str]:
    """The WCAG 2.1 A/AA violations that axe-core finds on the page, readable."""
    from axe_playwright_python.sync_playwright import Axe

    # a navigation that has begun but not loaded leaves axe a document without a root
    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}× e.g. "
        f"{violation['nodes'][0]['target']})"
        for violation in results.response["violations"]
    ]
