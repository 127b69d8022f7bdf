"""In Chromium: the public catalogue, an edition, what changed, a measure and the dashboard in
German and Arabic, with axe-core and at a phone's width; the dashboard's charts readable from
their tables."""

import pytest
from django_scopes import scopes_disabled

from conftest import axe_violations
from querschnitt.measures.models import Catalogue

pytestmark = pytest.mark.browser


def public_pages() -> list[str]:
    with scopes_disabled():
        editions = Catalogue.objects.filter(municipality__slug="bamberg").order_by("as_of")
        first, latest = editions.first(), editions.last()
    return [
        "/mannheim/massnahmen/",
        "/mannheim/massnahmen/M-01/",
        "/mannheim/steuerung/",
        "/bamberg/massnahmen/",
        "/bamberg/massnahmen/stand/2013-07-12/",
        f"/bamberg/massnahmen/stand/{latest.as_of.isoformat()}/aenderungen/",
        f"/bamberg/massnahmen/stand/{first.as_of.isoformat()}/aenderungen/",
        "/bamberg/steuerung/",
    ]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_catalogue_has_no_accessibility_violations(page, language) -> None:
    page.goto(f"/sprache/{language}/?next=/mannheim/")
    page.set_viewport_size({"width": 390, "height": 844})
    failures = {}
    for path in public_pages():
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        width = page.evaluate("document.documentElement.scrollWidth")
        found = axe_violations(page)
        if width > 390:
            found.append(f"scrolls sideways ({width} px)")
        if found:
            failures[path] = found
    assert failures == {}


def test_the_edition_of_12_07_2013_links_its_files(page) -> None:
    page.goto("/bamberg/massnahmen/")
    page.get_by_role("link", name="12.07.2013").first.click()
    page.wait_for_url("**/massnahmen/stand/2013-07-12/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator('a[href$="massnahmenkatalog.pdf"]').count() == 1
    assert page.locator('a[href$="massnahmenkatalog.xlsx"]').count() == 1
    page.goto("/mannheim/steuerung/")
    assert page.locator('a[href$="gewichte.csv"]').count() >= 1
    # every chart has a table of the same figures beside it
    assert page.locator("figure svg").count() <= page.locator("table").count()
