"""The cross-cutting inventory: what each department already does for integration."""

from typing import Any

from django.db import transaction

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.measures.models import InventoryEntry
from querschnitt.measures.services.common import check_same_municipality


@transaction.atomic
def inventory_entry_save(
    *, municipality: Municipality, by: Any, entry: InventoryEntry | None = None, **values: Any
) -> InventoryEntry:
    entry = entry or InventoryEntry(municipality=municipality)
    before = snapshot(entry) if entry.pk else {}
    for name, value in values.items():
        setattr(entry, name, value)
    check_same_municipality(
        municipality,
        department=entry.department if entry.department_id else None,
        field_of_action=entry.field_of_action if entry.field_of_action_id else None,
    )
    entry.full_clean()
    entry.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="inventory.saved",
        target=entry,
        changes=field_changes(before, entry) if before else {},
    )
    return entry


@transaction.atomic
def inventory_entry_delete(*, entry: InventoryEntry, by: Any) -> None:
    audit_record(
        municipality=entry.municipality, actor=by, action="inventory.deleted", target=entry
    )
    entry.delete()
