"""In Chromium: the public monitoring in German and Arabic, an import refused and then
applied, a report composed and produced; axe-core on every page visited."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from conftest import axe_violations, demo_totp_code
from querschnitt.monitoring.models import FigureTable, Report

pytestmark = pytest.mark.browser

PUBLIC = [
    "/mannheim/",
    "/mannheim/monitoring/",
    "/mannheim/monitoring/indikatoren/migrationshintergrund/",
    "/mannheim/monitoring/indikatoren/altersstruktur/",
    "/mannheim/monitoring/indikatoren/staatsangehoerigkeiten/",
    "/mannheim/monitoring/gebiete/",
    "/mannheim/monitoring/gebiete/02/",
    "/mannheim/monitoring/segregation/",
    "/mannheim/monitoring/methode/",
    "/mannheim/monitoring/berichte/",
]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_monitoring_has_no_accessibility_violations(page, language) -> None:
    page.goto(f"/sprache/{language}/?next=/mannheim/")
    failures = {}
    for path in PUBLIC:
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        if violations := axe_violations(page):
            failures[path] = violations
    assert failures == {}


def test_a_visitor_chooses_a_year_and_a_group_with_the_keyboard(page) -> None:
    page.goto("/mannheim/monitoring/indikatoren/arbeitslosigkeit/")
    chart = "Arbeitslose je 100 Einwohner von 15 bis 64 Jahren nach Stadtbezirken, 2022 (insgesamt)"
    assert page.get_by_role("img", name=chart, exact=True).count() == 1
    page.get_by_label("Jahr", exact=True).focus()
    page.keyboard.press("End")  # the earliest year is last
    page.get_by_label("Gruppe", exact=True).select_option(label="ausländisch")
    page.get_by_role("button", name="Anzeigen").press("Enter")
    page.wait_for_url("**jahr=2020**")
    heading = page.get_by_role("heading", name="Stadtbezirke im Vergleich, 2020: ausländisch")
    assert heading.count() == 1
    assert axe_violations(page) == []


def sign_in(page, email: str, path: str) -> None:
    page.goto(path)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code(email))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**{path}")


def test_an_import_with_errors_is_refused_then_a_good_one_applied(page, tmp_path) -> None:
    sign_in(page, "team@mannheim.example", "/mannheim/verwaltung/monitoring/import/")
    assert axe_violations(page) == []
    bad = tmp_path / "sprachkurse.csv"
    bad.write_text(
        "Jahr;Gebiet;Geschlecht;Anzahl\n2022;01;weiblich;12\n2022;01;männlich;-3\n2022;99;weiblich;4\n",
        encoding="utf-8",
    )
    table = page.locator("form").filter(has=page.locator('input[value="table"]'))
    table.get_by_label("Tabelle (CSV oder XLSX)").set_input_files(str(bad))
    table.get_by_label("Schlüssel des neuen Merkmals").fill("sprachkurse")
    table.get_by_label("Name des neuen Merkmals").fill("Teilnehmende an Sprachkursen")
    table.get_by_label("Quelle des neuen Merkmals").select_option(index=1)
    table.get_by_role("button", name="Tabelle prüfen").click()
    page.wait_for_url("**/monitoring/import/*/")
    assert page.get_by_role("alert").filter(has_text="2 Probleme").count() == 1
    problems = page.get_by_role("region").filter(has=page.locator("table.qs-problems"))
    assert problems.get_by_role("cell", name="-3", exact=True).count() == 1
    assert problems.get_by_role("cell", name="Gebiet (B)").count() == 1
    assert axe_violations(page) == []

    good = tmp_path / "sprachkurse-korrigiert.csv"
    good.write_text(
        "Jahr;Gebiet;Geschlecht;Anzahl\n2022;01;weiblich;12\n2022;01;männlich;3\n2022;02;weiblich;4\n2022;02;männlich;9\n",
        encoding="utf-8",
    )
    page.goto("/mannheim/verwaltung/monitoring/import/")
    table = page.locator("form").filter(has=page.locator('input[value="table"]'))
    table.get_by_label("Tabelle (CSV oder XLSX)").set_input_files(str(good))
    table.get_by_label("Schlüssel des neuen Merkmals").fill("sprachkurse")
    table.get_by_label("Name des neuen Merkmals").fill("Teilnehmende an Sprachkursen")
    table.get_by_label("Quelle des neuen Merkmals").select_option(index=1)
    table.get_by_role("button", name="Tabelle prüfen").click()
    page.wait_for_url("**/monitoring/import/*/")
    assert page.get_by_role("heading", name="Was geschrieben wird").count() == 1
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Import übernehmen").click()
    assert page.get_by_role("heading", name="Was geschrieben wurde").count() == 1
    with scopes_disabled():
        assert FigureTable.objects.get(figure__key="sprachkurse").values[-1] == 28
    page.get_by_role("link", name="Merkmale und Importe").first.click()
    page.wait_for_url("**/verwaltung/monitoring/")
    page.get_by_role("link", name="Teilnehmende an Sprachkursen").click()
    page.wait_for_url("**/monitoring/merkmale/*/")
    assert axe_violations(page) == []


def test_a_report_is_composed_previewed_and_produced(page) -> None:
    sign_in(page, "admin@mannheim.example", "/mannheim/verwaltung/monitoring/berichte/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Neuer Bericht").click()
    page.get_by_label("Titel").fill("Bericht aus dem Browser")
    page.get_by_label("Berichtsjahr").fill("2022")
    page.get_by_role("button", name="Bericht anlegen").click()
    page.wait_for_url("**/monitoring/berichte/*/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Abschnitt hinzufügen").click()
    page.get_by_label("Art", exact=True).select_option("text")
    page.get_by_label("Überschrift").fill("Vorwort")
    page.get_by_label("Text").fill("Ein kurzer Bericht aus dem Browser.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Abschnitt speichern").click()
    page.wait_for_url("**/monitoring/berichte/*/")
    page.get_by_role("link", name="Abschnitt hinzufügen").click()
    page.get_by_label("Art", exact=True).select_option("indicator")
    page.get_by_label("Überschrift").fill("Ausländeranteil")
    page.locator("#id_indicator").select_option(label="Ausländeranteil")
    page.get_by_role("button", name="Abschnitt speichern").click()
    page.wait_for_url("**/monitoring/berichte/*/")
    # wait for the pages that the clicks load, not only for the page that was there
    sections = page.locator(".qs-section-list > li strong")
    expect(sections).to_have_text(["Vorwort", "Ausländeranteil"])
    page.get_by_role("button", name=re.compile(r"^Nach oben\W+Ausländeranteil$")).click()
    expect(sections).to_have_text(["Ausländeranteil", "Vorwort"])
    page.get_by_role("link", name="Vorschau").click()
    expect(page.get_by_text("Ein kurzer Bericht aus dem Browser.")).to_have_count(1)
    page.go_back()
    page.get_by_role("button", name="HTML und PDF erstellen").click()
    expect(page.get_by_role("link", name="PDF")).to_have_count(1)
    assert axe_violations(page) == []
    with scopes_disabled():
        report = Report.objects.get(title="Bericht aus dem Browser")
        assert report.rendering == Report.Rendering.DONE
        assert report.pdf_file
