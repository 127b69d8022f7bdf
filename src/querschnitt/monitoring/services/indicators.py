"""Writes of indicator definitions: checked before they are saved, computed at once."""

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.monitoring.indicators import Published, definition_problems
from querschnitt.monitoring.library import STANDARD
from querschnitt.monitoring.models import Figure, FigureTable, Indicator
from querschnitt.monitoring.services.computation import indicators_recompute

DEFINITION_FIELDS = (
    "unit",
    "numerator",
    "numerator_filter",
    "denominator",
    "denominator_filter",
    "denominator_year_offset",
    "breakdown",
    "breakdown_in_denominator",
    "series",
)
EDITABLE_FIELDS = (
    "key",
    "code",
    "name",
    "description",
    "relevance",
    "method",
    "topic",
    "direction",
    "decimals",
    "is_published",
    "position",
    *DEFINITION_FIELDS,
)


def true_tables(figure: Figure | None) -> dict[int, Published]:
    if figure is None:
        return {}
    return {
        table.year: Published.from_values(table)
        for table in FigureTable.objects.filter(municipality=figure.municipality, figure=figure)
    }


def indicator_check(*, municipality: Municipality, fields: dict[str, Any]) -> None:
    """Refuse a definition that cannot be computed, that divides by zero, or that mixes
    definitions of migration background, with the reasons."""
    for name in ("numerator", "denominator"):
        figure = fields.get(name)
        if figure is not None and figure.municipality_id != municipality.pk:
            raise ValidationError({name: "The figure belongs to another municipality."})
    numerator = fields["numerator"]
    denominator = fields.get("denominator")
    problems = definition_problems(
        unit=fields["unit"],
        numerator=numerator,
        numerator_filter=fields.get("numerator_filter") or {},
        denominator=denominator,
        denominator_filter=fields.get("denominator_filter") or {},
        year_offset=fields.get("denominator_year_offset", 0),
        breakdown=fields.get("breakdown", ""),
        breakdown_in_denominator=fields.get("breakdown_in_denominator", True),
        series=fields.get("series") or [],
        numerator_tables=true_tables(numerator),
        denominator_tables=true_tables(denominator) if denominator is not None else None,
    )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def indicator_create(*, municipality: Municipality, by: Any, **fields: Any) -> Indicator:
    """Define a new indicator and compute its values."""
    indicator_check(municipality=municipality, fields=fields)
    indicator = Indicator(municipality=municipality, **fields)
    indicator.full_clean()
    indicator.save()
    audit_record(municipality=municipality, actor=by, action="indicator.created", target=indicator)
    indicators_recompute(municipality=municipality)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, by: Any, **fields: Any) -> Indicator:
    """Change an indicator; a changed definition is checked and computed again."""
    before = snapshot(indicator)
    current = {name: getattr(indicator, name) for name in DEFINITION_FIELDS}
    definition = {**current, **{k: v for k, v in fields.items() if k in DEFINITION_FIELDS}}
    if definition != current:
        indicator_check(municipality=indicator.municipality, fields=definition)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    audit_record(
        municipality=indicator.municipality,
        actor=by,
        action="indicator.updated",
        target=indicator,
        changes=field_changes(before, indicator),
    )
    indicators_recompute(municipality=indicator.municipality)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: Any) -> None:
    municipality = indicator.municipality
    audit_record(municipality=municipality, actor=by, action="indicator.deleted", target=indicator)
    indicator.delete()


def standard_fields(definition: dict[str, Any], figures: dict[str, Figure]) -> dict[str, Any]:
    return {
        "key": definition["key"],
        "code": definition.get("code", ""),
        "name": definition["name"],
        "description": definition["description"],
        "relevance": definition["relevance"],
        "method": definition["method"],
        "topic": definition["topic"],
        "unit": definition["unit"],
        "direction": definition.get("direction", "neutral"),
        "decimals": definition.get("decimals", 1),
        "numerator": figures[definition["numerator"]],
        "numerator_filter": definition.get("numerator_filter", {}),
        "denominator": figures.get(definition.get("denominator") or ""),
        "denominator_filter": definition.get("denominator_filter", {}),
        "denominator_year_offset": definition.get("denominator_year_offset", 0),
        "breakdown": definition.get("breakdown", ""),
        "breakdown_in_denominator": definition.get("breakdown_in_denominator", True),
        "series": definition.get("series", []),
    }


@transaction.atomic
def standard_indicators_install(*, municipality: Municipality) -> list[Indicator]:
    """Add the standard indicators whose figures the municipality has (and whose check
    passes); existing indicators, perhaps edited by the office, are left as they are."""
    figures = {figure.key: figure for figure in Figure.objects.filter(municipality=municipality)}
    existing = set(
        Indicator.objects.filter(municipality=municipality).values_list("key", flat=True)
    )
    missing = [
        (position, definition)
        for position, definition in enumerate(STANDARD)
        if definition["key"] not in existing
        and all(
            not key or key in figures
            for key in (definition["numerator"], definition.get("denominator"))
        )
    ]
    if not missing:  # the usual case after the first import: nothing to check
        return []
    tables: dict[int, dict[int, Published]] = defaultdict(dict)
    for table in FigureTable.objects.filter(municipality=municipality):
        tables[table.figure_id][table.year] = Published.from_values(table)
    created = []
    for position, definition in missing:
        fields = standard_fields(definition, figures)
        denominator = fields["denominator"]
        problems = definition_problems(
            unit=fields["unit"],
            numerator=fields["numerator"],
            numerator_filter=fields["numerator_filter"],
            denominator=denominator,
            denominator_filter=fields["denominator_filter"],
            year_offset=fields["denominator_year_offset"],
            breakdown=fields["breakdown"],
            breakdown_in_denominator=fields["breakdown_in_denominator"],
            series=fields["series"],
            numerator_tables=tables.get(fields["numerator"].pk, {}),
            denominator_tables=tables.get(denominator.pk, {}) if denominator else None,
        )
        if problems:
            continue
        indicator = Indicator(
            municipality=municipality, is_standard=True, position=10 * (position + 1), **fields
        )
        indicator.full_clean()
        created.append(indicator)
    Indicator.objects.bulk_create(created)
    return created
