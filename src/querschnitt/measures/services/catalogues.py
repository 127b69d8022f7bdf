"""Freezing an edition of the catalogue and what changed since the one before.

An edition is written once, in one transaction: its entries are copies of the measures as
they stood ("Stand 12.07.2013"). Afterwards the database refuses any change to it
(`measures.frozen`); its PDF is produced in the background into a row of its own.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.measures.models import (
    BudgetLine,
    Catalogue,
    CatalogueDocument,
    CatalogueEntry,
    Measure,
    Production,
)
from querschnitt.measures.selectors import catalogue_q, public_q

# What a reader compares between editions, with its label.
COMPARED = (
    "title",
    "state",
    "lead_department",
    "departments",
    "partners",
    "fields_of_action",
    "goals",
    "target_groups",
    "period",
    "budget",
)


def catalogue_measures(municipality: Municipality, year: int) -> list[Measure]:
    """The measures an edition for `year` frozen now holds: the public ones of the catalogue."""
    return list(
        Measure.objects.filter(catalogue_q(year), public_q(), municipality=municipality)
        .select_related(
            "state",
            "lead_department",
            "proposer_body",
            "proposer_organisation",
            "proposer_department",
        )
        .prefetch_related(*(Prefetch(name, to_attr=f"{name}_list") for name in RELATED))
        .order_by("key")
    )


# copied into an entry; read as lists (a related manager per measure and name would build a
# query each time, 40,000 of them for 10,000 measures, although the rows were prefetched)
RELATED = ("fields_of_action", "goals", "departments", "partners")


def related(measure: Measure, name: str) -> list[Any]:
    found = getattr(measure, f"{name}_list", None)
    return list(getattr(measure, name).all()) if found is None else found


def entry_from(
    measure: Measure, catalogue: Catalogue, position: int, budget: dict[str, str]
) -> CatalogueEntry:
    fields = sorted(related(measure, "fields_of_action"), key=lambda f: (f.position, f.pk))
    goals = sorted(related(measure, "goals"), key=lambda g: g.key)
    return CatalogueEntry(
        municipality=catalogue.municipality,
        catalogue=catalogue,
        measure=measure,
        position=position,
        key=measure.key,
        title=measure.title,
        description=measure.description,
        state_key=measure.state.key,
        state_name=measure.state.name,
        fields_of_action=[[f.key, f.name] for f in fields],
        goals=[[g.key, g.title] for g in goals if g.is_public],
        target_groups=measure.target_groups,
        lead_department=str(measure.lead_department or ""),
        departments=sorted(str(d) for d in related(measure, "departments")),
        partners=sorted(o.name for o in related(measure, "partners") if o.is_publicly_listed),
        proposer=measure.public_proposer_label,
        start_date=measure.start_date,
        end_date=measure.end_date,
        budget=budget,
    )


@transaction.atomic
def catalogue_freeze(
    *,
    municipality: Municipality,
    by: Any,
    year: int,
    as_of: date,
    title: str = "",
    note: str = "",
    measures: list[Measure] | None = None,
) -> Catalogue:
    """Freeze the catalogue as it stands into an edition for `year`, as of `as_of`."""
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("An edition is frozen as of today or an earlier day.")})
    if Catalogue.objects.filter(municipality=municipality, as_of=as_of).exists():
        raise ValidationError(
            {
                "as_of": _("There is an edition as of %(date)s already; editions never change.")
                % {"date": as_of.strftime("%d.%m.%Y")}
            }
        )
    previous = (
        Catalogue.objects.filter(municipality=municipality, as_of__lt=as_of)
        .order_by("-as_of", "-id")
        .first()
    )
    chosen = catalogue_measures(municipality, year) if measures is None else measures
    budgets: dict[int, dict[str, str]] = {}
    for measure_id, line_year, planned in BudgetLine.objects.filter(
        municipality=municipality, measure__in=[m.pk for m in chosen]
    ).values_list("measure_id", "year", "planned"):
        budgets.setdefault(measure_id, {})[str(line_year)] = str(planned)
    catalogue = Catalogue(
        municipality=municipality,
        year=year,
        as_of=as_of,
        title=title.strip()
        or _("Catalogue of measures %(year)s, as of %(date)s")
        % {"year": year, "date": as_of.strftime("%d.%m.%Y")},
        note=note.strip(),
        previous=previous,
        measures_count=len(chosen),
    )
    entries = [
        entry_from(measure, catalogue, position, budgets.get(measure.pk, {}))
        for position, measure in enumerate(chosen, start=1)
    ]
    if previous is not None:
        changes = edition_changes(list(previous.entries.all()), entries)
        catalogue.summary = changes.counts()
    else:
        catalogue.summary = {"added": len(entries), "removed": 0, "changed": 0}
    catalogue.full_clean()
    catalogue.save()
    CatalogueEntry.objects.bulk_create(entries, batch_size=1000)
    CatalogueDocument.objects.create(
        municipality=municipality, catalogue=catalogue, state=Production.QUEUED
    )
    audit_record(
        municipality=municipality,
        actor=by,
        action="catalogue.frozen",
        target=catalogue,
        changes={"as_of": str(as_of), "year": year, "measures": len(entries)},
    )
    catalogue_document_request(catalogue)
    return catalogue


def catalogue_document_request(catalogue: Catalogue) -> None:
    from querschnitt.measures.tasks import catalogue_document_produce

    municipality_id, catalogue_id = catalogue.municipality_id, catalogue.pk
    transaction.on_commit(
        lambda: catalogue_document_produce.enqueue(
            municipality_id=municipality_id, catalogue_id=catalogue_id
        ),
        robust=True,
    )


# ------------------------------------------------------------------------------------------
# What changed between two editions


def compared_values(entry: CatalogueEntry) -> dict[str, Any]:
    return {
        "title": translate(entry.title, "de").text,
        "state": entry.state_key,
        "lead_department": entry.lead_department,
        "departments": list(entry.departments),
        "partners": list(entry.partners),
        "fields_of_action": [key for key, _name in entry.fields_of_action],
        "goals": [key for key, _name in entry.goals],
        "target_groups": entry.target_groups,
        "period": [entry.start_date, entry.end_date],
        "budget": dict(entry.budget),
    }


@dataclass
class EditionChanges:
    added: list[CatalogueEntry] = field(default_factory=list)
    removed: list[CatalogueEntry] = field(default_factory=list)
    # (entry now, entry before, names of the fields that differ)
    changed: list[tuple[CatalogueEntry, CatalogueEntry, list[str]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
        }


def edition_changes(before: list[CatalogueEntry], after: list[CatalogueEntry]) -> EditionChanges:
    """Measures added, removed and changed between two editions, matched by key."""
    old = {entry.key: entry for entry in before}
    new = {entry.key: entry for entry in after}
    changes = EditionChanges()
    for entry in after:
        previous = old.get(entry.key)
        if previous is None:
            changes.added.append(entry)
            continue
        now_values, old_values = compared_values(entry), compared_values(previous)
        differing = [name for name in COMPARED if now_values[name] != old_values[name]]
        if differing:
            changes.changed.append((entry, previous, differing))
    changes.removed = [entry for entry in before if entry.key not in new]
    return changes
