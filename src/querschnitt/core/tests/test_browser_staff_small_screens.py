"""In Chromium at 390 px: every staff page of the access matrix, as each role that may open it.

No page scrolls sideways, the heading is on the first screen, no select cuts its chosen option,
axe-core finds nothing. One browser context per role and language, reused for all of its
pages, keeps each test fast.
"""

from typing import Any

import pytest

from conftest import axe_violations, signed_in_context
from querschnitt.core.tests.access_helpers import MANNHEIM_ROLES
from querschnitt.core.tests.test_access_matrix import ACCESS, url_for

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
# Office staff see what the administrator sees, less; the administrator stands for both, and
# goes through every page once more in Arabic (right to left; axe ran in German already).
PASSES = [
    ("admin", "de"),
    ("liaison", "de"),
    ("body_member", "de"),
    ("representative", "de"),
    ("admin", "ar"),
]


# Files (a PDF sign-in sheet, an XLSX export) are downloads, not pages; so are pages whose
# address does not say so.
FILES = (".pdf", ".xlsx", ".csv", ".ics")
DOWNLOADS = {"staff:measures_export"}


def staff_pages(role: str) -> list[tuple[str, Any]]:
    return [
        (name, kwargs)
        for name, (kwargs, expected) in ACCESS.items()
        if name.startswith("staff:") and expected[role] == 200 and name not in DOWNLOADS
    ]


def context_for(browser: Any, live_server: Any, role: str, language: str) -> Any:
    viewport = {"width": WIDTH, "height": HEIGHT}
    context = signed_in_context(browser, live_server, MANNHEIM_ROLES[role], viewport=viewport)
    context.add_cookies([{"name": "qs_language", "value": language, "url": live_server.url}])
    return context


def layout(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const heading = document.querySelector('h1');
            const box = heading ? heading.getBoundingClientRect() : null;
            // A select shows its chosen option in full (no "Diese Zeile übers…").
            const pen = document.createElement('canvas').getContext('2d');
            const cut = Array.from(document.querySelectorAll('select')).filter(select => {
                if (!select.offsetParent || select.selectedIndex < 0) return false;
                const style = getComputedStyle(select);
                pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = select.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                return pen.measureText(select.options[select.selectedIndex].text).width > room;
            }).map(select => select.name);
            return {
                cutSelects: cut,
                scrollWidth: document.documentElement.scrollWidth,
                headingTop: box ? Math.round(box.top + window.scrollY) : null,
                headingVisible: !!box && box.width > 0 && box.height > 0,
            };
        }"""
    )


def axe_pages(role: str, language: str) -> set[str]:
    """axe-core checks each page type once, in German, as the first role of PASSES that may
    open it; the other roles see the same templates with fewer links (their layout is still
    checked)."""
    if language != "de":
        return set()
    earlier = PASSES[: PASSES.index((role, language))]
    seen = {name for other, lang in earlier if lang == "de" for name, _ in staff_pages(other)}
    return {name for name, _ in staff_pages(role)} - seen


# One test per pass, and the administrator's German pass (axe-core on ~160 pages, most of the
# time) in three parts, so that `pytest -n 2` shares them out evenly.
PARTS = {("admin", "de"): 3}
RUNS = [(*run, part) for run in PASSES for part in range(PARTS.get(run, 1))]


@pytest.mark.parametrize(("role", "language", "part"), RUNS)
@pytest.mark.django_db(transaction=True)
def test_every_staff_page_fits_a_phone(
    browser: Any, live_server: Any, demo: None, role: str, language: str, part: int
) -> None:
    failures = []
    axe_checked = axe_pages(role, language)
    context = context_for(browser, live_server, role, language)
    page = context.new_page()
    page.set_default_timeout(10_000)
    for name, kwargs in staff_pages(role)[part :: PARTS.get((role, language), 1)]:
        path = url_for(name, kwargs)
        if path.endswith(FILES):
            continue
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 200, (role, path)
        found = layout(page)
        where = f"{role} ({language}) {name} {path}"
        if found["scrollWidth"] > WIDTH:
            failures.append(f"{where}: scrolls sideways ({found['scrollWidth']} px)")
        if not found["headingVisible"] or found["headingTop"] >= HEIGHT:
            failures.append(f"{where}: h1 not on the first screen ({found['headingTop']} px)")
        if found["cutSelects"]:
            failures.append(f"{where}: chosen option cut in {found['cutSelects']}")
        if name in axe_checked:
            failures += [f"{where}: {violation}" for violation in axe_violations(page)]
    if role == "admin" and part == 0:
        # A confirm page is the answer to a POST: reach one through its button.
        page.goto(url_for("staff:signature_decide", ACCESS["staff:signature_decide"][0]))
        page.locator("form:has(input[value=accept]) button[type=submit]").click()
        page.locator(".qs-confirm__consequences").wait_for()
        found = layout(page)
        if found["scrollWidth"] > WIDTH or found["headingTop"] >= HEIGHT:
            failures.append(f"{role} ({language}) confirm page: {found}")
        if language == "de":
            failures += [f"confirm page: {violation}" for violation in axe_violations(page)]
    context.close()
    assert failures == [], "\n".join(failures)
