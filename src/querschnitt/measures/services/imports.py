"""Importing measures from a file: a preview that says for each row what it would do, then
all or nothing. A row that equals the stored measure changes nothing (no new version, no
audit entry), so exporting and importing again without a change changes nothing. States
change only on the decision path: a file may set the state of a new measure, not move an
existing one."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.measures.exchange import ParsedRow, read_measures
from querschnitt.measures.models import BudgetLine, Measure, MeasureImport
from querschnitt.measures.services.measures import measure_create, measure_update

RELATIONS = ("fields_of_action", "goals", "indicators", "departments", "partners")
PLAIN = (
    "title",
    "description",
    "target_groups",
    "start_date",
    "end_date",
    "weight",
    "reporting_interval",
    "is_public",
    "proposer_kind",
)
RELATED = ("lead_department", "proposer_body", "proposer_organisation", "proposer_department")


def stored_values(measure: Measure, budget: dict[int, Decimal]) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(measure, name) for name in PLAIN}
    values["weight"] = None if measure.weight is None else measure.weight.normalize()
    values |= {name: getattr(measure, f"{name}_id") for name in RELATED}
    values |= {name: {obj.pk for obj in getattr(measure, name).all()} for name in RELATIONS}
    values["budget"] = {year: amount.normalize() for year, amount in budget.items()}
    return values


def row_values(row: ParsedRow) -> dict[str, Any]:
    values: dict[str, Any] = {name: row.values[name] for name in PLAIN}
    values["weight"] = None if values["weight"] is None else values["weight"].normalize()
    values |= {name: getattr(row.values[name], "pk", None) for name in RELATED}
    values |= {name: {obj.pk for obj in row.values[name]} for name in RELATIONS}
    values["budget"] = {year: amount.normalize() for year, amount in row.budget.items()}
    return values


def plan(municipality: Municipality, rows: list[ParsedRow]) -> list[dict[str, Any]]:
    """What each row would do: create, update (which fields), unchanged, or its problems."""
    keys = [row.key for row in rows]
    existing = {
        m.key: m
        for m in Measure.objects.filter(municipality=municipality, key__in=keys)
        .select_related("state")
        .prefetch_related(*RELATIONS)
    }
    budgets: dict[int, dict[int, Decimal]] = {}
    for measure_id, year, planned in BudgetLine.objects.filter(
        municipality=municipality, measure__in=list(existing.values())
    ).values_list("measure_id", "year", "planned"):
        budgets.setdefault(measure_id, {})[year] = planned
    seen: set[str] = set()
    planned_rows = []
    for row in rows:
        problems = list(row.problems)
        if row.key in seen:
            problems.append(
                ("Schlüssel", _("The key “%(key)s” is in the file twice.") % {"key": row.key})
            )
        seen.add(row.key)
        measure = existing.get(row.key)
        entry: dict[str, Any] = {"row": row.number, "key": row.key, "changes": []}
        if measure is None:
            entry["action"] = "create"
        else:
            state = row.values.get("state")
            if state is not None and state.pk != measure.state_id:
                problems.append(
                    (
                        "Zustand",
                        _(
                            "The file says “%(file)s”, the measure is “%(stored)s”: states change "
                            "only on the decision path."
                        )
                        % {"file": state.key, "stored": measure.state.key},
                    )
                )
            if not problems:
                before = stored_values(measure, budgets.get(measure.pk, {}))
                after = row_values(row)
                entry["changes"] = [name for name in after if after[name] != before[name]]
            entry["action"] = "update" if entry["changes"] else "unchanged"
            entry["version"] = measure.version
        if problems:
            entry["action"] = "error"
            entry["problems"] = [[column, message] for column, message in problems]
        planned_rows.append(entry)
    return planned_rows


def counts_of(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
    for row in rows:
        counts[row["action"]] += 1
    return counts


@transaction.atomic
def import_preview(
    *, municipality: Municipality, by: Any, content: bytes, file_name: str
) -> MeasureImport:
    """Read a file and store what it would do; ImportRejected when the file cannot be read."""
    rows = plan(municipality, read_measures(content, file_name, municipality))
    run = MeasureImport.objects.create(
        municipality=municipality,
        file_name=file_name[:255],
        content=content,
        report={"rows": rows, "counts": counts_of(rows)},
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        municipality=municipality,
        actor=by,
        action="measure_import.previewed",
        target=run,
        changes=counts_of(rows),
    )
    return run


@transaction.atomic
def import_apply(*, run: MeasureImport, by: Any) -> dict[str, int]:
    """Apply a previewed import, all or nothing, as long as nothing changed meanwhile."""
    municipality = run.municipality
    if run.state != MeasureImport.State.PREVIEW:
        raise ValidationError(_("This import has been applied already."))
    rows = read_measures(bytes(run.content), run.file_name, municipality)
    planned = plan(municipality, rows)
    counts = counts_of(planned)
    if counts["error"]:
        raise ValidationError(
            _("The file has problems in %(count)s rows; nothing was imported.")
            % {"count": counts["error"]}
        )
    if planned != run.report.get("rows"):
        raise ValidationError(
            _(
                "Measures have changed since the preview was made; nothing was imported. "
                "Upload the file again to see what it would do now."
            )
        )
    by_key = {row.key: row for row in rows}
    for entry in planned:
        row = by_key[entry["key"]]
        values = {name: value for name, value in row.values.items() if name != "state"}
        if entry["action"] == "create":
            measure_create(
                municipality=municipality,
                by=by,
                state=row.values.get("state"),
                budget=row.budget,
                key=row.key,
                action="measure.imported",
                **values,
            )
        elif entry["action"] == "update":
            measure = Measure.objects.get(municipality=municipality, key=row.key)
            measure_update(
                measure=measure,
                by=by,
                expected_version=entry["version"],
                budget=row.budget,
                **values,
            )
    run.state = MeasureImport.State.APPLIED
    run.applied_at = timezone.now()
    run.content = b""
    run.save(update_fields=["state", "applied_at", "content"])
    audit_record(
        municipality=municipality,
        actor=by,
        action="measure_import.applied",
        target=run,
        changes=counts,
    )
    return counts
