"""Reads of meetings: the agenda as a viewer sees it, calendars, the staff's lists."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from querschnitt.bodies.models import AgendaItem, Attendance, File, Meeting, Vote
from querschnitt.bodies.visibility import Viewer, agenda_item_q, meeting_q, paper_is_public
from querschnitt.core.models import Municipality


def files_for(viewer: Viewer, body_id: int) -> QuerySet[File]:
    """The files of one body's meeting or item that the viewer may open."""
    documents = File.objects.order_by("role", "name", "pk")
    return documents if viewer.reads_all_of(body_id) else documents.filter(public=True)


def meeting_agenda(*, meeting: Meeting, viewer: Viewer) -> list[AgendaItem]:
    """The agenda in order, as far as the viewer sees it: `item.paper` is the paper on it
    (if the viewer sees the paper), `item.documents` its files, `item.personal_votes`."""
    items = list(
        AgendaItem.objects.filter(municipality=meeting.municipality_id, meeting=meeting)
        .filter(agenda_item_q(viewer))
        .select_related("consultation__paper", "consultation__body", "resolution_responsible")
        .prefetch_related(
            Prefetch("files", queryset=files_for(viewer, meeting.body_id), to_attr="documents"),
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("person").order_by(
                    "person__family_name", "person__given_name"
                ),
                to_attr="personal_votes",
            ),
        )
        .order_by("order")
    )
    member = viewer.reads_all_of(meeting.body_id)
    for item in items:
        consultation = getattr(item, "consultation", None)
        paper = consultation.paper if consultation is not None else None
        item.paper = paper if paper is not None and (member or paper_is_public(paper)) else None
    return items


def meeting_documents(*, meeting: Meeting, viewer: Viewer) -> list[File]:
    return list(files_for(viewer, meeting.body_id).filter(meeting=meeting))


def meeting_attendance(*, meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )


def visible_meeting_list(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(municipality=municipality)
        .filter(meeting_q(viewer))
        .select_related("body", "location")
    )


def upcoming_meetings(
    *, municipality: Municipality, viewer: Viewer, limit: int = 5, now: datetime | None = None
) -> list[Meeting]:
    now = now or timezone.now()
    return list(
        visible_meeting_list(municipality=municipality, viewer=viewer)
        .filter(start__gte=now - timedelta(hours=3), cancelled=False)
        .order_by("start", "pk")[:limit]
    )


def _count_of(related: QuerySet[Any]) -> Coalesce:
    """How many rows of `related` (filtered by `meeting=OuterRef("pk")`) a meeting has."""
    counted = related.order_by().values("meeting").annotate(found=Count("pk")).values("found")
    return Coalesce(Subquery(counted), 0)


def staff_meeting_list(*, municipality: Municipality) -> QuerySet[Meeting]:
    """The office's meetings with their numbers of agenda items and of minutes: counted per
    meeting in a subquery each (counting over a join of both sorted every column of the
    meetings, ten times the cost)."""
    return Meeting.objects.filter(municipality=municipality).annotate(
        item_count=_count_of(
            AgendaItem.objects.filter(municipality=municipality, meeting=OuterRef("pk"))
        ),
        minutes_count=_count_of(
            File.objects.filter(
                municipality=municipality,
                meeting=OuterRef("pk"),
                role=File.Role.RESULTS_PROTOCOL,
            )
        ),
    )
