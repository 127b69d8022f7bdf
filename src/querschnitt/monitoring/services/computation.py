"""Writing tables with their protection, and computing every indicator from them.

Called after every import and every change of a rule, an area or a definition. Everything is
computed in bulk: the tables of an import are protected together (those of a year that share
a margin as one, see `suppression.protect_together`) and written in one statement; one query
loads the published cells the indicators need, and their values are written in one statement.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q

from querschnitt.core.models import Municipality
from querschnitt.core.page_cache import municipality_content_changed
from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import TOTAL
from querschnitt.monitoring.extract_format import SHARED_MARGINS
from querschnitt.monitoring.indicators import Published, compute_rows
from querschnitt.monitoring.models import (
    Area,
    Figure,
    FigureTable,
    ImportRun,
    Indicator,
    IndicatorValue,
    Source,
)
from querschnitt.monitoring.suppression import (
    PRIMARY,
    SECONDARY,
    Link,
    Protected,
    Rule,
    protect_together,
)

PUBLISHED_FIELDS = ("id", "figure_id", "year", "dims", "categories", "labels", "shown", "symbols")
LINKED_KEYS = frozenset(key for margin in SHARED_MARGINS for key in (margin[0], margin[2]))


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


def published_fields(values: np.ndarray, protected: Protected) -> dict[str, Any]:
    shown = protected.shown.reshape(-1).astype(object)
    shown[protected.hidden.reshape(-1) != 0] = None
    return {"shown": shown.tolist(), "symbols": symbols_of(values, protected)}


def shared_links(cubes: Sequence[tuple[str, Cube]]) -> list[Link]:
    """The margins that tables of one year both publish (`extract_format.SHARED_MARGINS`), where
    their counts agree, so that an attacker could join the tables on them."""
    position = {key: index for index, (key, _cube) in enumerate(cubes)}
    links = []
    for left, left_codes, right, right_codes in SHARED_MARGINS:
        if left not in position or right not in position:
            continue
        a, b = cubes[position[left]][1], cubes[position[right]][1]
        if a.free_dimensions(left_codes) != b.free_dimensions(right_codes):
            continue
        try:
            left_cells, right_cells = a.margin(left_codes), b.margin(right_codes)
        except ValueError:  # a category the table does not have
            continue
        if np.array_equal(a.values.flat[left_cells], b.values.flat[right_cells]):
            links.append(Link(position[left], left_cells, position[right], right_cells))
    return links


def protect_year(tables: Sequence[tuple[Figure, Cube]]) -> list[Protected]:
    """Protect a year's tables of several figures together (each figure's source sets the
    rule of its table)."""
    links = shared_links([(figure.key, cube) for figure, cube in tables])
    return protect_together(
        [cube.values for _figure, cube in tables],
        [rule_of(figure.source) for figure, _cube in tables],
        links,
    )


@dataclass
class NewTable:
    """A figure's table of one year as imported, before it is protected and saved."""

    figure: Figure
    year: int
    reference_date: date
    cube: Cube
    labels: dict[str, dict[str, str]]


def tables_store(
    *, municipality: Municipality, tables: Sequence[NewTable], import_run: ImportRun | None
) -> None:
    """Save (or replace) figures' tables with what may be published of them. The tables of a
    year that share a margin are protected together, with the stored ones they share it with
    (those are protected again)."""
    keys = {table.figure.key for table in tables}
    partner_keys = {
        key for margin in SHARED_MARGINS if {margin[0], margin[2]} & keys for key in margin[::2]
    } - keys
    partners: list[FigureTable] = []
    if partner_keys:
        partners = list(
            FigureTable.objects.filter(
                municipality=municipality,
                year__in={table.year for table in tables},
                figure__key__in=partner_keys,
            ).select_related("figure__source")
        )
    rows, updated = [], []
    for year in sorted({table.year for table in tables}):
        new = [table for table in tables if table.year == year]
        stored = [table for table in partners if table.year == year]
        group = [(t.figure, t.cube) for t in new] + [(t.figure, stored_cube(t)) for t in stored]
        protected = protect_year(group)
        for table, found in zip(new, protected[: len(new)], strict=True):
            rows.append(
                FigureTable(
                    municipality=municipality,
                    figure=table.figure,
                    year=year,
                    reference_date=table.reference_date,
                    dims=table.cube.dims,
                    categories=table.cube.categories,
                    labels=table.labels,
                    import_run=import_run,
                    values=table.cube.values.reshape(-1).tolist(),
                    **published_fields(table.cube.values, found),
                )
            )
        for stored_table, found in zip(stored, protected[len(new) :], strict=True):
            for name, value in published_fields(stored_cube(stored_table).values, found).items():
                setattr(stored_table, name, value)
            updated.append(stored_table)
    replaced = Q()
    for table in tables:
        replaced |= Q(figure=table.figure, year=table.year)
    FigureTable.objects.filter(replaced, municipality=municipality).delete()
    FigureTable.objects.bulk_create(rows)
    if updated:
        FigureTable.objects.bulk_update(updated, ["shown", "symbols"])


def stored_cube(table: FigureTable) -> Cube:
    return Cube.from_flat(table.dims, table.categories, table.values)


def source_reprotect(*, source: Source) -> int:
    """Apply a changed rule to every table of the source's figures (and protect again the
    tables of other sources that share a margin with them)."""
    tables = list(
        FigureTable.objects.filter(
            municipality=source.municipality, figure__source=source
        ).select_related("figure")
    )
    for table in tables:
        table.figure.source = source
    keys = {table.figure.key for table in tables}
    partner_keys = {
        key for margin in SHARED_MARGINS if {margin[0], margin[2]} & keys for key in margin[::2]
    }
    partners = []
    if partner_keys:
        partners = list(
            FigureTable.objects.filter(
                municipality=source.municipality,
                figure__key__in=partner_keys,
                year__in={table.year for table in tables},
            )
            .exclude(figure__source=source)
            .select_related("figure__source")
        )
    by_year: dict[int, list[FigureTable]] = defaultdict(list)
    for table in tables + partners:
        by_year[table.year].append(table)
    for group in by_year.values():
        cubes = [stored_cube(table) for table in group]
        protected = protect_year([(t.figure, c) for t, c in zip(group, cubes, strict=True)])
        for table, cube, found in zip(group, cubes, protected, strict=True):
            for name, value in published_fields(cube.values, found).items():
                setattr(table, name, value)
    FigureTable.objects.bulk_update(tables + partners, ["shown", "symbols"])
    return len(tables)


def published_tables(
    *, municipality: Municipality, figures: Collection[int] | None = None
) -> dict[int, dict[int, Published]]:
    """figure id → year → its published cells (of the given figures, or all); one query."""
    tables: dict[int, dict[int, Published]] = defaultdict(dict)
    found = FigureTable.objects.filter(municipality=municipality)
    if figures is not None:
        found = found.filter(figure__in=list(figures))
    for table in found.only(*PUBLISHED_FIELDS):
        tables[table.figure_id][table.year] = Published.from_table(table)
    return tables


VALUE_COLUMNS = ("municipality_id", "indicator_id", "year", "area_id", "series", "category",
                 "value", "symbol", "numerator", "denominator")  # fmt: skip


def insert_values(rows: list[tuple[Any, ...]]) -> None:
    """Insert indicator values in as few statements as the database takes (COPY on
    PostgreSQL, rows of parameters on SQLite). Thousands of them are written on every import;
    model instances and bulk_create would cost several times the computation."""
    if not rows:
        return
    table = connection.ops.quote_name(IndicatorValue._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in VALUE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        row_marks = "(" + ", ".join(["%s"] * len(VALUE_COLUMNS)) + ")"
        size = max(1, (connection.features.max_query_params or 999) // len(VALUE_COLUMNS))
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_marks] * len(batch))}",  # noqa: S608 (names from the model, values as parameters)
                [value for row in batch for value in row],
            )


@transaction.atomic
def indicators_recompute(
    *, municipality: Municipality, figures: Collection[int] | None = None
) -> int:
    """Compute the values of the indicators anew from the published tables: of those that
    count one of `figures` (ids), or of all."""
    indicators = Indicator.objects.filter(municipality=municipality)
    if figures is not None:
        indicators = indicators.filter(Q(numerator__in=figures) | Q(denominator__in=figures))
    indicators = list(indicators)
    needed = {i.numerator_id for i in indicators} | {
        i.denominator_id for i in indicators if i.denominator_id
    }
    tables = published_tables(municipality=municipality, figures=needed) if needed else {}
    area_ids = dict(Area.objects.filter(municipality=municipality).values_list("code", "id"))
    area_ids[TOTAL] = None
    rows = []
    for indicator in indicators:
        denominator = tables.get(indicator.denominator_id, {}) if indicator.denominator_id else None
        rows += compute_rows(
            indicator,
            tables.get(indicator.numerator_id, {}),
            denominator,
            municipality_id=municipality.pk,
            area_ids=area_ids,
        )
    stale = IndicatorValue.objects.filter(municipality=municipality)
    if figures is not None:
        stale = stale.filter(indicator__in=[i.pk for i in indicators])
    stale.delete()
    insert_values(rows)
    municipality_content_changed(municipality.pk)
    return len(rows)
