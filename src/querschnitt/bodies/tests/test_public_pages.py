"""The public pages of bodies, meetings and papers as a visitor reads them: the day of a
meeting in words, a description of each page of its own, the paper search that pages (with
htmx) and says which results are shown, the month calendar that does the same, search fields
without "optional", and an error summary for a date that is none."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.bodies.models import Meeting, Paper
from querschnitt.core.tests.audit_pages import audited_pages

pytestmark = pytest.mark.django_db
GENERIC = "Integration and migration in Mannheim: the integration office"


def visitor(language: str = "en") -> Client:
    client = Client()
    client.cookies["qs_language"] = language
    return client


def text_of(path: str, language: str = "en", **headers: str) -> str:
    response = visitor(language).get(path, headers=headers)
    assert response.status_code == 200, path
    return response.content.decode()


def description(page: str) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert found is not None
    return html.unescape(found[1])


@pytest.fixture
def meeting(db) -> Meeting:
    with scopes_disabled():
        found = Meeting.objects.filter(
            municipality__slug="mannheim", published_at__isnull=False, body__is_public=True
        ).first()
    assert found is not None
    return found


@pytest.fixture
def paper(db) -> Paper:
    with scopes_disabled():
        found = Paper.objects.filter(
            municipality__slug="mannheim", public=True, published_at__isnull=False
        ).first()
    assert found is not None
    return found


WEEKDAYS_DE = "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag"


def test_a_meeting_says_its_day_and_hour_in_words(meeting) -> None:
    for path in (f"/mannheim/sitzungen/{meeting.pk}/", "/mannheim/gremien/migrationsbeirat/"):
        page = text_of(path, "de")
        assert re.search(rf"({WEEKDAYS_DE}), \d{{1,2}}\. \w+ \d{{4}}, \d\d:\d\d", page), path
        assert "CET" not in page
        assert "+0100" not in page
        assert "+0200" not in page
    arabic = text_of(f"/mannheim/sitzungen/{meeting.pk}/", "ar")
    assert re.search(r"[\u0600-\u06ff]+، \d{1,2} [\u0600-\u06ff]+، \d{4}، \d\d:\d\d", arabic)


def test_every_public_page_type_describes_itself(meeting, paper) -> None:
    pages = [
        "/mannheim/gremien/",
        "/mannheim/gremien/migrationsbeirat/",
        "/mannheim/sitzungen/",
        f"/mannheim/sitzungen/{meeting.pk}/",
        "/mannheim/vorlagen/",
        f"/mannheim/vorlagen/{paper.pk}/",
        "/mannheim/abonnieren/?gremium=migrationsbeirat",
    ]
    found = {path: description(text_of(path)) for path in pages}
    assert all(GENERIC not in text and text for text in found.values()), found
    assert len(set(found.values())) == len(pages)
    assert meeting.body.name in found[f"/mannheim/sitzungen/{meeting.pk}/"]


def test_left_to_right_values_are_isolated_in_arabic(meeting, paper) -> None:
    page = text_of(f"/mannheim/sitzungen/{meeting.pk}/", "ar")
    assert re.search(
        r'<dd class="kern-description-list-item__value"><bdi lang="de" dir="ltr">', page
    )
    page = text_of(f"/mannheim/vorlagen/{paper.pk}/", "ar")
    assert f'<bdi dir="ltr">{paper.reference}</bdi>' in page


@pytest.fixture
def many_papers(db) -> int:
    """Enough public papers for three pages of the search."""
    with scopes_disabled():
        mannheim = Paper.objects.filter(municipality__slug="mannheim").first().municipality
        today = timezone.localdate()
        for number in range(45):
            Paper.objects.create(
                municipality=mannheim,
                reference=f"P 2099/{number:03}",
                name=f"Prüfvorlage {number}",
                paper_type=Paper.Type.SUBMISSION,
                date=today - timedelta(days=number),
                public=True,
                published_at=timezone.now(),
            )
        return Paper.objects.filter(
            municipality=mannheim, public=True, published_at__isnull=False
        ).count()


def test_the_paper_search_pages_by_htmx_and_says_which_results_are_shown(many_papers) -> None:
    page = text_of("/mannheim/vorlagen/")
    assert "Results 1–20 of more than" in page or f"Results 1–20 of {many_papers}" in page
    found = re.search(r'rel="next" href="\?(nach=[^"]+)"', page)
    assert found is not None
    query = html.unescape(found[1])
    assert query.endswith("&ab=21")
    second = visitor().get(f"/mannheim/vorlagen/?{query}", headers={"HX-Request": "true"})
    assert "HX-Request" in second["Vary"]
    fragment = second.content.decode()
    assert "<html" not in fragment
    assert "<h1" not in fragment
    assert re.search(r"data-qs-focus-start>Results 21–40 of", fragment)
    assert 'hx-target="#paper-results"' in fragment
    # without htmx (a bookmark, no JavaScript) the same address is the whole page
    whole = text_of(f"/mannheim/vorlagen/?{query}")
    assert "<h1" in whole
    assert 'id="paper-results" data-qs-focus-after-swap' in whole


def test_the_search_fields_are_not_optional_and_a_wrong_date_leads_with_a_summary() -> None:
    page = text_of("/mannheim/vorlagen/")
    assert "optional" not in page
    page = text_of("/mannheim/vorlagen/?date_from=2026-13-45")
    assert "data-qs-error-summary" in page
    assert 'href="#id_date_from"' in page
    assert page.index("data-qs-error-summary") < page.index('role="search"')


def test_the_calendar_pages_by_month_with_htmx(meeting) -> None:
    month = timezone.localtime(meeting.start).strftime("%Y-%m")
    response = visitor().get(f"/mannheim/sitzungen/?monat={month}", headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert re.search(
        r'<h2 class="kern-heading-medium" tabindex="-1" data-qs-focus-start>', fragment
    )
    assert f"/mannheim/sitzungen/{meeting.pk}/" in fragment
    assert 'hx-target="#meeting-month"' in fragment
    assert "HX-Request" in response["Vary"]


def test_make_audit_runs_lighthouse_over_every_public_page_type() -> None:
    pages = audited_pages()
    page_types = {
        "bodies:body_list",
        "bodies:body_detail",
        "bodies:meeting_calendar",
        "bodies:meeting_detail",
        "bodies:paper_search",
        "bodies:paper_detail",
        "bodies:subscribe",
    }
    assert page_types <= set(pages), page_types - set(pages)
    for name in page_types:
        assert visitor("de").get(pages[name]).status_code == 200, pages[name]
