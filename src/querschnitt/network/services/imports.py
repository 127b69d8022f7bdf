"""Importing lists of organisations: preview first, then all of it or none of it.

Reading and checking the file is pure (`network/imports.py`); this module brings in what the
database knows (districts, existing organisations) and writes: the preview as an
`ImportRun`, and, once staff confirm, the organisations in one transaction.

A list of more than BACKGROUND_ROWS rows is read, and later applied, by the task worker
(`network/tasks.py`), so that no request waits for it; the run's `progress` tells the page
how far it has come. Applying stays one transaction either way.

The apply path writes in bulk instead of calling `organisation_create` per row: ten thousand
rows must take seconds, and the run is audited once with its counts instead of once per row.
It keeps what `organisation_create`/`organisation_update` keep: `search_text` from
`build_search_text` and the search vocabulary, the date of publication, `full_clean()`, topics
and languages as rows, every row scoped to the municipality.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.page_cache import municipality_content_changed
from querschnitt.network.imports import (
    DEFAULT_DECISIONS,
    ExistingIndex,
    ImportContext,
    ImportRejected,
    ParsedRow,
    Progress,
    build_report,
    check_file,
    compact,
    current_values,
    decision_values,
    effective_decisions,
    estimated_rows,
    no_progress,
    problem,
    same_spelling,
)
from querschnitt.network.models import (
    District,
    ImportRun,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
)
from querschnitt.network.search import build_search_text, search_vocabulary_add
from querschnitt.network.services.organisations import coordinates_outside, municipality_area

CHUNK = 1_000
BATCH = 500
# Above this many rows (estimated from the file) reading and applying run in the worker.
BACKGROUND_ROWS = 2_000


def chunked[T](items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def is_user(by: Any) -> bool:
    return by is not None and getattr(by, "is_authenticated", False)


# --------------------------------------------------------------------------------------------
# What the rows are checked against


def import_context(*, municipality: Municipality) -> ImportContext:
    """The municipality's districts (by name and code) and its plausible box."""
    districts: dict[str, int] = {}
    names: dict[int, str] = {}
    for pk, name, code in District.objects.filter(municipality=municipality).values_list(
        "id", "name", "code"
    ):
        names[pk] = name
        districts.setdefault(compact(name), pk)
        if code:
            districts.setdefault(compact(code), pk)
    # The same judgement as the organisation forms make (`organisation_location_problem`).
    area = municipality_area(municipality=municipality)
    return ImportContext(
        districts=districts,
        district_names=names,
        outside=lambda latitude, longitude: coordinates_outside(
            area=area, latitude=latitude, longitude=longitude
        ),
    )


CURRENT_FIELDS = (
    "id",
    "name",
    "kind",
    "street",
    "postal_code",
    "city",
    "district_id",
    "latitude",
    "longitude",
    "public_email",
    "public_phone",
    "website",
    "description",
    "wheelchair_accessible",
    "visibility",
    "status",
)


def existing_loader(
    *, municipality: Municipality
) -> Callable[[list[ParsedRow]], tuple[ExistingIndex, dict[int, dict[str, Any]]]]:
    """Index every organisation of the municipality by name and address, and read the
    present values of those that rows match exactly, in a few queries whatever the size."""

    def load(rows: list[ParsedRow]) -> tuple[ExistingIndex, dict[int, dict[str, Any]]]:
        records = (
            Organisation.objects.filter(municipality=municipality)
            .order_by()
            .values_list("id", "name", "street", "postal_code", "city")
        )
        index = ExistingIndex(records.iterator(chunk_size=5_000))
        matched = sorted(
            {ids[0] for row in rows if not row.errors and len(ids := index.exact(row.values)) == 1}
        )
        current: dict[int, dict[str, Any]] = {}
        for chunk in chunked(matched):
            topics: dict[int, list[str]] = {}
            for organisation_id, topic in OrganisationTopic.objects.filter(
                municipality=municipality, organisation_id__in=chunk
            ).values_list("organisation_id", "topic"):
                topics.setdefault(organisation_id, []).append(topic)
            languages: dict[int, list[str]] = {}
            for organisation_id, language in OrganisationLanguage.objects.filter(
                municipality=municipality, organisation_id__in=chunk
            ).values_list("organisation_id", "language"):
                languages.setdefault(organisation_id, []).append(language)
            for values in (
                Organisation.objects.filter(municipality=municipality, pk__in=chunk)
                .order_by()
                .values(*CURRENT_FIELDS)
            ):
                pk = values["id"]
                current[pk] = current_values(values, topics.get(pk, []), languages.get(pk, []))
        return index, current

    return load


# --------------------------------------------------------------------------------------------
# Preview


def import_preview_create(
    *, municipality: Municipality, by: Any, file_name: str, content: bytes
) -> ImportRun:
    """Read an uploaded list, check every row and store the preview; nothing else changes.

    A file that cannot be imported at all raises `ImportRejected` (a ValidationError) with
    the reasons, and nothing is stored. Reading happens before the transaction opens, so a
    large file does not hold the database's write lock while it is parsed.
    """
    report = read_report(municipality=municipality, file_name=file_name, content=content)
    with transaction.atomic():
        run = ImportRun(
            municipality=municipality,
            file_name=file_name[:255] or "import",
            content=content,
            report=report,
            created_by=by if is_user(by) else None,
        )
        run.full_clean(exclude=["municipality", "created_by"])
        run.save()
        audit_previewed(run=run, by=by)
    return run


def read_report(
    *, municipality: Municipality, file_name: str, content: bytes, progress: Progress = no_progress
) -> dict[str, Any]:
    return build_report(
        content,
        file_name,
        import_context(municipality=municipality),
        existing_loader(municipality=municipality),
        progress,
    )


def audit_previewed(*, run: ImportRun, by: Any) -> None:
    audit_record(
        municipality=run.municipality,
        actor=by,
        action="import.previewed",
        target=run,
        changes={"counts": run.report["counts"]},
    )


def import_upload(
    *, municipality: Municipality, by: Any, file_name: str, content: bytes
) -> ImportRun:
    """Take an uploaded list: a small one is previewed at once, a large one by the worker.

    What can be judged without reading the file (size, type, what an XLSX archive declares)
    is judged here, so that a hostile file is refused before it is stored.
    """
    check_file(content)
    if estimated_rows(content) <= BACKGROUND_ROWS:
        return import_preview_create(
            municipality=municipality, by=by, file_name=file_name, content=content
        )
    from querschnitt.network.tasks import import_read

    with transaction.atomic():
        run = ImportRun(
            municipality=municipality,
            file_name=file_name[:255] or "import",
            content=content,
            state=ImportRun.State.READING,
            progress={"phase": "queued", "at": timezone.now().isoformat()},
            created_by=by if is_user(by) else None,
        )
        run.full_clean(exclude=["municipality", "created_by", "report"])
        run.save()
        # The task row commits with the run; the worker finds both or neither.
        import_read.enqueue(municipality_id=municipality.pk, run_id=run.pk)
    return run


def progress_writer(run: ImportRun) -> Progress:
    """Notes how far the worker has come on the run, committed at once for the page to see."""

    def write(phase: str, done: int, total: int | None) -> None:
        ImportRun.objects.filter(municipality=run.municipality, pk=run.pk).update(
            progress={"phase": phase, "done": done, "total": total}
        )

    return write


def import_preview_build(*, run: ImportRun) -> ImportRun:
    """Read a run that waits for it (the worker's part of `import_upload`).

    Ends in PREVIEW, or in REJECTED with the reasons; a run discarded meanwhile stays so.
    Runs outside a transaction, so that the progress shows while the file is read.
    """
    municipality = run.municipality
    progress = progress_writer(run)
    progress("read", 0, None)
    try:
        report = read_report(
            municipality=municipality,
            file_name=run.file_name,
            content=bytes(run.content),
            progress=progress,
        )
    except ImportRejected as rejected:
        return import_reading_rejected(
            run=run, problems=rejected.problems, details=rejected.details
        )
    progress("store", 0, None)
    with transaction.atomic():
        stored = ImportRun.objects.filter(
            municipality=municipality, pk=run.pk, state=ImportRun.State.READING
        ).update(state=ImportRun.State.PREVIEW, report=report, progress={})
        if stored:
            run.state, run.report, run.progress = ImportRun.State.PREVIEW, report, {}
            audit_previewed(run=run, by=run.created_by)
    return run


@transaction.atomic
def import_reading_rejected(
    *, run: ImportRun, problems: list[dict[str, Any]], details: dict[str, Any] | None = None
) -> ImportRun:
    """The worker found the file cannot be imported: keep the reasons, drop the file."""
    report = {"rejected": {"problems": problems, **(details or {})}}
    ImportRun.objects.filter(
        municipality=run.municipality, pk=run.pk, state=ImportRun.State.READING
    ).update(state=ImportRun.State.REJECTED, report=report, content=b"", progress={})
    run.state, run.report = ImportRun.State.REJECTED, report
    audit_record(
        municipality=run.municipality,
        actor=run.created_by,
        action="import.rejected",
        target=run,
        changes={"problems": [entry["code"] for entry in problems]},
    )
    return run


def reading_failed_unexpectedly(*, run: ImportRun) -> ImportRun:
    return import_reading_rejected(run=run, problems=[problem("unexpected_error")])


# --------------------------------------------------------------------------------------------
# Decisions on likely duplicates


def duplicate_rows(run: ImportRun) -> dict[int, dict[str, Any]]:
    return {row["row"]: row for row in run.report.get("rows", []) if row["action"] == "duplicate"}


@transaction.atomic
def import_decide(
    *, run: ImportRun, decisions: Mapping[int, str], default: str | None = None
) -> ImportRun:
    """Store decisions on likely duplicates of a preview: per row, and (`default`) for every
    row not decided on its own. Each is checked against the choices its row offers."""
    if not decisions and default is None:
        return run
    # Only the state and the decisions are read again (locked); the rows are the report's,
    # which does not change while the run is a preview.
    locked = (
        ImportRun.objects.select_for_update()
        .filter(municipality=run.municipality, pk=run.pk)
        .values("state", "decisions")
        .get()
    )
    if locked["state"] != ImportRun.State.PREVIEW:
        raise ValidationError(
            _("This import has already been applied or discarded."), code="not_pending"
        )
    rows = duplicate_rows(run)
    stored = dict(locked["decisions"])
    for number, decision in decisions.items():
        row = rows.get(number)
        if row is None or decision not in decision_values(row):
            raise ValidationError(
                _("Row %(row)s: the decision is not one of the choices offered.") % {"row": number}
            )
        stored[str(number)] = decision
    if default is not None:
        if default not in DEFAULT_DECISIONS:
            raise ValidationError(_("Unknown decision."))
        stored = {"*": default}  # a decision for every row replaces the single ones
    ImportRun.objects.filter(municipality=run.municipality, pk=run.pk).update(decisions=stored)
    run.decisions = stored
    return run


# --------------------------------------------------------------------------------------------
# Apply


SIMPLE_FIELDS = (
    "name",
    "kind",
    "street",
    "postal_code",
    "city",
    "public_email",
    "public_phone",
    "website",
    "wheelchair_accessible",
    "visibility",
    "status",
)
UPDATED_FIELDS = [
    *SIMPLE_FIELDS,
    "district",
    "latitude",
    "longitude",
    "description",
    "search_text",
    "published_at",
    "updated_at",
]
MAX_ROW_ERRORS = 20


def apply_values(organisation: Organisation, values: Mapping[str, Any]) -> None:
    """Set the fields a row gives a value for; empty cells leave a field as it is."""
    for name in SIMPLE_FIELDS:
        if name in values and not same_spelling(name, values[name], getattr(organisation, name)):
            setattr(organisation, name, values[name])
    if "district" in values:
        organisation.district_id = values["district"]
    for name in ("latitude", "longitude"):
        if name in values:
            setattr(organisation, name, Decimal(values[name]))
    if "description" in values:
        organisation.description = {**(organisation.description or {}), "de": values["description"]}


class Plan:
    """What applying a run writes, row by row, before anything is written."""

    def __init__(self) -> None:
        self.creates: list[Organisation] = []
        self.updates: dict[int, Organisation] = {}
        self.by_row: dict[int, Organisation] = {}
        self.topics: dict[int, tuple[Organisation, list[str]]] = {}
        self.languages: dict[int, tuple[Organisation, list[str]]] = {}
        self.rows_of: dict[int, list[int]] = {}  # id(organisation) → rows that wrote it
        self.outcomes: dict[int, str] = {}

    def write(self, organisation: Organisation, row: dict[str, Any]) -> None:
        values = row.get("values", {})
        apply_values(organisation, values)
        self.by_row[row["row"]] = organisation
        self.rows_of.setdefault(id(organisation), []).append(row["row"])
        if "topics" in values:
            self.topics[id(organisation)] = (organisation, values["topics"])
        if "languages" in values:
            self.languages[id(organisation)] = (organisation, values["languages"])
        if organisation.pk is not None:
            self.updates[organisation.pk] = organisation


def decision_of(row: dict[str, Any], decisions: Mapping[int, str]) -> str:
    """The decision for a likely duplicate, checked against the choices it was offered."""
    decision = decisions.get(row["row"]) or "skip"
    if decision not in decision_values(row):
        raise ValidationError(
            _("Row %(row)s: the decision is not one of the choices offered.") % {"row": row["row"]}
        )
    return decision


def plan_rows(
    *, municipality: Municipality, rows: Sequence[dict[str, Any]], decisions: Mapping[int, str]
) -> Plan:
    """Turn the preview's rows and the decisions into organisations to write, in row order."""
    targets: set[int] = set()
    for row in rows:
        if row["action"] in ("update", "unchanged"):
            targets.add(row["target"])
        elif row["action"] == "duplicate":
            decision = decision_of(row, decisions)
            if decision.startswith("update:"):
                targets.add(int(decision.removeprefix("update:")))
    existing: dict[int, Organisation] = {}
    for chunk in chunked(sorted(targets)):
        # Locked until the transaction ends, so that no edit in between is overwritten.
        for organisation in (
            Organisation.objects.filter(municipality=municipality, pk__in=chunk)
            .order_by()
            .select_for_update()
        ):
            existing[organisation.pk] = organisation
    if missing := targets - set(existing):
        raise ValidationError(
            _(
                "%(count)s organisations of this preview have been deleted in the meantime. "
                "Upload the file again for a fresh preview."
            )
            % {"count": len(missing)}
        )

    plan = Plan()
    for row in rows:
        number, action = row["row"], row["action"]
        if action == "reject":
            plan.outcomes[number] = "rejected"
        elif action == "create":
            organisation = new_organisation(municipality)
            plan.creates.append(organisation)
            plan.write(organisation, row)
            plan.outcomes[number] = "created"
        elif action == "update":
            plan.write(existing[row["target"]], row)
            plan.outcomes[number] = "updated"
        elif action == "unchanged":
            plan.by_row[number] = existing[row["target"]]
            plan.outcomes[number] = "unchanged"
        elif action == "duplicate":
            decision = decision_of(row, decisions)
            if decision == "skip":
                plan.outcomes[number] = "skipped"
            elif decision == "create":
                organisation = new_organisation(municipality)
                plan.creates.append(organisation)
                plan.write(organisation, row)
                plan.outcomes[number] = "created"
            elif decision.startswith("update:"):
                plan.write(existing[int(decision.removeprefix("update:"))], row)
                plan.outcomes[number] = "updated"
            else:
                earlier = int(decision.removeprefix("row:"))
                if earlier not in plan.by_row:
                    raise ValidationError(
                        _(
                            "Row %(row)s is to update the organisation of row %(earlier)s, "
                            "but row %(earlier)s is not imported."
                        )
                        % {"row": number, "earlier": earlier}
                    )
                plan.write(plan.by_row[earlier], row)
                plan.outcomes[number] = "merged"
    return plan


def new_organisation(municipality: Municipality) -> Organisation:
    """Defaults of an imported organisation: the office's own list, so published and public."""
    return Organisation(
        municipality=municipality,
        kind=Organisation.Kind.OTHER,
        visibility=Visibility.PUBLIC,
        status=Organisation.Status.PUBLISHED,
    )


def validate_plan(*, municipality: Municipality, plan: Plan) -> None:
    """Prepare and check every organisation to write, naming the rows that fail."""
    now = timezone.now()
    districts = set(District.objects.filter(municipality=municipality).values_list("id", flat=True))
    failures: list[str] = []
    for organisation in [*plan.creates, *plan.updates.values()]:
        rows = ", ".join(str(row) for row in plan.rows_of.get(id(organisation), []))
        if organisation.status == Organisation.Status.PUBLISHED and not organisation.published_at:
            organisation.published_at = now
        organisation.updated_at = now
        topics = plan.topics.get(id(organisation))
        languages = plan.languages.get(id(organisation))
        organisation.search_text = build_search_text(
            organisation,
            topics=topics[1] if topics else None,
            languages=languages[1] if languages else None,
        )
        district_id = organisation.district_id
        try:
            if district_id is not None and district_id not in districts:
                raise ValidationError({"district": _("This district no longer exists.")})
            # The municipality is set by this service and the district was checked above;
            # letting full_clean check them would cost two queries per row.
            organisation.full_clean(exclude=["municipality", "district"])
        except ValidationError as error:
            details = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            failures.append(_("Row %(row)s: %(details)s") % {"row": rows, "details": details})
            if len(failures) >= MAX_ROW_ERRORS:
                break
    if failures:
        raise ValidationError(failures)


def update_in_bulk(*, municipality: Municipality, organisations: list[Organisation]) -> None:
    """Write the UPDATED_FIELDS of many organisations with one statement and many parameters.

    Django's `bulk_update` builds a CASE expression per field and row: ten seconds for a
    couple of thousand rows. `executemany` sends one prepared UPDATE with a parameter set per
    row instead. Values go through each field's `get_db_prep_save`, exactly as `save()` does,
    and the WHERE names the municipality as well as the key.
    """
    if not organisations:
        return
    connection = connections[router.db_for_write(Organisation)]
    fields = [cast(Field, Organisation._meta.get_field(name)) for name in UPDATED_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(Organisation._meta.db_table)} SET {assignments} "  # noqa: S608 (names from the model)
        f"WHERE {quote('id')} = %s AND {quote('municipality_id')} = %s"
    )
    rows = (
        [
            field.get_db_prep_save(getattr(organisation, field.attname), connection)
            for field in fields
        ]
        + [organisation.pk, municipality.pk]
        for organisation in organisations
    )
    with connection.cursor() as cursor:
        for chunk in chunked(rows, BATCH):
            cursor.executemany(sql, chunk)


def write_plan(*, municipality: Municipality, plan: Plan) -> None:
    """Write the organisations, their topics and languages in batches."""
    Organisation.objects.bulk_create(plan.creates, batch_size=BATCH)
    if any(organisation.pk is None for organisation in plan.creates):
        # Every supported database returns the new keys; fail loudly if one does not.
        raise RuntimeError("bulk_create did not return primary keys")
    update_in_bulk(municipality=municipality, organisations=list(plan.updates.values()))
    for model, field, entries in (
        (OrganisationTopic, "topic", plan.topics.values()),
        (OrganisationLanguage, "language", plan.languages.values()),
    ):
        replaced = [organisation.pk for organisation, _codes in entries]
        for chunk in chunked(replaced):
            model.objects.filter(municipality=municipality, organisation_id__in=chunk).delete()
        model.objects.bulk_create(
            (
                model(municipality=municipality, organisation=organisation, **{field: code})
                for organisation, codes in entries
                for code in sorted(set(codes))
            ),
            batch_size=BATCH,
        )
    # Known words for the search's typo correction, as organisation_create adds them.
    written = [*plan.creates, *plan.updates.values()]
    if written:
        search_vocabulary_add(
            municipality_id=municipality.pk,
            search_text=" ".join({o.search_text for o in written}),
        )
    # Bulk writes send no signals; the public pages' cache is keyed on this stamp.
    municipality_content_changed(municipality.pk)


@transaction.atomic
def import_apply(
    *,
    run: ImportRun,
    by: Any,
    decisions: Mapping[int, str] | None = None,
    queued: bool = False,
) -> ImportRun:
    """Apply a previewed import: every row or none.

    `decisions` maps the row number of each likely duplicate to "skip" (the default),
    "create", "update:<organisation id>" or "row:<earlier row>"; without it, the decisions
    stored on the run count. `queued`: the worker applies a run queued by
    `import_apply_enqueue`. Any failure raises a ValidationError and the transaction leaves
    the database as it was.
    """
    municipality = run.municipality
    now = timezone.now()
    # Claiming the run by its state makes a second, concurrent confirmation a no-op.
    claimed = ImportRun.objects.filter(
        municipality=municipality,
        pk=run.pk,
        state=ImportRun.State.APPLYING if queued else ImportRun.State.PREVIEW,
    ).update(state=ImportRun.State.APPLIED, applied_at=now, progress={})
    if not claimed:
        raise ValidationError(
            _("This import has already been applied or discarded."), code="not_pending"
        )
    report = run.report
    if report.get("version") is None or "rows" not in report:
        raise ValidationError(_("This import has no preview to apply."))
    if decisions is None:
        decisions = effective_decisions(report["rows"], run.decisions)
    plan = plan_rows(municipality=municipality, rows=report["rows"], decisions=decisions)
    validate_plan(municipality=municipality, plan=plan)
    write_plan(municipality=municipality, plan=plan)

    result = dict.fromkeys(("created", "updated", "merged", "unchanged", "skipped", "rejected"), 0)
    for row in report["rows"]:
        outcome = plan.outcomes[row["row"]]
        result[outcome] += 1
        row["outcome"] = outcome
        organisation = plan.by_row.get(row["row"])
        if organisation is not None:
            row["organisation"] = organisation.pk
    report["result"] = result
    report.pop("failure", None)
    run.report = report
    run.state = ImportRun.State.APPLIED
    run.applied_at = now
    run.progress = {}
    # The report keeps what was applied; the uploaded file itself is not needed any more.
    run.content = b""
    run.save(update_fields=["report", "state", "applied_at", "content", "progress"])
    audit_record(
        municipality=municipality,
        actor=by,
        action="import.applied",
        target=run,
        changes={"file": run.file_name, **result},
    )
    return run


def runs_in_background(run: ImportRun) -> bool:
    return int(run.report.get("counts", {}).get("total", 0)) > BACKGROUND_ROWS


@transaction.atomic
def import_apply_enqueue(*, run: ImportRun, by: Any) -> ImportRun:
    """Queue a previewed import for the worker, which applies it with `import_apply`."""
    from querschnitt.network.tasks import import_apply_queued

    progress = {"phase": "queued", "at": timezone.now().isoformat()}
    claimed = ImportRun.objects.filter(
        municipality=run.municipality, pk=run.pk, state=ImportRun.State.PREVIEW
    ).update(state=ImportRun.State.APPLYING, progress=progress)
    if not claimed:
        raise ValidationError(
            _("This import has already been applied or discarded."), code="not_pending"
        )
    run.state, run.progress = ImportRun.State.APPLYING, progress
    import_apply_queued.enqueue(
        municipality_id=run.municipality_id,
        run_id=run.pk,
        user_id=by.pk if is_user(by) else None,
    )
    return run


@transaction.atomic
def import_apply_cancel(*, run: ImportRun, by: Any) -> ImportRun:
    """Return a queued import to its preview. If the worker has already applied it, that
    stays: applying claims the run in its own transaction, so one of the two wins whole."""
    returned = ImportRun.objects.filter(
        municipality=run.municipality, pk=run.pk, state=ImportRun.State.APPLYING
    ).update(state=ImportRun.State.PREVIEW, progress={})
    if not returned:
        raise ValidationError(
            _("This import has already been applied or discarded."), code="not_pending"
        )
    run.state, run.progress = ImportRun.State.PREVIEW, {}
    audit_record(
        municipality=run.municipality,
        actor=by,
        action="import.cancelled",
        target=run,
        changes={"file": run.file_name},
    )
    return run


@transaction.atomic
def import_discard(*, run: ImportRun, by: Any) -> ImportRun:
    """Throw a preview (or a file still being read) away; the uploaded file is deleted, the
    report kept for the record."""
    claimed = ImportRun.objects.filter(
        municipality=run.municipality,
        pk=run.pk,
        state__in=[ImportRun.State.PREVIEW, ImportRun.State.READING],
    ).update(state=ImportRun.State.DISCARDED, content=b"", progress={})
    if not claimed:
        raise ValidationError(
            _("This import has already been applied or discarded."), code="not_pending"
        )
    run.state = ImportRun.State.DISCARDED
    audit_record(
        municipality=run.municipality,
        actor=by,
        action="import.discarded",
        target=run,
        changes={"file": run.file_name},
    )
    return run


@transaction.atomic
def import_record_failure(*, run: ImportRun, by: Any, messages: list[str]) -> ImportRun:
    """Note on a preview why applying it failed (the failed attempt itself wrote nothing); a
    queued import returns to its preview."""
    report = dict(run.report)
    report["failure"] = {"at": timezone.now().isoformat(), "messages": messages[:MAX_ROW_ERRORS]}
    ImportRun.objects.filter(
        municipality=run.municipality,
        pk=run.pk,
        state__in=[ImportRun.State.PREVIEW, ImportRun.State.APPLYING],
    ).update(report=report, state=ImportRun.State.PREVIEW, progress={})
    run.report, run.state, run.progress = report, ImportRun.State.PREVIEW, {}
    audit_record(
        municipality=run.municipality,
        actor=by,
        action="import.failed",
        target=run,
        changes={"messages": messages[:MAX_ROW_ERRORS]},
    )
    return run
