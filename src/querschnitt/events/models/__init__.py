"""The models of events, registrations and working groups (see the glossary in DESIGN.md)."""

from querschnitt.events.models.events import Event, EventDate, Format, TargetGroup
from querschnitt.events.models.imports import CalendarSubscription
from querschnitt.events.models.registrations import (
    ClosingReport,
    ClosingReportOrganisation,
    Question,
    Registration,
    answers_text,
)
from querschnitt.events.models.working_groups import (
    WorkingGroup,
    WorkingGroupExtension,
    WorkingGroupOrganisation,
    WorkingGroupResult,
)

__all__ = [
    "CalendarSubscription",
    "ClosingReport",
    "ClosingReportOrganisation",
    "Event",
    "EventDate",
    "Format",
    "Question",
    "Registration",
    "TargetGroup",
    "WorkingGroup",
    "WorkingGroupExtension",
    "WorkingGroupOrganisation",
    "WorkingGroupResult",
    "answers_text",
]
