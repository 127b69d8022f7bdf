"""Tenancy and departments, as an attacker with a real account would try them: Bamberg's
goals, measures, editions, steps, states and files are a 404 on every Mannheim address (read
and write); a department liaison sees, reports and records only what is its department's."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from conftest import signed_in_client
from querschnitt.core.models import Municipality
from querschnitt.measures.models import (
    CouncilReport,
    InventoryEntry,
    Measure,
    MeasureImport,
    MeasureState,
    ProgressReport,
    Transition,
)
from querschnitt.measures.periods import quarter_of
from querschnitt.strategy.models import ControllingIndicator, FieldOfAction, Goal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

BAMBERG = {"municipality__slug": "bamberg"}
MANNHEIM = {"municipality__slug": "mannheim"}


def bamberg_addresses() -> list[str]:
    """Every Mannheim address that names an object, with one of Bamberg's objects."""
    bamberg = Municipality.objects.get(slug="bamberg")
    measure = Measure.objects.get(**BAMBERG, key="FIP-2013-16")
    mine = Measure.objects.get(**MANNHEIM, key="M-14")
    step = Transition.objects.filter(**BAMBERG).first()
    state = MeasureState.objects.filter(**BAMBERG).first()
    entry = InventoryEntry.objects.filter(**BAMBERG).first()
    run = MeasureImport.objects.create(
        municipality=bamberg, file_name="x.csv", report={"rows": [], "counts": {}}
    )
    report = CouncilReport.objects.create(
        municipality=bamberg, year=2025, title="Bamberg", state="queued"
    )
    goal = Goal.objects.get(**BAMBERG, key="Z1")
    principle = Goal.objects.get(**BAMBERG, key="L")
    field = FieldOfAction.objects.filter(**BAMBERG).first()
    indicator = ControllingIndicator.objects.filter(**BAMBERG).first()
    period = quarter_of(timezone.localdate()).key
    staff = "/mannheim/verwaltung"
    return [
        # public: Bamberg's measure and its edition as of 12.07.2013 (Mannheim has none)
        f"/mannheim/massnahmen/{measure.key}/",
        "/mannheim/massnahmen/stand/2013-07-12/",
        "/mannheim/massnahmen/stand/2013-07-12/aenderungen/",
        "/mannheim/massnahmen/stand/2013-07-12/massnahmenkatalog.pdf",
        "/mannheim/massnahmen/stand/2013-07-12/massnahmenkatalog.xlsx",
        # staff
        f"{staff}/massnahmen/{measure.pk}/",
        f"{staff}/massnahmen/{measure.pk}/bearbeiten/",
        f"{staff}/massnahmen/{measure.pk}/schritt/{step.pk}/",
        f"{staff}/massnahmen/{mine.pk}/schritt/{step.pk}/",  # Mannheim's measure, Bamberg's step
        f"{staff}/massnahmen/{measure.pk}/berichte/{period}/",
        f"{staff}/massnahmen/entscheidungsweg/zustaende/{state.pk}/",
        f"{staff}/massnahmen/entscheidungsweg/schritte/{step.pk}/",
        f"{staff}/massnahmen/import/{run.pk}/",
        f"{staff}/massnahmen/bestandsaufnahme/{entry.pk}/",
        f"{staff}/massnahmen/ratsberichte/{report.pk}/",
        f"{staff}/massnahmen/ratsberichte/{report.pk}/pdf/",
        f"{staff}/ziele/{goal.pk}/",
        f"{staff}/ziele/{principle.pk}/fassung/",
        f"{staff}/handlungsfelder/{field.pk}/",
        f"{staff}/kennzahlen/{indicator.pk}/",
        f"{staff}/kennzahlen/{indicator.pk}/wert/",
    ]


def test_the_addresses_named_here_are_the_app_addresses() -> None:
    """A guard that the list above follows the URL patterns (a renamed address fails)."""
    from django.urls import resolve

    for address in bamberg_addresses():
        assert resolve(address).app_names or resolve(address).url_name, address


@pytest.mark.parametrize("email", ["admin@mannheim.example", "betrieb@querschnitt.example"])
def test_another_municipalitys_objects_are_404_to_read_and_to_write(email) -> None:
    client = signed_in_client(email)
    before = list(Measure.objects.filter(**BAMBERG).values_list("pk", "state_id", "version"))
    found = {}
    for address in bamberg_addresses():
        found[address] = (
            client.get(address).status_code,
            client.post(address, {"bestaetigt": "1", "title_de": "x", "key": "x"}).status_code,
        )
    assert {a: s for a, s in found.items() if s != (404, 404)} == {}
    after = list(Measure.objects.filter(**BAMBERG).values_list("pk", "state_id", "version"))
    assert after == before


def test_the_public_sees_no_other_municipalitys_objects() -> None:
    client = Client()
    for address in bamberg_addresses()[:5]:
        assert client.get(address).status_code == 404, address


LIAISON = "dienststelle@mannheim.example"  # Fachbereich Bildung


def test_a_liaison_sees_the_measures_of_the_department_and_no_others(mannheim) -> None:
    client = signed_in_client(LIAISON)
    listed = client.get("/mannheim/verwaltung/massnahmen/").content.decode()
    for key in ("M-04", "M-05", "M-16", "M-03"):  # led by Bildung, or shared with it (M-03)
        assert key in listed
    for key in ("M-01", "M-02", "M-14"):  # other departments'
        assert f">{key}<" not in listed
        assert key not in listed
        measure = Measure.objects.get(**MANNHEIM, key=key)
        assert client.get(f"/mannheim/verwaltung/massnahmen/{measure.pk}/").status_code == 404


def test_a_liaison_reports_only_for_measures_the_department_leads(mannheim) -> None:
    client = signed_in_client(LIAISON)
    period = quarter_of(timezone.localdate()).key
    reporting = client.get("/mannheim/verwaltung/massnahmen/berichte/").content.decode()
    assert "M-05" in reporting
    assert "M-01" not in reporting
    assert "M-03" not in reporting  # shared, not led: the leading department reports
    form = {"progress": "40", "status": "on_track", "budget_spent": "100"}
    for key in ("M-01", "M-03"):
        measure = Measure.objects.get(**MANNHEIM, key=key)
        url = f"/mannheim/verwaltung/massnahmen/{measure.pk}/berichte/{period}/"
        assert client.get(url).status_code == 404
        assert client.post(url, form).status_code == 404
        assert not ProgressReport.objects.filter(measure=measure, progress=40).exists()


def test_a_liaison_records_the_inventory_of_the_department_only(mannheim) -> None:
    client = signed_in_client(LIAISON)
    other = InventoryEntry.objects.filter(**MANNHEIM).exclude(
        department__name="Fachbereich Bildung"
    )[0]
    url = f"/mannheim/verwaltung/massnahmen/bestandsaufnahme/{other.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
    page = client.get("/mannheim/verwaltung/massnahmen/bestandsaufnahme/neu/").content.decode()
    assert "Fachbereich Bildung" in page
    assert "Fachbereich Bürgerdienste" not in page


def test_a_representative_sees_only_what_the_organisation_proposed(mannheim) -> None:
    client = signed_in_client("verein@mannheim.example")
    listed = client.get("/mannheim/verwaltung/massnahmen/").content.decode()
    assert "M-15" in listed  # the organisation's proposal
    assert "M-05" not in listed
    other = Measure.objects.get(**MANNHEIM, key="M-05")
    assert client.get(f"/mannheim/verwaltung/massnahmen/{other.pk}/").status_code == 404
    edit = Measure.objects.get(**MANNHEIM, key="M-15")
    assert client.get(f"/mannheim/verwaltung/massnahmen/{edit.pk}/bearbeiten/").status_code == 403


def test_no_one_reports_for_a_closed_period(mannheim) -> None:
    """Reports for a period that the office has closed: a clear message, nothing saved."""
    from querschnitt.measures.services.reports import settings_of

    settings = settings_of(mannheim)
    settings.reporting_closed_until = date(timezone.localdate().year, 12, 31)
    settings.save()
    measure = Measure.objects.get(**MANNHEIM, key="M-05")
    period = quarter_of(timezone.localdate()).key
    url = f"/mannheim/verwaltung/massnahmen/{measure.pk}/berichte/{period}/"
    response = signed_in_client(LIAISON).post(
        url, {"progress": "40", "status": "on_track", "budget_spent": "100"}
    )
    assert response.status_code in (400, 404)
    assert not ProgressReport.objects.filter(measure=measure, progress=40).exists()
