"""The models of bodies, meetings and papers (see the glossary in DESIGN.md)."""

from querschnitt.bodies.models.base import OParlObject
from querschnitt.bodies.models.bodies import (
    Body,
    LegislativeTerm,
    Location,
    Membership,
    Person,
    SeatGroup,
    current_membership_q,
)
from querschnitt.bodies.models.meetings import (
    AgendaItem,
    Attendance,
    Invitation,
    InvitationRecipient,
    Meeting,
    Vote,
)
from querschnitt.bodies.models.oparl import OParlTombstone
from querschnitt.bodies.models.papers import Consultation, File, Paper, PaperOriginator
from querschnitt.bodies.models.subscriptions import Subscription

__all__ = [
    "AgendaItem",
    "Attendance",
    "Body",
    "Consultation",
    "File",
    "Invitation",
    "InvitationRecipient",
    "LegislativeTerm",
    "Location",
    "Meeting",
    "Membership",
    "OParlObject",
    "OParlTombstone",
    "Paper",
    "PaperOriginator",
    "Person",
    "SeatGroup",
    "Subscription",
    "Vote",
    "current_membership_q",
]
