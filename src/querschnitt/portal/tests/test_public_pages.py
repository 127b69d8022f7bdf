"""The public pages: in the city's own words, in the visitor's language, accessible."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scope

from querschnitt.portal.models import AccessibilityFeedback


def page(path: str, language: str = "de") -> str:
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.django_db
def test_the_platform_lists_its_municipalities() -> None:
    body = page("/")
    assert 'href="/mannheim/"' in body
    assert 'href="/bamberg/"' in body
    assert "Beauftragter für Integration und Migration" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "office", "quote", "source"),
    [
        (
            "mannheim",
            "Beauftragter für Integration und Migration",
            "Als Stelle mit Querschnittsfunktion ist der Beauftragte",
            "Stadt Mannheim, Internetseite",
        ),
        (
            "bamberg",
            "Fachbereich Integration, Ehrenamt und Familie",
            "Integration wird als Querschnittsaufgabe begriffen",
            "Stadt Bamberg, Internetseite",
        ),
    ],
)
def test_the_start_page_quotes_the_city_and_names_the_source(slug, office, quote, source) -> None:
    body = page(f"/{slug}/")
    assert f'<h1 class="kern-heading-x-large" lang="de">{office}</h1>' in body
    assert quote in body
    assert "<blockquote" in body
    assert source in body
    assert f'href="/{slug}/leichte-sprache/"' in body


@pytest.mark.django_db
def test_mannheim_shows_its_four_fields_of_action() -> None:
    body = page("/mannheim/")
    for name in [
        "Kommunale Integrationspolitik",
        "Neuzuwanderung und Erstintegration",
        "Förderung der Teilhabe &amp; Chancengleichheit",
        "Förderung des Zusammenlebens in Vielfalt",
    ]:
        assert name in body


@pytest.mark.django_db
def test_every_page_links_the_accessibility_statement_and_the_feedback_route() -> None:
    for path in [
        "/mannheim/",
        "/mannheim/impressum/",
        "/mannheim/datenschutz/",
        "/mannheim/leichte-sprache/",
        "/mannheim/konto/anmelden/",
        "/mannheim/barrierefreiheit/rueckmeldung/",
    ]:
        body = page(path)
        assert 'href="/mannheim/barrierefreiheit/"' in body, path
        assert 'href="/mannheim/barrierefreiheit/rueckmeldung/"' in body, path
        assert 'href="/mannheim/impressum/"' in body, path
        assert 'href="/mannheim/datenschutz/"' in body, path


@pytest.mark.django_db
def test_english_pages_show_english_content() -> None:
    body = page("/mannheim/", "en")
    assert '<html lang="en" dir="ltr"' in body
    assert "As a cross-cutting office" in body
    assert "Municipal integration policy" in body


@pytest.mark.django_db
def test_arabic_reads_right_to_left_and_marks_german_fallback_text() -> None:
    body = page("/mannheim/", "ar")
    assert '<html lang="ar" dir="rtl"' in body
    assert re.search(r'<blockquote[^>]* lang="de" dir="ltr"', body)
    assert "qs-fallback-note" in body


@pytest.mark.django_db
def test_a_language_the_municipality_does_not_offer_falls_back_to_german() -> None:
    body = page("/mannheim/", "fa")
    assert '<html lang="de" dir="ltr"' in body
    assert 'hreflang="fa"' not in body


@pytest.mark.django_db
def test_the_language_switch_sets_a_cookie_and_returns() -> None:
    client = Client()
    response = client.get("/sprache/ar/?next=/bamberg/")
    assert response.status_code == 302
    assert response["Location"] == "/bamberg/"
    assert client.get("/bamberg/").content.decode().startswith('<!doctype html>\n<html lang="ar"')
    evil = client.get("/sprache/en/?next=https://evil.example/")
    assert evil["Location"] == "/"


@pytest.mark.django_db
def test_the_start_page_describes_the_office_as_json_ld() -> None:
    body = page("/bamberg/")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert match is not None
    data = json.loads(match.group(1))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Fachbereich Integration, Ehrenamt und Familie"
    assert data["parentOrganization"]["name"] == "Bamberg"


@pytest.mark.django_db
def test_the_easy_language_page_is_german_easy_language() -> None:
    body = page("/mannheim/leichte-sprache/", "en")
    assert "Das ist die Internet-Seite von der Stadt Mannheim" in body
    assert 'lang="de"' in body


@pytest.mark.django_db
def test_a_reported_barrier_reaches_the_office(mannheim) -> None:
    client = Client()
    response = client.post(
        "/mannheim/barrierefreiheit/rueckmeldung/",
        {
            "page_url": "/mannheim/",
            "message": "Der Kontrast der Links ist zu schwach.",
            "email": "",
        },
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        assert AccessibilityFeedback.objects.filter(message__contains="Kontrast").exists()
    assert mail.outbox[0].to == ["integration@mannheim.example"]
    assert "Kontrast" in mail.outbox[0].body


@pytest.mark.django_db
def test_feedback_from_a_bot_is_dropped_and_an_empty_message_is_an_error(mannheim) -> None:
    client = Client()
    client.post(
        "/mannheim/barrierefreiheit/rueckmeldung/",
        {"message": "Spam", "website": "http://spam.example"},
    )
    empty = client.post("/mannheim/barrierefreiheit/rueckmeldung/", {"message": ""})
    assert empty.status_code == 200
    assert "kern-error" in empty.content.decode()
    with scope(municipality=mannheim):
        assert not AccessibilityFeedback.objects.filter(message="Spam").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_feedback_is_rate_limited_per_address() -> None:
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="192.0.2.10")
    statuses = [
        client.post("/mannheim/barrierefreiheit/rueckmeldung/", {"message": f"Nr. {n}"}).status_code
        for n in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 302, 429]
    cache.clear()


@pytest.mark.django_db
def test_office_staff_edit_a_public_page_in_two_languages() -> None:
    from conftest import signed_in_client

    client = signed_in_client("team@mannheim.example")
    response = client.post(
        "/mannheim/verwaltung/seiten/impressum/",
        {"body_de": "Neues Impressum.", "body_en": "New imprint.", "body_ar": ""},
    )
    assert response.status_code == 302
    assert "Neues Impressum." in page("/mannheim/impressum/")
    assert "New imprint." in page("/mannheim/impressum/", "en")
    arabic = page("/mannheim/impressum/", "ar")
    assert "Neues Impressum." in arabic
    assert "qs-fallback-note" in arabic
    missing_german = client.post(
        "/mannheim/verwaltung/seiten/impressum/", {"body_en": "Only English"}
    )
    assert missing_german.status_code == 200


@pytest.mark.django_db
def test_the_overview_promises_only_what_the_apps_provide() -> None:
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Netzwerk lokaler Organisationen und Initiativen" in page
    assert "ein Kalender ihrer Veranstaltungen" in page
    assert "ihr Maßnahmenkatalog und wie weit er gediehen ist" in page
    assert "ihre Gremien und Beiräte, ihre Sitzungen und Vorlagen" in page
    assert "ihr Integrationsmonitoring: Kennzahlen über die Jahre, mit ihren Quellen" in page
    assert '<meta name="description" content="Querschnitt' in page


PAGE_TYPES = [
    "/",
    "/impressum/",
    "/mannheim/",
    "/mannheim/akteure/",
    "/mannheim/akteure/eintragen/",
    "/mannheim/erklaerungen/mannheimer-erklaerung/",
    "/mannheim/erklaerungen/mannheimer-erklaerung/unterzeichnen/",
    "/mannheim/buendnisse/mannheimer-buendnis/",
    "/mannheim/barrierefreiheit/",
    "/mannheim/barrierefreiheit/rueckmeldung/",
]


@pytest.mark.django_db
def test_every_public_page_type_describes_itself_for_search_engines() -> None:
    descriptions = {}
    for path in PAGE_TYPES:
        page = Client().get(path).content.decode()
        found = re.search(r'<meta name="description" content="([^"]+)">', page)
        assert found is not None, path
        assert len(found.group(1)) > 30, path
        descriptions[path] = found.group(1)
        # htmx must not add its inline style, which the CSP refuses (a console error).
        assert '"includeIndicatorStyles": false' in page, path
        assert ">Start<" not in page, path  # a link text that says where it leads
    assert len(set(descriptions.values())) >= len(PAGE_TYPES) - 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "body", "email"),
    [
        ("mannheim", "Landeszentrums Barrierefreiheit", "schlichtung@barrierefreiheit.bwl.de"),
        ("bamberg", "Landesamt für Digitalisierung", "bitv@bayern.de"),
    ],
)
def test_the_accessibility_statement_names_and_links_the_enforcement_body(
    slug, body, email
) -> None:
    page = Client().get(f"/{slug}/barrierefreiheit/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Durchsetzungsverfahren" in page
    assert body in page
    assert f'href="mailto:{email}"' in page
    assert "Schlichtungsstelle Ihres Landes" not in page


@pytest.mark.django_db
def test_the_office_sets_its_enforcement_body(client_for, mannheim) -> None:
    admin = client_for("admin@mannheim.example")
    page = admin.get("/mannheim/verwaltung/einstellungen/").content.decode()
    for name in ("enforcement_body_name", "enforcement_body_url", "enforcement_body_email"):
        assert f'name="{name}"' in page, name
