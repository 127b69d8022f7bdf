"""How long each kind of data is kept, per municipality, and the daily job that deletes what
is older (Art. 5(1)(e) GDPR: storage limitation).

Apps register their kinds in `AppConfig.ready()`:

    from querschnitt.core import retention
    retention.register(retention.Kind(
        key="network.declined_signatures",
        label=_("Declined signatures"),
        what=_("The signature with the signer's name and address."),
        default_days=183,
        reason=_("Six months leave time for questions about the decision …"),
        purge=declined_signatures_purge,  # purge(municipality=…, before=…) -> rows deleted
    ))

The office administrator changes the periods of their municipality (staff settings). A
*platform* kind (task results, the sign-in log) is not tenant data: one period for the whole
deployment, read from a setting the operator controls, and `purge(before=…)` has no
municipality; the office sees it for information.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from querschnitt.core.audit import audit_record
from querschnitt.core.models import Municipality, RetentionPeriod


@dataclass(frozen=True)
class Kind:
    """One kind of data with its retention period."""

    key: str
    label: Any
    what: Any  # what is deleted (or stripped of personal data) when the period has passed
    default_days: int
    reason: Any  # why the default is what it is
    purge: Callable[..., int]
    minimum_days: int = 1
    maximum_days: int = 3650
    platform_setting: str = ""  # for a platform kind: the setting that holds its days
    order: int = 100

    @property
    def is_platform(self) -> bool:
        return bool(self.platform_setting)

    def platform_days(self) -> int:
        return int(getattr(settings, self.platform_setting, self.default_days))


@dataclass(frozen=True)
class Period:
    kind: Kind
    days: int
    is_default: bool


registry: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    registry[kind.key] = kind


def kinds() -> list[Kind]:
    return sorted(registry.values(), key=lambda kind: (kind.order, kind.key))


def retention_periods(*, municipality: Municipality) -> list[Period]:
    """Every kind with the period that applies in the municipality (one query)."""
    chosen = dict(
        RetentionPeriod.objects.filter(municipality=municipality).values_list("kind", "days")
    )
    periods = []
    for kind in kinds():
        if kind.is_platform:
            periods.append(Period(kind, kind.platform_days(), False))
        else:
            days = chosen.get(kind.key)
            periods.append(Period(kind, days or kind.default_days, days is None))
    return periods


def retention_days(*, municipality: Municipality, key: str) -> int:
    kind = registry[key]
    if kind.is_platform:
        return kind.platform_days()
    chosen = (
        RetentionPeriod.objects.filter(municipality=municipality, kind=key)
        .values_list("days", flat=True)
        .first()
    )
    return chosen or kind.default_days


@transaction.atomic
def retention_periods_update(*, municipality: Municipality, by: Any, days: dict[str, int]) -> None:
    """Set the municipality's periods; each must lie within its kind's bounds."""
    errors: dict[str, str] = {}
    for key, value in days.items():
        kind = registry.get(key)
        if kind is None or kind.is_platform:
            errors[key] = _("This period cannot be set here.")
        elif not kind.minimum_days <= value <= kind.maximum_days:
            errors[key] = _("Choose between %(minimum)d and %(maximum)d days.") % {
                "minimum": kind.minimum_days,
                "maximum": kind.maximum_days,
            }
    if errors:
        raise ValidationError(errors)
    current = {
        period.kind.key: period.days for period in retention_periods(municipality=municipality)
    }
    changes = {}
    for key, value in days.items():
        RetentionPeriod.objects.update_or_create(
            municipality=municipality, kind=key, defaults={"days": value}
        )
        if current[key] != value:
            changes[key] = {"from": current[key], "to": value}
    if changes:
        audit_record(
            municipality=municipality, actor=by, action="retention.updated", changes=changes
        )


@transaction.atomic
def retention_apply(*, municipality: Municipality, now: datetime | None = None) -> dict[str, int]:
    """Delete the municipality's data that is older than its retention periods.

    Returns the number of rows deleted (or stripped of personal data) per kind.
    """
    now = now or timezone.now()
    done = {}
    for period in retention_periods(municipality=municipality):
        if period.kind.is_platform:
            continue
        count = period.kind.purge(
            municipality=municipality, before=now - timedelta(days=period.days)
        )
        if count:
            done[period.kind.key] = count
    if done:
        audit_record(
            municipality=municipality, actor=None, action="retention.applied", changes=done
        )
    return done


def retention_apply_platform(*, now: datetime | None = None) -> dict[str, int]:
    """Delete platform data (task results, sign-in log) older than its period."""
    now = now or timezone.now()
    done = {}
    for kind in kinds():
        if kind.is_platform:
            count = kind.purge(before=now - timedelta(days=kind.platform_days()))
            if count:
                done[kind.key] = count
    return done


def retention_job() -> str:
    """The daily job: every municipality, then the platform's own data."""
    totals: dict[str, int] = {}
    with scopes_disabled():
        municipalities = list(Municipality.objects.order_by("slug"))
    for municipality in municipalities:
        with scope(municipality=municipality):
            for key, count in retention_apply(municipality=municipality).items():
                totals[key] = totals.get(key, 0) + count
    with scopes_disabled():
        for key, count in retention_apply_platform().items():
            totals[key] = totals.get(key, 0) + count
    if not totals:
        return "nothing older than its retention period"
    return ", ".join(f"{key}: {count}" for key, count in sorted(totals.items()))
