"""Writing tables with their protection, and computing every indicator from them.

Called after every import and every change of a rule, an area or a definition. Everything is
computed in bulk: one query loads the published cells of every table of the municipality, the
values of every indicator are written in one statement.
"""

from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from querschnitt.core.models import Municipality
from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import TOTAL
from querschnitt.monitoring.indicators import Published, compute
from querschnitt.monitoring.models import (
    Area,
    Figure,
    FigureTable,
    ImportRun,
    Indicator,
    IndicatorValue,
    Source,
)
from querschnitt.monitoring.suppression import PRIMARY, SECONDARY, Protected, Rule, protect

PUBLISHED_FIELDS = ("id", "figure_id", "year", "dims", "categories", "labels", "shown", "symbols")


def rule_of(source: Source) -> Rule:
    return Rule(min_count=source.min_count, protection=source.protection, rounding=source.rounding)


def symbols_of(values: np.ndarray, protected: Protected) -> str:
    """One character per cell: " " published, "p"/"s" hidden, "-" a true zero, "0" a small
    count rounded to zero."""
    codes = np.full(values.shape, ord(" "), dtype=np.uint8)
    codes[(protected.shown == 0) & (values > 0)] = ord("0")
    codes[values == 0] = ord("-")
    codes[protected.hidden == PRIMARY] = ord("p")
    codes[protected.hidden == SECONDARY] = ord("s")
    return codes.reshape(-1).tobytes().decode()


def protected_fields(cube: Cube, source: Source) -> dict[str, Any]:
    protected = protect(cube.values, rule_of(source))
    flat_values = cube.values.reshape(-1)
    flat_shown = protected.shown.reshape(-1)
    flat_hidden = protected.hidden.reshape(-1)
    return {
        "values": flat_values.tolist(),
        "shown": [
            None if hidden else int(shown)
            for hidden, shown in zip(flat_hidden.tolist(), flat_shown.tolist(), strict=True)
        ],
        "symbols": symbols_of(cube.values, protected),
    }


def table_store(
    *,
    figure: Figure,
    year: int,
    reference_date: date,
    cube: Cube,
    labels: dict[str, dict[str, str]] | None = None,
    import_run: ImportRun | None = None,
) -> FigureTable:
    """Save (or replace) a figure's table of one year, with what may be published of it."""
    table, _created = FigureTable.objects.update_or_create(
        municipality=figure.municipality,
        figure=figure,
        year=year,
        defaults={
            "reference_date": reference_date,
            "dims": cube.dims,
            "categories": cube.categories,
            "labels": labels or {},
            "import_run": import_run,
            **protected_fields(cube, figure.source),
        },
    )
    return table


def source_reprotect(*, source: Source) -> int:
    """Apply a changed rule to every table of the source's figures."""
    tables = list(
        FigureTable.objects.filter(municipality=source.municipality, figure__source=source)
    )
    for table in tables:
        cube = Cube.from_flat(table.dims, table.categories, table.values)
        for name, value in protected_fields(cube, source).items():
            setattr(table, name, value)
    FigureTable.objects.bulk_update(tables, ["shown", "symbols"])
    return len(tables)


def published_tables(*, municipality: Municipality) -> dict[int, dict[int, Published]]:
    """figure id → year → its published cells; one query."""
    tables: dict[int, dict[int, Published]] = defaultdict(dict)
    for table in FigureTable.objects.filter(municipality=municipality).only(*PUBLISHED_FIELDS):
        tables[table.figure_id][table.year] = Published.from_table(table)
    return tables


VALUE_COLUMNS = ("municipality_id", "indicator_id", "year", "area_id", "series", "category",
                 "value", "symbol", "numerator", "denominator")  # fmt: skip


def insert_values(rows: list[tuple[Any, ...]]) -> None:
    """Insert indicator values in one statement per batch. Thousands of them are written on
    every import; model instances and bulk_create would cost several times the computation."""
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in VALUE_COLUMNS)
    placeholders = ", ".join(["%s"] * len(VALUE_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608 (names from the model, values as parameters)


@transaction.atomic
def indicators_recompute(*, municipality: Municipality) -> int:
    """Compute the values of every indicator anew from the published tables."""
    tables = published_tables(municipality=municipality)
    area_ids = dict(Area.objects.filter(municipality=municipality).values_list("code", "id"))
    rows = []
    for indicator in Indicator.objects.filter(municipality=municipality):
        denominator = tables.get(indicator.denominator_id, {}) if indicator.denominator_id else None
        for value in compute(indicator, tables.get(indicator.numerator_id, {}), denominator):
            if value.area != TOTAL and value.area not in area_ids:
                continue
            rows.append(
                (
                    municipality.pk,
                    indicator.pk,
                    value.year,
                    None if value.area == TOTAL else area_ids[value.area],
                    value.series,
                    value.category,
                    value.value,
                    value.symbol,
                    value.numerator,
                    value.denominator,
                )
            )
    IndicatorValue.objects.filter(municipality=municipality).delete()
    insert_values(rows)
    Municipality.objects.filter(pk=municipality.pk).update(content_changed_at=timezone.now())
    return len(rows)
