"""In Chromium, both decision paths end to end: an organisation's proposal goes Bamberg's way
(steering group, decision body, city council) to adoption, each step in a meeting with its
paper; a Mannheim measure goes Mannheim's way (advisory council, committee, municipal
council). A step that the state does not allow is refused, naming the steps that are; at the
end the proposer reads the answers. Then the rest of the cycle: the office freezes an edition,
a department reports on a measure it owes a report for, and the public finds the edition and
the dashboard, each page checked by axe-core."""

from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from conftest import axe_violations, signed_in_context
from querschnitt.measures.models import Measure, ProgressReport, StateChange, Transition

pytestmark = pytest.mark.browser


def take_step(page: Any, measure: Measure, key: str, answer: str = "") -> None:
    """The office takes a step from the measure's page: form, confirmation, back."""
    with scopes_disabled():
        step = Transition.objects.get(municipality=measure.municipality_id, key=key)
    slug = measure.municipality.slug
    page.goto(f"/{slug}/verwaltung/massnahmen/{measure.pk}/")
    page.locator(f'a[href$="/schritt/{step.pk}/"]').click()
    # the click returns once the step's page starts loading: its form is read when loaded
    page.wait_for_url(f"**/schritt/{step.pk}/")
    page.wait_for_load_state()
    form = page.locator("main form.qs-form")
    meeting = form.locator("select[name=meeting] option:not([value=''])")
    assert meeting.count() > 0, f"no meeting of the body for {key}"
    form.locator("select[name=meeting]").select_option(meeting.first.get_attribute("value"))
    papers = form.locator("select[name=paper] option:not([value=''])")
    if papers.count():
        form.locator("select[name=paper]").select_option(papers.first.get_attribute("value"))
    # the steps are taken today, one after the other (the meetings lie in the past)
    form.locator("input[name=decided_on]").fill(timezone.localdate().isoformat())
    form.locator("textarea[name=resolution]").fill(f"Beschluss: {step}")
    if answer:
        form.locator("textarea[name=answer]").fill(answer)
    # the form's answer (the confirm page, or the form again with its errors) has loaded
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    confirm = page.get_by_role("button", name="Ja, Schritt gehen")
    assert confirm.count() == 1, page.locator("main").inner_text()
    with page.expect_navigation():
        confirm.click()
    assert page.url.endswith(f"/massnahmen/{measure.pk}/"), page.locator("main").inner_text()
    assert page.locator(".kern-alert--success, [role=status]").first.is_visible()


def test_a_proposal_and_a_measure_walk_their_cities_paths(browser, live_server, demo) -> None:
    proposer = signed_in_context(browser, live_server, "verein@bamberg.example")
    page = proposer.new_page()
    page.set_default_timeout(20_000)
    page.goto("/bamberg/verwaltung/massnahmen/vorschlagen/")
    page.locator("input[name=proposer][value^='org:']").first.check()
    page.locator("textarea[name=title_de]").fill("Sprachcafé im Stadtteil")
    page.locator("textarea[name=description_de]").fill("Wöchentliches Treffen zum Deutschüben.")
    page.locator("main form.qs-form button[type=submit]").click()
    page.wait_for_url("**/massnahmen/*/")
    with scopes_disabled():
        proposal = Measure.objects.select_related("municipality").get(
            municipality__slug="bamberg", title__de="Sprachcafé im Stadtteil"
        )
        assert proposal.proposer_organisation_id is not None
        mannheim = (
            Measure.objects.select_related("municipality")
            .filter(municipality__slug="mannheim", state__key="pruefung")
            .first()
        )
        before = StateChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert mannheim is not None

    office = signed_in_context(browser, live_server, "team@bamberg.example").new_page()
    office.set_default_timeout(20_000)
    # a step the state does not allow: refused, the allowed ones named
    with scopes_disabled():
        adoption = Transition.objects.get(municipality=proposal.municipality_id, key="beschluss")
    office.goto(f"/bamberg/verwaltung/massnahmen/{proposal.pk}/schritt/{adoption.pk}/")
    refusal = office.get_by_role("alert")
    assert "kann aus dem Zustand „Vorgeschlagen“ nicht gegangen werden" in refusal.inner_text()
    assert refusal.get_by_role("link", name="Aufnahme in den Katalogentwurf").is_visible()
    office.locator("main form.qs-form button[type=submit]").click()
    expect(office.locator("main")).to_contain_text(
        "Schritte von dort: „Aufnahme in den Katalogentwurf“, „Nicht in den Entwurf"
    )

    take_step(office, proposal, "entwurf", answer="Im Katalogentwurf der Lenkungsgruppe.")
    take_step(office, proposal, "empfehlung")
    take_step(office, proposal, "beschluss", answer="Der Stadtrat hat Ihren Vorschlag beschlossen.")
    assert "Vom Stadtrat beschlossen" in office.locator("main").inner_text()

    mannheim_office = signed_in_context(browser, live_server, "team@mannheim.example").new_page()
    mannheim_office.set_default_timeout(20_000)
    for key in ("beirat", "ausschuss", "beschluss"):
        take_step(mannheim_office, mannheim, key)
    assert "Vom Gemeinderat beschlossen" in mannheim_office.locator("main").inner_text()

    with scopes_disabled():
        steps = list(
            StateChange.objects.filter(measure__in=[proposal, mannheim], pk__gt=before)
            .order_by("pk")
            .values_list("measure_id", "transition__key", "meeting_id", "to_state__key")
        )
    assert [(m, k) for m, k, _meeting, _state in steps] == [
        (proposal.pk, "entwurf"),
        (proposal.pk, "empfehlung"),
        (proposal.pk, "beschluss"),
        (mannheim.pk, "beirat"),
        (mannheim.pk, "ausschuss"),
        (mannheim.pk, "beschluss"),
    ]
    assert all(meeting for _m, _k, meeting, _state in steps)

    # the proposer follows the proposal and reads the answers
    page.goto(f"/bamberg/verwaltung/massnahmen/{proposal.pk}/")
    history = page.locator("main").inner_text()
    assert "Vom Stadtrat beschlossen" in history
    assert "Der Stadtrat hat Ihren Vorschlag beschlossen." in history
    assert "Im Katalogentwurf der Lenkungsgruppe." in history


def test_an_edition_is_frozen_a_department_reports_and_the_public_reads_both(
    browser, live_server, demo
) -> None:
    office = signed_in_context(browser, live_server, "admin@mannheim.example").new_page()
    office.set_default_timeout(20_000)
    office.goto("/mannheim/verwaltung/massnahmen/kataloge/")
    assert axe_violations(office) == []
    form = office.locator("main form.qs-form")
    form.locator("input[name=title]").fill("Maßnahmenkatalog im Browsertest")
    form.locator("button[type=submit]").click()
    confirm = office.get_by_role("button", name="Ja, Stand einfrieren und veröffentlichen")
    expect(confirm).to_be_visible()
    assert axe_violations(office) == []
    confirm.click(timeout=60_000)
    expect(office.locator(".qs-messages")).to_contain_text(
        "Der Stand „Maßnahmenkatalog im Browsertest“ ist eingefroren und veröffentlicht."
    )

    liaison = signed_in_context(browser, live_server, "dienststelle@mannheim.example").new_page()
    liaison.set_default_timeout(20_000)
    liaison.goto("/mannheim/verwaltung/massnahmen/berichte/")
    assert axe_violations(liaison) == []
    due = liaison.locator("main a[href*='/berichte/']").first
    report_url = due.get_attribute("href")
    assert report_url is not None
    measure_pk = int(report_url.split("/massnahmen/")[1].split("/")[0])
    due.click()
    liaison.locator("input[name=progress]").fill("55")
    liaison.locator("input[name=status][value=at_risk]").check()
    liaison.locator("textarea[name=reason]").fill("Die Räume fehlen noch.")
    liaison.locator("input[name=budget_spent]").fill("1200")
    assert axe_violations(liaison) == []
    liaison.get_by_role("button", name="Bericht speichern").click()
    expect(liaison.locator(".qs-messages")).to_contain_text("wurde gespeichert")
    # the report is no longer owed
    expect(liaison.locator(f"main a[href='{report_url}']")).to_have_count(0)

    with scopes_disabled():
        report = ProgressReport.objects.get(measure=measure_pk, progress=55)
    assert (report.status, report.reason) == ("at_risk", "Die Räume fehlen noch.")
    visitor = browser.new_context(base_url=live_server.url, locale="de-DE").new_page()
    visitor.goto("/mannheim/massnahmen/")
    expect(visitor.locator("main")).to_contain_text("Maßnahmenkatalog im Browsertest")
    assert axe_violations(visitor) == []
    visitor.goto("/mannheim/steuerung/")
    expect(visitor.locator("main table").first).to_be_visible()
    assert axe_violations(visitor) == []
