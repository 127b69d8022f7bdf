"""In Chromium: the office prepares a meeting (agenda with a public and a non-public part),
publishes it and sends the invitation; then minutes a meeting (attendance, result, minutes,
held). axe-core finds nothing on any page; staff pages do not scroll sideways at 390 px."""

import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from conftest import axe_violations, demo_totp_code
from querschnitt.accounts.models import User
from querschnitt.bodies.models import Body, File, Meeting, Paper
from querschnitt.bodies.services.meetings import agenda_item_create, meeting_create

pytestmark = pytest.mark.browser
EMAIL = "team@mannheim.example"


def sign_in(page: Any, path: str) -> None:
    page.goto(path)
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code(EMAIL))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**{path}")


def checked(page: Any) -> None:
    """No accessibility violation, and no sideways scrolling on a phone."""
    assert axe_violations(page) == [], page.url
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways: {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_prepare_publish_and_invite_to_a_meeting(page: Any, browser: Any, live_server: Any) -> None:
    sign_in(page, "/mannheim/verwaltung/sitzungen/neu/")
    checked(page)
    day = timezone.localdate() + timedelta(days=12)
    page.get_by_label("Gremium").select_option(label="Migrationsbeirat")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Beginn um").fill("18:00")
    page.get_by_role("button", name="Sitzung ansetzen").click()
    page.wait_for_url(re.compile(r"/verwaltung/sitzungen/\d+/$"))
    meeting_url = page.url
    checked(page)

    for name, public in (
        ("Sprachcafés im Stadtteil", True),
        ("Personalangelegenheit im Beirat", False),
    ):
        page.get_by_role("link", name="Punkt hinzufügen").click()
        page.wait_for_url("**/tagesordnung/neu/")
        checked(page)
        page.get_by_label("Gegenstand").fill(name)
        if not public:
            page.get_by_label("Öffentlich").uncheck()
        page.get_by_role("button", name="Speichern").click()
        page.wait_for_url(re.compile(r"/verwaltung/sitzungen/\d+/"))
    expect(page.get_by_role("heading", name="Nichtöffentlicher Teil")).to_be_visible()
    checked(page)
    # the non-public item cannot move above the public part: refused with the reason
    page.get_by_role("button", name="Punkt 2 nach oben").click()
    expect(page.locator(".qs-messages")).to_contain_text(
        "öffentliche Teil kommt vor dem nichtöffentlichen"
    )
    checked(page)

    page.get_by_role("link", name="Öffentliche Tagesordnung veröffentlichen").click()
    page.wait_for_url("**/schritt/*/")
    checked(page)
    page.get_by_role("button", name="Sitzung veröffentlichen").click()
    expect(page.locator(".qs-messages")).to_contain_text("veröffentlicht")

    page.get_by_role("link", name="Einladung versenden").click()
    page.wait_for_url("**/einladen/")
    checked(page)
    page.get_by_label("Nachricht an die Mitglieder").fill("Wir freuen uns auf Sie.")
    page.get_by_role("button", name="Einladung versenden").click()
    # the confirm page says who gets it; nothing has gone out yet
    expect(page.locator(".qs-confirm__consequences")).to_contain_text("19 Mitglieder erhalten")
    assert mail.outbox == []
    checked(page)
    # the test's task backend renders and sends all 19 PDFs inside this request
    page.get_by_role("button", name="Ja, Einladung versenden").click(timeout=60_000)
    page.wait_for_url(meeting_url, timeout=60_000)
    expect(page.locator("#invitation-progress")).to_contain_text("19 von 19 Einladungen versandt")
    checked(page)
    assert len(mail.outbox) == 19
    assert mail.outbox[0].attachments[0][2] == "application/pdf"

    visitor = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    public_url = meeting_url.replace(live_server.url, "").replace("/verwaltung", "")
    for language in ("de", "ar"):
        visitor.goto(f"/sprache/{language}/?next={public_url}")
        expect(visitor.locator("main")).to_contain_text("Sprachcafés im Stadtteil")
        expect(visitor.locator("main")).not_to_contain_text("Personalangelegenheit")
        assert visitor.locator("html").get_attribute("dir") == (
            "rtl" if language == "ar" else "ltr"
        )
        assert axe_violations(visitor) == [], language
    visitor.context.close()


def test_minute_a_meeting(page: Any) -> None:
    with scopes_disabled():
        office = User.objects.get(email=EMAIL)
        body = Body.objects.get(municipality__slug="mannheim", slug="migrationsbeirat")
        start = datetime.combine(
            timezone.localdate() - timedelta(days=1),
            time(18),
            tzinfo=timezone.get_default_timezone(),
        )
        meeting = meeting_create(body=body, by=office, start=start)
        agenda_item_create(meeting=meeting, by=office, name="Stellungnahme zum Wohnraumkonzept")
    url = f"/mannheim/verwaltung/sitzungen/{meeting.pk}/"
    sign_in(page, url)
    checked(page)

    page.get_by_role("link", name="Anwesenheit erfassen").click()
    page.wait_for_url("**/anwesenheit/")
    checked(page)
    for select in page.locator("main select").all():
        select.select_option(label="anwesend")
    page.get_by_role("button", name="Anwesenheit speichern").click()
    page.wait_for_url(f"**{url}")

    page.get_by_role("link", name="Ergebnis zu Punkt 1").click()
    page.wait_for_url("**/ergebnis/")
    checked(page)
    page.get_by_role("radio", name="empfohlen").check()
    page.get_by_label(re.compile("^Beschluss")).fill(
        "Der Beirat empfiehlt das Konzept mit Änderungen."
    )
    page.get_by_label("Ja-Stimmen").fill("15")
    page.get_by_label("Nein-Stimmen").fill("2")
    page.get_by_label("Enthaltungen").fill("1")
    page.get_by_label("Der Beschluss ist umzusetzen").check()
    page.get_by_role("button", name="Ergebnis speichern").click()
    page.wait_for_url(re.compile(rf"{url}#top-\d+$"))
    expect(page.locator("main")).to_contain_text("15 / 2 / 1")

    page.get_by_role("button", name="Niederschrift aus den Ergebnissen erstellen").click()
    expect(page.locator(".qs-confirm__consequences")).to_contain_text("als PDF")
    checked(page)
    page.get_by_role("button", name="Niederschrift erstellen").click()
    expect(page.locator(".qs-messages")).to_contain_text("Niederschrift wurde")
    page.get_by_role("link", name="Als durchgeführt markieren").click()
    page.wait_for_url("**/schritt/*/")
    checked(page)
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(page.locator(".kern-preline")).to_contain_text("durchgeführt")
    checked(page)
    with scopes_disabled():
        minutes = File.objects.get(meeting=meeting, role=File.Role.RESULTS_PROTOCOL)
        assert "Wohnraumkonzept" in minutes.text
        assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.HELD

    for path in (
        "gremien/",
        f"gremien/{body.pk}/",
        "sitzungen/",
        "vorlagen/",
        "beschluesse/",
        "personen/",
    ):
        page.goto(f"/mannheim/verwaltung/{path}")
        checked(page)


def test_the_public_pages_in_german_and_arabic(page: Any) -> None:
    with scopes_disabled():
        meeting = Meeting.objects.filter(
            municipality__slug="mannheim", published_at__isnull=False, state="held"
        ).first()
        assert meeting is not None
        paper = Paper.objects.filter(
            municipality__slug="mannheim", public=True, published_at__isnull=False
        ).first()
        assert paper is not None
    pages = [
        "/mannheim/gremien/",
        "/mannheim/gremien/migrationsbeirat/",
        "/mannheim/sitzungen/",
        f"/mannheim/sitzungen/{meeting.pk}/",
        "/mannheim/vorlagen/?q=Sprach",
        f"/mannheim/vorlagen/{paper.pk}/",
        "/mannheim/abonnieren/?gremium=migrationsbeirat",
        "/mannheim/",
    ]
    for language in ("de", "ar"):
        for path in pages:
            page.goto(f"/sprache/{language}/?next={path}")
            assert page.locator("html").get_attribute("lang") == language
            assert axe_violations(page) == [], f"{language} {path}"
    # the search works with the keyboard alone
    page.goto("/sprache/de/?next=/mannheim/vorlagen/")
    page.get_by_label("Suchwörter").focus()
    page.keyboard.type("Kommunalwahl")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Mehrsprachige Informationen zur Kommunalwahl")


def test_paging_papers_and_months_moves_the_focus_and_says_what_is_shown(page: Any) -> None:
    with scopes_disabled():
        mannheim = Body.objects.get(municipality__slug="mannheim", slug="migrationsbeirat")
        for number in range(30):
            Paper.objects.create(
                municipality=mannheim.municipality,
                reference=f"P 2099/{number:03}",
                name=f"Prüfvorlage {number}",
                paper_type=Paper.Type.SUBMISSION,
                date=timezone.localdate() - timedelta(days=number),
                public=True,
                published_at=timezone.now(),
            )
    page.goto("/sprache/de/?next=/mannheim/vorlagen/")
    results = page.locator(".qs-bodies-range")
    expect(results).to_contain_text("Ergebnisse 1–20 von")
    page.get_by_role("link", name="Nächste Seite").focus()
    page.keyboard.press("Enter")
    expect(results).to_have_text(re.compile(r"Ergebnisse 21–\d+ von \d+"))
    expect(results).to_be_focused()
    assert "nach=" in page.url
    page.get_by_role("link", name="Erste Seite").click()
    expect(results).to_contain_text("Ergebnisse 1–20 von")
    expect(results).to_be_focused()
    assert axe_violations(page) == []

    page.goto("/mannheim/sitzungen/")
    heading = page.locator("#meeting-month h2")
    following = page.locator("#meeting-month a[rel=next]")
    month = following.inner_text().removeprefix("Weiter zum ")
    following.click()
    expect(heading).to_have_text(month)
    expect(heading).to_be_focused()
    assert "monat=" in page.url
    assert axe_violations(page) == []


def test_left_to_right_values_stand_beside_their_labels_in_arabic(page: Any) -> None:
    with scopes_disabled():
        meeting = Meeting.objects.filter(
            municipality__slug="mannheim", published_at__isnull=False, location__isnull=False
        ).first()
        paper = Paper.objects.filter(
            municipality__slug="mannheim",
            public=True,
            published_at__isnull=False,
            originator_department__isnull=False,
        ).first()
    assert meeting is not None
    assert paper is not None
    for path in (f"/mannheim/sitzungen/{meeting.pk}/", f"/mannheim/vorlagen/{paper.pk}/"):
        page.goto(f"/sprache/ar/?next={path}")
        values = page.locator("dd bdi[dir=ltr]")
        assert values.count() >= 1, path
        for value in values.all():
            row = value.locator("xpath=ancestor::dd[1]")
            value_box, row_box = value.bounding_box(), row.bounding_box()
            # right-aligned like its label, not pushed to the far left
            assert (
                abs((value_box["x"] + value_box["width"]) - (row_box["x"] + row_box["width"])) < 2
            )
