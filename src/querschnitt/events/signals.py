"""A meeting shown in the calendar carries its event along (connected in `apps.py`)."""

from typing import Any

from querschnitt.bodies.models import Meeting
from querschnitt.events.services.meetings import meeting_event_sync


def meeting_saved(sender: type[Meeting], instance: Meeting, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    meeting_event_sync(meeting=instance)
