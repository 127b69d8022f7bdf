"""In Chromium: an institution signs the Mannheimer Erklärung and confirms by e-mail, the office
accepts it, and the alliance lists it (also in Arabic). axe-core on every page visited."""

import re

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from conftest import axe_violations, demo_totp_code

pytestmark = pytest.mark.browser

DECLARATION = "/mannheim/erklaerungen/mannheimer-erklaerung/"
ALLIANCE = "/mannheim/buendnisse/mannheimer-buendnis/"
NAME = "Werkstatt Miteinander Beispiel e. V."


def test_sign_confirm_review_accept_and_find_it_in_the_alliance(page) -> None:
    from querschnitt.network.models import Signature

    # The declaration, in German.
    page.goto(DECLARATION)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Mannheimer Erklärung für ein Zusammenleben in Vielfalt"
    )
    assert axe_violations(page) == []
    page.locator(f'main a[href="{DECLARATION}unterzeichnen/"]').first.click()
    page.wait_for_url(f"**{DECLARATION}unterzeichnen/")
    assert axe_violations(page) == []

    # An empty form is refused with errors that are accessible, too.
    with page.expect_navigation():
        page.locator("form.qs-form button[type=submit]").click()
    assert page.locator(".kern-alert--danger").count() == 1
    assert axe_violations(page) == []

    # Sign for the institution.
    page.locator("[name=organisation_name]").fill(NAME)
    page.locator("[name=kind]").select_option("association")
    page.locator("[name=street]").fill("Musterweg 3")
    page.locator("[name=postal_code]").fill("68169")
    page.locator("[name=city]").fill("Mannheim")
    page.locator("[name=signer_name]").fill("Mara Muster")
    page.locator("[name=signer_function]").fill("Vorsitz")
    page.locator("[name=signer_email]").fill("mara@werkstatt.example")
    page.locator("[name=authorised]").check()
    page.locator("form.qs-form button[type=submit]").click()
    page.wait_for_url(f"**{DECLARATION}")
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []

    # Open the link from the e-mail.
    link = re.search(
        r"https?://[^/\s]+(/mannheim/unterzeichnung/bestaetigen/\S+/)", str(mail.outbox[-1].body)
    )
    assert link
    page.goto(link.group(1))
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []
    with scopes_disabled():
        signature = Signature.objects.get(signer_email="mara@werkstatt.example")
    assert signature.state == "pending_review"

    # The office signs in with its second factor and reviews the queue.
    page.goto("/mannheim/verwaltung/unterzeichnungen/")
    page.get_by_label("E-Mail-Adresse").fill("team@mannheim.example")
    page.get_by_label("Passwort").fill("Querschnitt-Demo-2026")
    page.get_by_role("button", name="Weiter").click()
    page.wait_for_url("**/konto/zweiter-faktor/**")
    page.get_by_label("Sechsstelliger Code").fill(demo_totp_code("team@mannheim.example"))
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mannheim/verwaltung/unterzeichnungen/")
    assert page.locator(".kern-badge--warning").count() == 3
    assert axe_violations(page) == []
    page.get_by_role("link", name=NAME).click()
    page.wait_for_url(f"**/mannheim/verwaltung/unterzeichnungen/{signature.pk}/")
    assert axe_violations(page) == []
    page.locator("form:has(input[value=accept]) button[type=submit]").click()
    # The confirm page says what accepting does; only its button accepts.
    page.get_by_role("heading", level=1, name=re.compile("annehmen")).wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("Willkommens")).click()
    page.wait_for_url("**/mannheim/verwaltung/unterzeichnungen/")
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []
    with scopes_disabled():
        signature.refresh_from_db()
    assert signature.state == "accepted"
    assert mail.outbox[-1].to == ["mara@werkstatt.example"]

    # The alliance lists the new member, in German and in Arabic (right to left).
    page.goto(ALLIANCE + "?name=Werkstatt+Miteinander")
    assert page.locator("main table tbody tr").count() == 1
    assert axe_violations(page) == []
    page.goto(f"/sprache/ar/?next={ALLIANCE}")
    page.wait_for_url(f"**{ALLIANCE}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert axe_violations(page) == []
    page.locator("[name=name]").fill("Werkstatt")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**name=Werkstatt**")
    assert page.get_by_role("link", name=NAME).count() == 1
    assert axe_violations(page) == []


def test_a_member_withdraws_through_the_link_in_the_e_mail(page) -> None:
    from querschnitt.network.models import Signature

    with scopes_disabled():
        member = (
            Signature.objects.filter(
                municipality__slug="mannheim", state="accepted", organisation__visibility="public"
            )
            .select_related("organisation")
            .order_by("id")
            .first()
        )
    assert member is not None
    page.goto(DECLARATION + "zurueckziehen/")
    assert axe_violations(page) == []
    page.locator("[name=email]").fill(member.signer_email)
    page.locator("[name=organisation_name]").fill(member.organisation.name)
    page.locator("form.qs-form button[type=submit]").click()
    page.wait_for_url(f"**{DECLARATION}")
    assert page.locator(".kern-alert--success").count() == 1
    link = re.search(
        r"https?://[^/\s]+(/mannheim/unterzeichnung/zurueckziehen/\S+/)", str(mail.outbox[-1].body)
    )
    assert link
    page.goto(link.group(1))
    assert axe_violations(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{ALLIANCE}")
    assert page.locator(".kern-alert--success").count() == 1
    assert axe_violations(page) == []
    with scopes_disabled():
        member.refresh_from_db()
    assert member.state == "withdrawn"
