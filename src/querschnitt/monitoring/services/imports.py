"""Imports: check a file (a report naming row, column and value of every problem), then
apply it in one transaction only when it is free of problems and the office confirms.

A register extract is aggregated when it is checked; the run keeps only the counts, never a
row of the extract.
"""

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.dimensions import Definition, normalise
from querschnitt.monitoring.extract_format import FIGURES
from querschnitt.monitoring.models import Area, Figure, FigureTable, ImportRun, Source
from querschnitt.monitoring.problems import FileRefused, problem
from querschnitt.monitoring.services.computation import (
    NewTable,
    indicators_recompute,
    tables_store,
)
from querschnitt.monitoring.services.indicators import standard_indicators_install
from querschnitt.monitoring.spreadsheets import read_sheet
from querschnitt.monitoring.tables import Context, parse_table

if TYPE_CHECKING:
    from querschnitt.monitoring.register import Aggregated

REGISTER_FIGURES: dict[str, dict[str, Any]] = {
    "population": {
        "name": {
            "de": "Einwohnerinnen und Einwohner nach Migrationshintergrund",
            "en": "Residents by migration background",
        },
        "description": {
            "de": "Einwohner mit Hauptwohnsitz nach Geschlecht, Altersgruppe und "
            "Migrationshintergrund.",
            "en": "Residents with their main residence by sex, age group and migration background.",
        },
        "definition": Definition.MH_REGISTER,
    },
    "population_eg": {
        "name": {
            "de": "Einwohnerinnen und Einwohner nach Einwanderungsgeschichte",
            "en": "Residents by immigration history",
        },
        "description": {
            "de": "Einwohner nach Geschlecht, Altersgruppe und Einwanderungsgeschichte.",
            "en": "Residents by sex, age group and immigration history.",
        },
        "definition": Definition.IMMIGRATION_HISTORY,
    },
    "foreign_nationality": {
        "name": {
            "de": "Ausländische Einwohner nach Staatsangehörigkeit",
            "en": "Foreign residents by nationality",
        },
        "description": {
            "de": "Einwohner ohne deutsche Staatsangehörigkeit.",
            "en": "Residents without German citizenship.",
        },
        "definition": Definition.CITIZENSHIP,
    },
    "foreign_residence": {
        "name": {
            "de": "Ausländische Einwohner nach Wohndauer",
            "en": "Foreign residents by length of residence",
        },
        "description": {
            "de": "Einwohner ohne deutsche Staatsangehörigkeit nach Jahren seit "
            "dem Zuzug in die Stadt.",
            "en": "Residents without German citizenship by years since moving into the city.",
        },
        "definition": Definition.CITIZENSHIP,
    },
}
DEFINITION_WORDS = {
    normalise(word): definition
    for definition in Definition
    for word in (definition.value, str(definition.label))
}


def area_codes(municipality: Municipality) -> dict[str, str]:
    return dict(
        Area.objects.filter(municipality=municipality).order_by("code").values_list("code", "name")
    )


def run_create(
    *,
    municipality: Municipality,
    by: Any,
    kind: str,
    file_name: str,
    problems: list[dict[str, Any]],
    problem_count: int | None = None,
    metadata: dict[str, Any],
    figure: Figure | None = None,
    tables: list[dict[str, Any]] | None = None,
    result: dict[str, Any] | None = None,
    notes: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    run: ImportRun | None = None,
) -> ImportRun:
    """The checked (or refused) import; `run`: a received one being counted, filled in."""
    failed = bool(problems)
    if run is None:
        run = ImportRun(
            municipality=municipality,
            kind=kind,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
    run.state = ImportRun.State.FAILED if failed else ImportRun.State.CHECKED
    run.file_name = file_name[:255]
    run.figure = figure
    run.metadata = metadata
    run.report = {
        "problems": problems,
        "problem_count": problem_count if problem_count is not None else len(problems),
        "tables": tables or [],
        "notes": notes or [],
        **(extra or {}),
    }
    run.result = {} if failed else (result or {})
    run.progress_done = run.progress_total
    run.full_clean(exclude=["created_by", "figure", "upload"])
    run.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="monitoring_import.failed" if failed else "monitoring_import.checked",
        target=run,
    )
    return run


def table_summary(
    key: str, year: int, data: dict[str, Any], existing: set[tuple[str, int]]
) -> dict[str, Any]:
    interior = data["interior"]
    return {
        "figure": key,
        "year": year,
        "reference_date": data["reference_date"],
        "dims": data["dims"],
        "categories": [len(c) for c in data["categories"]],
        "cells": len(interior),
        "total": int(sum(interior)),
        "replaces": (key, year) in existing,
    }


def existing_years(municipality: Municipality, keys: list[str]) -> set[tuple[str, int]]:
    return set(
        FigureTable.objects.filter(municipality=municipality, figure__key__in=keys).values_list(
            "figure__key", "year"
        )
    )


@transaction.atomic
def import_check_table(
    *,
    municipality: Municipality,
    by: Any,
    file_name: str,
    content: bytes,
    figure: Figure | None = None,
    new_figure: dict[str, Any] | None = None,
    reference_date: date | None = None,
    encoding: str = "utf-8",
) -> ImportRun:
    """Check an aggregated table (CSV or XLSX, long or wide) for an existing or a new figure."""
    if (figure is None) == (new_figure is None):
        raise ValueError("Give either a figure or a new figure.")
    if figure is not None and figure.municipality_id != municipality.pk:
        raise ValidationError("The figure belongs to another municipality.")
    metadata: dict[str, Any] = {
        "reference_date": reference_date.isoformat() if reference_date else "",
        "encoding": encoding,
    }
    if new_figure is not None:
        source = new_figure["source"]
        if source.municipality_id != municipality.pk:
            raise ValidationError("The source belongs to another municipality.")
        if Figure.objects.filter(municipality=municipality, key=new_figure["key"]).exists():
            raise ValidationError(
                {"key": _("A figure with this key exists already; import into it instead.")}
            )
        metadata["new_figure"] = {**new_figure, "source": source.pk}
    common = {
        "municipality": municipality,
        "by": by,
        "kind": ImportRun.Kind.TABLE,
        "file_name": file_name,
        "metadata": metadata,
        "figure": figure,
    }
    try:
        sheet = read_sheet(content, encoding=encoding)
    except FileRefused as refused:
        return run_create(problems=refused.problems, **common)
    municipality_only = None
    if figure is not None:
        municipality_only = figure.area_level == Figure.AreaLevel.MUNICIPALITY
    context = Context(
        areas=area_codes(municipality),
        municipality_names=(municipality.name, municipality.ags, f"stadt {municipality.name}"),
        today=timezone.localdate(),
        reference_date=reference_date,
        expected_dims=tuple(figure.dims) if figure is not None else None,
        municipality_only=municipality_only,
        figure_name=str(figure) if figure is not None else new_figure["key"],  # type: ignore[index]
    )
    parsed = parse_table(sheet, context)
    definition = figure.definition if figure is not None else new_figure["definition"]  # type: ignore[index]
    metadata_problems(parsed.metadata, definition, parsed)
    if parsed.problem_count:
        return run_create(problems=parsed.problems, problem_count=parsed.problem_count, **common)
    key = figure.key if figure is not None else new_figure["key"]  # type: ignore[index]
    if new_figure is not None:
        has_areas = any(t.cube.dims and t.cube.dims[0] == "area" for t in parsed.tables.values())
        metadata["new_figure"]["dims"] = parsed.dims
        metadata["new_figure"]["area_level"] = (
            Figure.AreaLevel.DISTRICT if has_areas else Figure.AreaLevel.MUNICIPALITY
        )
    result = {key: {str(year): table.to_json() for year, table in parsed.tables.items()}}
    existing = existing_years(municipality, [key])
    tables = [table_summary(key, int(year), data, existing) for year, data in result[key].items()]
    return run_create(problems=[], result=result, tables=tables, notes=parsed.notes, **common)


def metadata_problems(metadata: dict[str, tuple[int, str]], definition: str, parsed: Any) -> None:
    """The file's own metadata must agree with the figure."""
    for key in ("definition", "definition migrationshintergrund", "migrationshintergrund"):
        if key in metadata:
            row, value = metadata[key]
            found = DEFINITION_WORDS.get(normalise(value))
            if found is None:
                parsed.add(problem("unknown_metadata", row=row, column=key, value=value, key=key))
            elif found != definition:
                parsed.add(
                    problem(
                        "metadata_conflict",
                        row=row,
                        column=key,
                        value=value,
                        key=key,
                        file=str(Definition(found).label),
                        form=str(Definition(definition).label),
                    )
                )


REGISTER_STEPS = 4  # read, checked, counted, saved (`register.aggregate` tells the first three)
# An extract still being counted after this long has lost its worker (a city of Berlin's size
# is counted within a minute): it is refused and deleted by the periodic job `imports_expire`.
COUNTING_TIMEOUT = timedelta(hours=1)
EXTRACTS = "monitoring/extracts"


@transaction.atomic
def import_check_register(
    *,
    municipality: Municipality,
    by: Any,
    file_name: str,
    content: bytes,
    source: Source,
    reference_date: date,
    encoding: str = "utf-8",
) -> ImportRun:
    """Check and aggregate a register extract at once; only its counts are kept. (The staff
    upload goes through the worker instead: `import_receive_register`.)"""
    common = register_common(municipality, by, file_name, source, reference_date, encoding)
    return register_run(common, register_aggregate(municipality, content, common["metadata"]))


def register_common(
    municipality: Municipality,
    by: Any,
    file_name: str,
    source: Source,
    reference_date: date,
    encoding: str,
) -> dict[str, Any]:
    if source.municipality_id != municipality.pk:
        raise ValidationError("The source belongs to another municipality.")
    metadata = {
        "reference_date": reference_date.isoformat(),
        "source": source.pk,
        "encoding": encoding,
    }
    return {
        "municipality": municipality,
        "by": by,
        "kind": ImportRun.Kind.REGISTER,
        "file_name": file_name,
        "metadata": metadata,
    }


def register_aggregate(
    municipality: Municipality,
    content: bytes,
    metadata: dict[str, Any],
    progress: Callable[[int], None] | None = None,
) -> "Aggregated | list[dict[str, Any]]":
    """The counts of an extract, or the problems of a file that cannot be read."""
    # Polars is imported only where an extract is counted (the worker), not in every process
    from querschnitt.monitoring.register import aggregate

    try:
        return aggregate(
            content,
            reference_date=date.fromisoformat(metadata["reference_date"]),
            area_codes=list(area_codes(municipality)),
            encoding=metadata["encoding"],
            today=timezone.localdate(),
            progress=progress,
        )
    except FileRefused as refused:
        return refused.problems


@transaction.atomic
def import_receive_register(
    *,
    municipality: Municipality,
    by: Any,
    file_name: str,
    upload: File,
    source: Source,
    reference_date: date,
    encoding: str = "utf-8",
) -> ImportRun:
    """Keep an uploaded extract until the worker has checked and counted it
    (`tasks.register_count`); the import's page shows the progress meanwhile."""
    # imported here: the task backend is chosen when the tasks are first imported
    from querschnitt.monitoring.tasks import register_count

    common = register_common(municipality, by, file_name, source, reference_date, encoding)
    run = ImportRun(
        municipality=municipality,
        kind=ImportRun.Kind.REGISTER,
        state=ImportRun.State.COUNTING,
        file_name=file_name[:255],
        metadata=common["metadata"],
        progress_total=REGISTER_STEPS,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    run.full_clean(exclude=["created_by", "figure", "upload"])
    run.upload.save(f"{secrets.token_hex(16)}.extract", upload, save=False)
    try:
        run.save()
        audit_record(
            municipality=municipality, actor=by, action="monitoring_import.received", target=run
        )
        # The task row is written in this transaction: it runs only if the upload commits.
        register_count.enqueue(municipality_id=municipality.pk, run_id=run.pk)
    except BaseException:
        # Rolled back: nothing names the file any more. (A transaction around this one that
        # rolls back leaves it to `extracts_delete_abandoned`.)
        run.upload.delete(save=False)
        raise
    run.refresh_from_db()
    return run


def import_count_register(*, run: ImportRun) -> ImportRun:
    """Check and count a received extract (in the worker). The progress is written as it
    goes; the outcome in one transaction: the run is checked with its counts, or refused
    with its problems. The extract is deleted in every case."""
    runs = ImportRun.objects.filter(municipality=run.municipality_id, pk=run.pk)
    run = runs.select_related("municipality", "created_by").get()
    if run.state != ImportRun.State.COUNTING:
        return run
    common = {
        "municipality": run.municipality,
        "by": run.created_by,
        "kind": ImportRun.Kind.REGISTER,
        "file_name": run.file_name,
        "metadata": run.metadata,
    }
    try:
        with run.upload.open("rb") as file:
            content = file.read()
        aggregated = register_aggregate(
            run.municipality,
            content,
            run.metadata,
            progress=lambda step: runs.update(progress_done=step),
        )
        del content
        with transaction.atomic():
            locked = runs.select_for_update().get()
            if locked.state == ImportRun.State.COUNTING:
                run = register_run(common, aggregated, run=run)
    except Exception:
        # recorded for the office, then raised for the worker's log; unless the run is no
        # longer counting (`imports_expire` refused it meanwhile): its outcome stands
        with transaction.atomic():
            if runs.select_for_update().get().state == ImportRun.State.COUNTING:
                run_create(problems=[problem("register_count_failed")], run=run, **common)
        raise
    finally:
        run.upload.delete(save=False)
        runs.update(upload="")
    return run


def register_run(
    common: dict[str, Any],
    aggregated: "Aggregated | list[dict[str, Any]]",
    existing: set[tuple[str, int]] | None = None,
    run: ImportRun | None = None,
) -> ImportRun:
    """The run of a counted extract; `existing`: the (figure, year) tables stored already."""
    if isinstance(aggregated, list):  # the file cannot be read
        return run_create(problems=aggregated, run=run, **common)
    if not aggregated.ok:
        return run_create(
            problems=aggregated.problems,
            problem_count=sum(aggregated.problem_counts.values()),
            extra={"problem_counts": aggregated.problem_counts},
            run=run,
            **common,
        )
    if existing is None:
        existing = existing_years(common["municipality"], list(FIGURES))
    year = aggregated.reference_date.year
    result = {
        key: {str(year): cube_json(cube, aggregated.reference_date)}
        for key, cube in aggregated.cubes.items()
    }
    tables = [table_summary(key, year, data[str(year)], existing) for key, data in result.items()]
    return run_create(
        problems=[],
        result=result,
        tables=tables,
        extra={"persons": aggregated.persons},
        run=run,
        **common,
    )


def cube_json(cube: Cube, reference_date: date) -> dict[str, Any]:
    return {
        "reference_date": reference_date.isoformat(),
        "dims": cube.dims,
        "categories": cube.categories,
        "labels": {},
        "interior": cube.interior().reshape(-1).tolist(),
    }


def register_figures(*, municipality: Municipality, source: Source) -> dict[str, Figure]:
    """The four figures of register extracts, created on the first import."""
    figures = {
        figure.key: figure
        for figure in Figure.objects.filter(
            municipality=municipality, key__in=list(FIGURES)
        ).select_related("source")
    }
    for key, (dims, _categories) in FIGURES.items():
        if key in figures:
            continue
        spec = REGISTER_FIGURES[key]
        figures[key] = Figure.objects.create(
            municipality=municipality,
            key=key,
            name=spec["name"],
            description=spec["description"],
            definition=spec["definition"],
            source=source,
            dims=list(dims),
            area_level=Figure.AreaLevel.DISTRICT,
            origin=Figure.Origin.REGISTER,
        )
    return figures


@transaction.atomic
def import_apply(*, run: ImportRun, by: Any, recompute: bool = True) -> ImportRun:
    """Write the checked tables (replacing those of the same years), install the standard
    indicators the data now allows and compute every indicator again (`recompute=False`
    leaves that to the caller, who imports several files at once)."""
    run = ImportRun.objects.select_for_update().get(municipality=run.municipality, pk=run.pk)
    if run.state != ImportRun.State.CHECKED:
        raise ValidationError(_("Only a checked import can be applied."), code="not_pending")
    municipality = run.municipality
    if run.kind == ImportRun.Kind.REGISTER:
        source = Source.objects.get(municipality=municipality, pk=run.metadata["source"])
        figures = register_figures(municipality=municipality, source=source)
    elif run.figure is not None:
        figures = {run.figure.key: run.figure}
    else:
        spec = run.metadata["new_figure"]
        figure = Figure(
            municipality=municipality,
            key=spec["key"],
            name=spec["name"],
            description=spec.get("description", {}),
            source=Source.objects.get(municipality=municipality, pk=spec["source"]),
            definition=spec["definition"],
            dims=spec["dims"],
            area_level=spec["area_level"],
            origin=Figure.Origin.TABLE,
        )
        figure.full_clean()
        figure.save()
        figures = {figure.key: figure}
        run.figure = figure
    tables = []
    for key, years in run.result.items():
        for year, data in years.items():
            shape = [len(c) for c in data["categories"]]
            interior = np.array(data["interior"], dtype=np.int64).reshape(shape)
            tables.append(
                NewTable(
                    figure=figures[key],
                    year=int(year),
                    reference_date=date.fromisoformat(data["reference_date"]),
                    cube=Cube.from_interior(data["dims"], data["categories"], interior),
                    labels=data.get("labels") or {},
                )
            )
    tables_store(municipality=municipality, tables=tables, import_run=run)
    run.state = ImportRun.State.APPLIED
    run.applied_at = timezone.now()
    run.result = {}
    run.save(update_fields=["state", "applied_at", "result", "figure"])
    if recompute:
        created = standard_indicators_install(municipality=municipality)
        # only the indicators that count these figures can change (and the new ones)
        changed = {figure.pk for figure in figures.values()}
        changed |= {i.numerator_id for i in created}
        changed |= {i.denominator_id for i in created if i.denominator_id is not None}
        indicators_recompute(municipality=municipality, figures=changed)
    audit_record(
        municipality=municipality, actor=by, action="monitoring_import.applied", target=run
    )
    return run


@transaction.atomic
def import_discard(*, run: ImportRun, by: Any) -> ImportRun:
    """Set aside a checked or refused import; nothing of it is written."""
    run = ImportRun.objects.select_for_update().get(municipality=run.municipality, pk=run.pk)
    if run.state == ImportRun.State.COUNTING:
        raise ValidationError(
            _(
                "This extract is still being checked and counted; it can be discarded when "
                "the counting is done (this page shows it)."
            ),
            code="counting",
        )
    if run.state not in (ImportRun.State.CHECKED, ImportRun.State.FAILED):
        raise ValidationError(_("This import has already been applied or discarded."))
    run.state = ImportRun.State.DISCARDED
    run.result = {}
    run.save(update_fields=["state", "result"])
    audit_record(
        municipality=run.municipality, actor=by, action="monitoring_import.discarded", target=run
    )
    return run


@transaction.atomic
def imports_expire(*, municipality: Municipality, now: datetime) -> int:
    """Refuse the extracts still counting after `COUNTING_TIMEOUT` (their worker died) with a
    message saying so, and delete their files; the number refused."""
    stale = ImportRun.objects.select_for_update().filter(
        municipality=municipality,
        state=ImportRun.State.COUNTING,
        created_at__lt=now - COUNTING_TIMEOUT,
    )
    refused = 0
    for run in stale:
        name = run.upload.name
        run.upload = ""
        run_create(
            municipality=municipality,
            by=None,
            kind=run.kind,
            file_name=run.file_name,
            metadata=run.metadata,
            problems=[
                problem(
                    "register_count_timed_out",
                    minutes=int(COUNTING_TIMEOUT.total_seconds() // 60),
                )
            ],
            run=run,
        )
        if name:
            transaction.on_commit(partial(run.upload.storage.delete, name))
        refused += 1
    return refused


def extracts_delete_abandoned(*, now: datetime) -> int:
    """Delete the stored extracts that no import names (their upload was rolled back) and
    that are older than `COUNTING_TIMEOUT`; the number deleted. For every municipality: the
    files are not stored by municipality."""
    storage = ImportRun._meta.get_field("upload").storage
    try:
        _folders, files = storage.listdir(EXTRACTS)
    except FileNotFoundError:
        return 0
    with scopes_disabled():
        named = set(
            ImportRun.objects.filter(upload__startswith=f"{EXTRACTS}/").values_list(
                "upload", flat=True
            )
        )
    deleted = 0
    for file in files:
        name = f"{EXTRACTS}/{file}"
        if name not in named and storage.get_modified_time(name) < now - COUNTING_TIMEOUT:
            storage.delete(name)
            deleted += 1
    return deleted
