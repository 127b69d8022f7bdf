"""The import services: preview, apply all or nothing, duplicates, discard (both databases)."""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scope, scopes_disabled

from querschnitt.accounts.models import User
from querschnitt.core.models import AuditEntry
from querschnitt.network.imports import ImportRejected
from querschnitt.network.models import (
    District,
    ImportRun,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
)
from querschnitt.network.search import build_search_text
from querschnitt.network.services.imports import (
    import_apply,
    import_discard,
    import_preview_create,
    import_record_failure,
)
from querschnitt.network.services.organisations import organisation_create
from querschnitt.network.tests.test_imports_parsing import HEADER, csv_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """The assertions below read the reports' English wording."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff_user(db: Any) -> User:
    return User.objects.get(email="team@mannheim.example")


@pytest.fixture
def in_mannheim(mannheim: Any) -> Any:
    with scope(municipality=mannheim):
        yield mannheim


def row(name: str, **cells: Any) -> list[Any]:
    """A data row in the order of HEADER, from German column names (spaces as _)."""
    values = dict.fromkeys(HEADER, "")
    for key, value in cells.items():
        values[key.replace("_", "-") if key == "E_Mail" else key] = value
    return [values[header] if header != "Name" else name for header in HEADER]


def existing(municipality: Any, by: Any, name: str, **fields: Any) -> Organisation:
    fields.setdefault("status", Organisation.Status.PUBLISHED)
    return organisation_create(municipality=municipality, by=by, name=name, **fields)


def make_file(kind: str, rows: list[list[Any]]) -> tuple[str, bytes]:
    if kind == "xlsx":
        return "akteure.xlsx", xlsx_bytes([HEADER, *rows])
    return "akteure.csv", csv_bytes([HEADER, *rows], encoding="cp1252")


def preview(municipality: Any, by: Any, rows: list[list[Any]], kind: str = "csv") -> ImportRun:
    file_name, content = make_file(kind, rows)
    return import_preview_create(
        municipality=municipality, by=by, file_name=file_name, content=content
    )


def actions(run: ImportRun) -> dict[int, str]:
    return {entry["row"]: entry["action"] for entry in run.report["rows"]}


@pytest.fixture
def alpha_beta(in_mannheim: Any, staff_user: User) -> tuple[Organisation, Organisation]:
    alpha = existing(
        in_mannheim,
        staff_user,
        "Importverein Alpha e.V.",
        street="Hauptstraße 1",
        postal_code="68159",
        city="Mannheim",
        kind=Organisation.Kind.ASSOCIATION,
        topics=["sports"],
    )
    beta = existing(
        in_mannheim,
        staff_user,
        "Importverein Beta",
        street="Ringstraße 2",
        postal_code="68161",
        city="Mannheim",
        kind=Organisation.Kind.CULTURAL_INSTITUTION,
        description={"de": "Alt", "en": "Old"},
    )
    return alpha, beta


GOOD = [
    # an update of Alpha (its address spelt differently), kind and topics change
    row(
        "importverein alpha",
        Straße="Hauptstr. 1",
        PLZ="68159",
        Art="Sportverein",
        Themen="Sport, Jugend",
    ),
    # Beta exactly as it is: unchanged
    row(
        "Importverein Beta",
        Straße="Ringstraße 2",
        PLZ="68161",
        Ort="Mannheim",
        Art="Kultureinrichtung",
        Beschreibung="Alt",
    ),
    # new
    row(
        "Importverein Gamma",
        Art="Religionsgemeinschaft",
        Straße="Marktplatz 3",
        PLZ="68161",
        Ort="Mannheim",
        Stadtteil="Lindenhof",
        Sprachen="Arabisch, Türkisch",
        Themen="Religion",
        Breitengrad="49,4730",
        Längengrad="8,4600",
        Website="www.gamma.example",
        Barrierefrei="ja",
        Beschreibung="Offene Moscheegemeinde",
    ),
    # rejected: a bad e-mail address
    row("Importverein Delta", E_Mail="delta(at)example"),
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_preview_classifies_every_row_and_writes_nothing_else(
    kind, in_mannheim, staff_user, alpha_beta
) -> None:
    alpha, beta = alpha_beta
    organisations = Organisation.objects.filter(municipality=in_mannheim).count()
    run = preview(in_mannheim, staff_user, GOOD, kind)
    assert run.state == ImportRun.State.PREVIEW
    assert actions(run) == {2: "update", 3: "unchanged", 4: "create", 5: "reject"}
    assert run.report["counts"] == {
        "total": 4,
        "create": 1,
        "update": 1,
        "unchanged": 1,
        "reject": 1,
        "duplicate": 0,
        "warnings": 0,
    }
    update, unchanged, _create, reject = run.report["rows"]
    assert update["target"] == alpha.pk
    assert {change["field"] for change in update["changes"]} == {"kind", "topics"}
    assert unchanged["target"] == beta.pk
    assert reject["errors"] == [
        {
            "code": "email_invalid",
            "column": "E-Mail",
            "letter": "K",
            "value": "delta(at)example",
        }
    ]
    assert run.report["file"]["format"] == kind
    if kind == "csv":
        assert run.report["file"]["encoding"] == "Windows-1252"
    assert Organisation.objects.filter(municipality=in_mannheim).count() == organisations
    assert AuditEntry.objects.filter(action="import.previewed", target_id=str(run.pk)).count() == 1


def test_applying_creates_and_updates_in_bulk_and_audits_the_run_once(
    in_mannheim, staff_user, alpha_beta
) -> None:
    alpha, beta = alpha_beta
    beta_changed = beta.updated_at
    run = preview(in_mannheim, staff_user, GOOD)
    audit_before = AuditEntry.objects.filter(municipality=in_mannheim).count()

    import_apply(run=run, by=staff_user, decisions={})

    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED
    assert run.applied_at is not None
    assert bytes(run.content) == b""
    assert run.report["result"] == {
        "created": 1,
        "updated": 1,
        "merged": 0,
        "unchanged": 1,
        "skipped": 0,
        "rejected": 1,
    }
    gamma = Organisation.objects.get(municipality=in_mannheim, name="Importverein Gamma")
    assert run.report["rows"][2]["organisation"] == gamma.pk
    assert gamma.kind == Organisation.Kind.RELIGIOUS_COMMUNITY
    assert gamma.status == Organisation.Status.PUBLISHED
    assert gamma.published_at is not None
    assert gamma.district == District.objects.get(municipality=in_mannheim, name="Lindenhof")
    assert gamma.latitude == Decimal("49.473000")
    assert gamma.website == "https://www.gamma.example"
    assert gamma.wheelchair_accessible is True
    assert gamma.description == {"de": "Offene Moscheegemeinde"}
    assert gamma.search_text == build_search_text(gamma)
    assert sorted(gamma.languages.values_list("language", flat=True)) == ["ar", "tr"]
    assert list(gamma.topics.values_list("topic", flat=True)) == ["religion"]
    alpha.refresh_from_db()
    assert alpha.name == "Importverein Alpha e.V."  # the same name, so kept as written
    assert alpha.kind == Organisation.Kind.SPORTS_CLUB
    assert alpha.street == "Hauptstraße 1"  # the same address, so kept as it was written
    assert alpha.search_text == build_search_text(alpha)
    assert sorted(alpha.topics.values_list("topic", flat=True)) == ["sports", "youth"]
    beta.refresh_from_db()
    assert beta.updated_at == beta_changed
    assert not Organisation.objects.filter(
        municipality=in_mannheim, name="Importverein Delta"
    ).exists()
    new_entries = AuditEntry.objects.filter(municipality=in_mannheim).order_by("id")[audit_before:]
    assert [(entry.action, entry.changes.get("created")) for entry in new_entries] == [
        ("import.applied", 1)
    ]


def test_empty_cells_leave_what_an_entry_says(in_mannheim, staff_user, alpha_beta) -> None:
    _alpha, beta = alpha_beta
    run = preview(
        in_mannheim,
        staff_user,
        [row("Importverein Beta", Straße="Ringstraße 2", PLZ="68161", Telefon="0621 1")],
    )
    import_apply(run=run, by=staff_user, decisions={})
    beta.refresh_from_db()
    assert beta.public_phone == "0621 1"
    assert beta.kind == Organisation.Kind.CULTURAL_INSTITUTION
    assert beta.description == {"de": "Alt", "en": "Old"}
    assert beta.city == "Mannheim"


@pytest.fixture
def duplicates(in_mannheim, staff_user, alpha_beta) -> ImportRun:
    return preview(
        in_mannheim,
        staff_user,
        [
            # 2: same name as Alpha, another address → likely duplicate of Alpha
            row("Importverein Alpha", Straße="Neue Straße 9", PLZ="68169", Telefon="0621 9"),
            # 3: new
            row("Importverein Epsilon", Straße="Weg 1", PLZ="68163"),
            # 4: same name as row 3 → likely duplicate of row 3
            row("Importverein Epsilon e. V.", Straße="Weg 1", PLZ="68163", Telefon="0621 4"),
        ],
    )


def test_likely_duplicates_are_shown_for_a_decision(duplicates, alpha_beta) -> None:
    alpha, _beta = alpha_beta
    assert actions(duplicates) == {2: "duplicate", 3: "create", 4: "duplicate"}
    first, _new, second = duplicates.report["rows"]
    assert first["candidates"] == [
        {
            "id": alpha.pk,
            "name": "Importverein Alpha e.V.",
            "address": "Hauptstraße 1, 68159 Mannheim",
        }
    ]
    assert second["same_as_row"] == 3
    assert duplicates.report["counts"]["duplicate"] == 2


def named(municipality: Any, name_start: str) -> list[Organisation]:
    return list(Organisation.objects.filter(municipality=municipality, name__startswith=name_start))


def test_duplicates_are_skipped_by_default(in_mannheim, staff_user, duplicates) -> None:
    import_apply(run=duplicates, by=staff_user, decisions={})
    assert len(named(in_mannheim, "Importverein Alpha")) == 1
    (epsilon,) = named(in_mannheim, "Importverein Epsilon")
    assert epsilon.public_phone == ""
    assert duplicates.report["result"]["skipped"] == 2


def test_a_duplicate_can_be_created_as_new(in_mannheim, staff_user, duplicates) -> None:
    import_apply(run=duplicates, by=staff_user, decisions={2: "create", 4: "create"})
    assert len(named(in_mannheim, "Importverein Alpha")) == 2
    assert len(named(in_mannheim, "Importverein Epsilon")) == 2


def test_a_duplicate_can_update_the_existing_entry(
    in_mannheim, staff_user, duplicates, alpha_beta
) -> None:
    alpha, _beta = alpha_beta
    import_apply(run=duplicates, by=staff_user, decisions={2: f"update:{alpha.pk}"})
    alpha.refresh_from_db()
    assert alpha.street == "Neue Straße 9"
    assert alpha.public_phone == "0621 9"
    assert len(named(in_mannheim, "Importverein Alpha")) == 1
    assert duplicates.report["rows"][0]["organisation"] == alpha.pk


def test_a_duplicate_can_update_the_entry_of_an_earlier_row(
    in_mannheim, staff_user, duplicates
) -> None:
    import_apply(run=duplicates, by=staff_user, decisions={4: "row:3"})
    (epsilon,) = named(in_mannheim, "Importverein Epsilon")
    assert epsilon.name == "Importverein Epsilon"  # the same name, spelt as first written
    assert epsilon.public_phone == "0621 4"
    assert duplicates.report["result"]["merged"] == 1


def test_a_decision_that_was_not_offered_is_refused_and_nothing_is_written(
    in_mannheim, staff_user, duplicates, alpha_beta
) -> None:
    _alpha, beta = alpha_beta
    count = Organisation.objects.filter(municipality=in_mannheim).count()
    with pytest.raises(ValidationError):
        import_apply(run=duplicates, by=staff_user, decisions={2: f"update:{beta.pk}"})
    duplicates.refresh_from_db()
    assert duplicates.state == ImportRun.State.PREVIEW
    assert Organisation.objects.filter(municipality=in_mannheim).count() == count


def test_the_organisation_of_another_municipality_cannot_be_chosen(
    in_mannheim, staff_user, duplicates, bamberg
) -> None:
    with scopes_disabled():
        foreign = Organisation.objects.filter(municipality=bamberg).first()
    with pytest.raises(ValidationError):
        import_apply(run=duplicates, by=staff_user, decisions={2: f"update:{foreign.pk}"})


def test_updating_the_entry_of_a_skipped_row_is_refused(
    in_mannheim, staff_user, alpha_beta
) -> None:
    run = preview(
        in_mannheim,
        staff_user,
        [row("Importverein Alpha", PLZ="68161"), row("Importverein Alpha", PLZ="68163")],
    )
    assert actions(run) == {2: "duplicate", 3: "duplicate"}
    assert run.report["rows"][1]["same_as_row"] == 2
    count = Organisation.objects.filter(municipality=in_mannheim).count()
    with pytest.raises(ValidationError, match="row 2"):
        import_apply(run=run, by=staff_user, decisions={2: "skip", 3: "row:2"})
    assert Organisation.objects.filter(municipality=in_mannheim).count() == count
    import_apply(run=run, by=staff_user, decisions={2: "create", 3: "row:2"})
    (created,) = Organisation.objects.filter(municipality=in_mannheim, name="Importverein Alpha")
    assert created.postal_code == "68163"  # row 3 updated what row 2 created


def test_organisations_of_other_municipalities_are_not_matched(
    in_mannheim, staff_user, bamberg
) -> None:
    with scopes_disabled():
        name = Organisation.objects.filter(municipality=bamberg).first().name
    run = preview(in_mannheim, staff_user, [row(name)])
    assert actions(run) == {2: "create"}


def test_all_or_nothing_when_writing_fails_in_the_middle(
    in_mannheim, staff_user, alpha_beta, monkeypatch
) -> None:
    alpha, _beta = alpha_beta
    run = preview(in_mannheim, staff_user, GOOD)
    organisations = Organisation.objects.filter(municipality=in_mannheim).count()
    topics = OrganisationTopic.objects.filter(municipality=in_mannheim).count()
    original = OrganisationLanguage.objects.bulk_create

    def fail_after_the_organisations(objs, *args, **kwargs):
        # By now the organisations were inserted, updated and got their topics.
        assert Organisation.objects.filter(name="Importverein Gamma").exists()
        raise IntegrityError("forced failure")

    monkeypatch.setattr(OrganisationLanguage.objects, "bulk_create", fail_after_the_organisations)
    with pytest.raises(IntegrityError):
        import_apply(run=run, by=staff_user, decisions={})
    monkeypatch.setattr(OrganisationLanguage.objects, "bulk_create", original)

    assert Organisation.objects.filter(municipality=in_mannheim).count() == organisations
    assert OrganisationTopic.objects.filter(municipality=in_mannheim).count() == topics
    alpha.refresh_from_db()
    assert alpha.kind == Organisation.Kind.ASSOCIATION
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREVIEW
    assert not AuditEntry.objects.filter(action="import.applied", target_id=str(run.pk)).exists()
    # The failure is noted on the run, and the run can then be applied.
    import_record_failure(run=run, by=staff_user, messages=["forced failure"])
    run.refresh_from_db()
    assert run.report["failure"]["messages"] == ["forced failure"]
    import_apply(run=run, by=staff_user, decisions={})
    assert "failure" not in run.report


def test_a_row_that_became_invalid_since_the_preview_fails_the_whole_import(
    in_mannheim, staff_user, alpha_beta
) -> None:
    run = preview(in_mannheim, staff_user, GOOD)
    District.objects.filter(municipality=in_mannheim, name="Lindenhof").delete()
    organisations = Organisation.objects.filter(municipality=in_mannheim).count()
    with pytest.raises(ValidationError) as caught:
        import_apply(run=run, by=staff_user, decisions={})
    assert "Row 4" in caught.value.messages[0]
    assert Organisation.objects.filter(municipality=in_mannheim).count() == organisations


def test_an_organisation_deleted_since_the_preview_fails_the_whole_import(
    in_mannheim, staff_user, alpha_beta
) -> None:
    alpha, _beta = alpha_beta
    run = preview(in_mannheim, staff_user, GOOD)
    alpha.delete()
    with pytest.raises(ValidationError):
        import_apply(run=run, by=staff_user, decisions={})
    assert not Organisation.objects.filter(
        municipality=in_mannheim, name="Importverein Gamma"
    ).exists()


def test_an_applied_or_discarded_run_cannot_be_applied_again(in_mannheim, staff_user) -> None:
    applied = preview(in_mannheim, staff_user, [row("Einmalverein")])
    import_apply(run=applied, by=staff_user, decisions={})
    with pytest.raises(ValidationError) as caught:
        import_apply(run=applied, by=staff_user, decisions={})
    assert caught.value.code == "not_pending"
    with pytest.raises(ValidationError):
        import_discard(run=applied, by=staff_user)
    assert len(named(in_mannheim, "Einmalverein")) == 1

    discarded = preview(in_mannheim, staff_user, [row("Verworfener Verein")])
    import_discard(run=discarded, by=staff_user)
    discarded.refresh_from_db()
    assert discarded.state == ImportRun.State.DISCARDED
    assert bytes(discarded.content) == b""
    with pytest.raises(ValidationError):
        import_apply(run=discarded, by=staff_user, decisions={})
    assert named(in_mannheim, "Verworfener Verein") == []


def test_a_file_that_cannot_be_imported_stores_nothing(in_mannheim, staff_user) -> None:
    runs = ImportRun.objects.filter(municipality=in_mannheim).count()
    with pytest.raises(ImportRejected) as caught:
        import_preview_create(
            municipality=in_mannheim,
            by=staff_user,
            file_name="liste.csv",
            content=csv_bytes([["Kürzel", "PLZ"], ["A", "68159"]]),
        )
    assert caught.value.problems[0]["code"] == "missing_columns"
    assert ImportRun.objects.filter(municipality=in_mannheim).count() == runs


def test_coordinates_outside_the_municipality_are_flagged(in_mannheim, staff_user) -> None:
    # The demo's organisations lie in Mannheim: that is where the municipality is.
    run = preview(
        in_mannheim,
        staff_user,
        [
            row("In Mannheim", Breitengrad="49.4875", Längengrad="8.4660"),
            row("In Berlin", Breitengrad="52.52", Längengrad="13.405"),
            row("Vertauscht", Breitengrad="8.4660", Längengrad="49.4875"),
        ],
    )
    warnings = [[w["code"] for w in entry.get("warnings", [])] for entry in run.report["rows"]]
    assert warnings == [[], ["coordinates_outside"], ["coordinates_outside_swapped"]]
    assert actions(run) == {2: "create", 3: "create", 4: "create"}


def test_the_apply_runs_a_number_of_queries_that_does_not_grow_with_the_rows(
    in_mannheim, staff_user
) -> None:
    def queries(size: int, prefix: str) -> int:
        run = preview(
            in_mannheim,
            staff_user,
            [row(f"{prefix} {n}", PLZ="68159", Themen="Sport", Sprachen="tr") for n in range(size)],
        )
        run = ImportRun.objects.defer("content").get(pk=run.pk)
        with CaptureQueriesContext(connection) as captured:
            import_apply(run=run, by=staff_user, decisions={})
        assert run.report["result"]["created"] == size
        return len(captured)

    assert queries(20, "Klein") == queries(400, "Gross")
