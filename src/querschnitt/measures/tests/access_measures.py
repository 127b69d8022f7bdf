"""Access table: the catalogue, its editions and the controlling, public and staff pages.

The objects named are Mannheim's demo objects. The measure on the detail row is proposed by
the Migrationsbeirat (the demo body member sits on it) and shared by the liaison's
department, so that every role that may see it does; the representative's organisation did
not propose it (404). Another department's measures and Bamberg's objects:
`test_access_departments.py`.
"""

from datetime import date
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import ANY_ROLE, OFFICE, everyone, staff

MANNHEIM = {"municipality__slug": "mannheim"}


def _measure(key: str) -> Any:
    from querschnitt.measures.models import Measure

    with scopes_disabled():
        return Measure.objects.get(**MANNHEIM, key=key)


def measure_key() -> dict[str, Any]:
    return {"key": "M-01"}


def shared_measure() -> dict[str, Any]:
    return {"pk": _measure("M-03").pk}


def measure_pk() -> dict[str, Any]:
    return {"pk": _measure("M-01").pk}


def transition_pks() -> dict[str, Any]:
    from querschnitt.measures.models import Transition

    measure = _measure("M-14")
    with scopes_disabled():
        step = Transition.objects.filter(**MANNHEIM, from_state=measure.state_id).first()
    return {"pk": measure.pk, "transition_pk": step.pk}


def report_period() -> dict[str, Any]:
    """A measure of the liaison's department (Fachbereich Bildung), this quarter."""
    from querschnitt.measures.periods import quarter_of

    return {"pk": _measure("M-05").pk, "period": quarter_of(timezone.localdate()).key}


def first_edition() -> dict[str, Any]:
    from querschnitt.measures.models import Catalogue

    with scopes_disabled():
        return {"as_of": Catalogue.objects.filter(**MANNHEIM).earliest("as_of").as_of.isoformat()}


def latest_edition() -> dict[str, Any]:
    from querschnitt.measures.models import Catalogue

    with scopes_disabled():
        return {"as_of": Catalogue.objects.filter(**MANNHEIM).latest("as_of").as_of.isoformat()}


def state_pk() -> dict[str, Any]:
    from querschnitt.measures.models import MeasureState

    with scopes_disabled():
        return {"pk": MeasureState.objects.get(**MANNHEIM, key="umsetzung").pk}


def step_pk() -> dict[str, Any]:
    from querschnitt.measures.models import Transition

    with scopes_disabled():
        return {"pk": Transition.objects.get(**MANNHEIM, key="beschluss").pk}


def inventory_pk() -> dict[str, Any]:
    """An entry of the liaison's own department."""
    from querschnitt.measures.models import InventoryEntry

    with scopes_disabled():
        entry = InventoryEntry.objects.filter(
            **MANNHEIM, department__name="Fachbereich Bildung"
        ).first()
    return {"pk": entry.pk}


def import_pk() -> dict[str, Any]:
    from querschnitt.core.models import Municipality
    from querschnitt.measures.models import MeasureImport

    with scopes_disabled():
        run = MeasureImport.objects.filter(**MANNHEIM).first() or MeasureImport.objects.create(
            municipality=Municipality.objects.get(slug="mannheim"),
            file_name="massnahmen.csv",
            report={"rows": [], "counts": {"create": 0, "update": 0, "unchanged": 0, "error": 0}},
        )
    return {"pk": run.pk}


def council_report(kind: str = "") -> dict[str, Any]:
    """A report waiting to be produced (its file is a 404 until then; the files themselves:
    `test_council_report.py`)."""
    from querschnitt.core.models import Municipality
    from querschnitt.measures.models import CouncilReport

    with scopes_disabled():
        report = CouncilReport.objects.filter(**MANNHEIM).first() or CouncilReport.objects.create(
            municipality=Municipality.objects.get(slug="mannheim"),
            year=date.today().year,
            title="Bericht an den Gemeinderat",
            state="queued",
        )
    return {"pk": report.pk} | ({"kind": kind} if kind else {})


def council_report_pdf() -> dict[str, Any]:
    return council_report("pdf")


def shown_to(*roles: str, hidden: int = 404) -> dict[str, int]:
    """A staff page of one object: the roles that may see the object get it, the others with
    the permission a 404."""
    expected = staff(*ANY_ROLE)
    return expected | {role: (200 if role in roles else hidden) for role in ANY_ROLE}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "measures:catalogue": ({}, everyone()),
    "measures:measure": (measure_key, everyone()),
    "measures:edition": (first_edition, everyone()),
    "measures:edition_changes": (latest_edition, everyone()),
    # produced in the background on the first request; until then "on its way"
    "measures:edition_pdf": (first_edition, everyone(202)),
    "measures:edition_xlsx": (first_edition, everyone()),
    "measures:dashboard": ({}, everyone()),
    "measures:weights": ({}, everyone()),
    "staff:measure_list": ({}, staff(*ANY_ROLE)),
    "staff:measure_propose": ({}, staff(*ANY_ROLE)),
    "staff:measure_create": ({}, staff(*OFFICE)),
    "staff:measure_detail": (shared_measure, shown_to("admin", "staff", "liaison", "body_member")),
    "staff:measure_edit": (measure_pk, staff(*OFFICE)),
    "staff:measure_transition": (transition_pks, staff(*OFFICE)),
    "staff:report_form": (report_period, staff(*OFFICE, "liaison")),
    "staff:decision_path": ({}, staff(*OFFICE)),
    "staff:state_create": ({}, staff(*OFFICE)),
    "staff:state_edit": (state_pk, staff(*OFFICE)),
    "staff:transition_create": ({}, staff(*OFFICE)),
    "staff:transition_edit": (step_pk, staff(*OFFICE)),
    "staff:catalogue_list": ({}, staff(*OFFICE)),
    "staff:measures_export": ({"format": "csv"}, staff(*OFFICE)),
    "staff:measures_import": ({}, staff(*OFFICE)),
    "staff:measures_import_preview": (import_pk, staff(*OFFICE)),
    "staff:reporting": ({}, staff(*OFFICE, "liaison")),
    "staff:measures_settings": ({}, staff(*OFFICE)),
    "staff:controlling": ({}, staff(*OFFICE)),
    "staff:inventory": ({}, staff(*OFFICE, "liaison")),
    "staff:inventory_entry_create": ({}, staff(*OFFICE, "liaison")),
    "staff:inventory_entry_edit": (inventory_pk, staff(*OFFICE, "liaison")),
    "staff:council_reports": ({}, staff(*OFFICE)),
    "staff:council_report_detail": (council_report, staff(*OFFICE)),
    "staff:council_report_file": (council_report_pdf, staff(*OFFICE, ok=404)),
}
