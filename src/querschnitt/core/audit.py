"""The audit trail: every service that changes tenant data records what it did here."""

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from querschnitt.core.models import AuditEntry, Municipality


def audit_record(
    *,
    municipality: Municipality,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry; `actor` is a user, or None for the system itself."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.with_scopes_disabled().create(
        municipality=municipality,
        actor=actor if is_user else None,
        actor_label=str(actor) if is_user else "System",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        changes=changes or {},
    )


def field_changes(before: dict[str, Any], instance: models.Model) -> dict[str, Any]:
    """The fields that differ between a snapshot taken with `snapshot()` and the instance now."""
    after = snapshot(instance)
    return {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's editable fields as JSON-friendly values."""
    data = model_to_dict(instance)
    return {
        key: value
        if isinstance(value, str | int | float | bool | dict | list | None)
        else str(value)
        for key, value in data.items()
    }
