"""Working groups and where each stands against its time horizon."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from querschnitt.core.models import Municipality
from querschnitt.events.models import WorkingGroup

# Staff are warned this long before a group's planned end.
WARN_DAYS = 60


@dataclass(frozen=True)
class Horizon:
    """Where a group stands: how much of its time has passed, how much is left."""

    start: date | None
    planned_end: date | None
    today: date
    concluded_on: date | None

    @property
    def total_days(self) -> int:
        if self.start is None or self.planned_end is None:
            return 0
        return max(1, (self.planned_end - self.start).days)

    @property
    def elapsed_days(self) -> int:
        if self.start is None:
            return 0
        end = self.concluded_on or self.today
        return max(0, min((end - self.start).days, self.total_days))

    @property
    def percent(self) -> int:
        return round(100 * self.elapsed_days / self.total_days) if self.total_days else 0

    @property
    def days_left(self) -> int | None:
        if self.planned_end is None:
            return None
        return (self.planned_end - self.today).days

    @property
    def state(self) -> str:
        if self.concluded_on:
            return "concluded"
        if self.start and self.today < self.start:
            return "not_begun"
        left = self.days_left
        if left is None:
            return "running"
        if left < 0:
            return "overdue"
        if left <= WARN_DAYS:
            return "ends_soon"
        return "running"

    @property
    def label(self) -> str:
        return str(
            {
                "concluded": _("Concluded"),
                "not_begun": _("Not begun yet"),
                "overdue": _("Past its planned end"),
                "ends_soon": _("Ends soon"),
                "running": _("Running"),
            }[self.state]
        )


def horizon(group: WorkingGroup, today: date) -> Horizon:
    body = group.body
    return Horizon(body.start_date, body.planned_end_date, today, group.concluded_on)


def groups_of(*, municipality: Municipality) -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.filter(municipality=municipality).select_related(
        "body", "founded_at"
    )


def public_groups(*, municipality: Municipality) -> QuerySet[WorkingGroup]:
    return (
        groups_of(municipality=municipality)
        .filter(body__is_public=True)
        .order_by("concluded_on", "body__name")
    )


def groups_near_their_end(*, municipality: Municipality, today: date) -> QuerySet[WorkingGroup]:
    """Groups not concluded whose planned end is near or past: extend or conclude them."""
    return groups_of(municipality=municipality).filter(
        concluded_on__isnull=True,
        body__planned_end_date__lte=today + timedelta(days=WARN_DAYS),
    )
