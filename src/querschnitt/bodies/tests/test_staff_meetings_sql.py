"""The office's list of meetings reads its count and page with plain SQL
(`bodies/selectors/staff_meetings_sql.py`): the same count and rows as the ORM's for every
filter and body, on SQLite and PostgreSQL, and never a meeting of the other city."""

from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from querschnitt.bodies.models import AgendaItem, Body, File, Meeting
from querschnitt.bodies.selectors.meetings import staff_meeting_list
from querschnitt.bodies.selectors.staff_meetings_sql import (
    MeetingFilters,
    MeetingRows,
    body_choices,
)
from querschnitt.bodies.staff_rows import STAFF_MEETING_ROW_FIELDS

pytestmark = pytest.mark.django_db


def orm_list(municipality, *, shown: str, body: str, now) -> QuerySet:
    """`MeetingList.get_queryset` as it read the list through the ORM."""
    meetings = staff_meeting_list(municipality=municipality)
    if body.isdigit():
        meetings = meetings.filter(body_id=int(body))
    if shown == "einladen":
        meetings = meetings.filter(state=Meeting.State.PLANNED, start__gte=now, cancelled=False)
    elif shown == "niederschrift":
        minutes = File.objects.filter(meeting=OuterRef("pk"), role=File.Role.RESULTS_PROTOCOL)
        meetings = meetings.filter(state=Meeting.State.HELD).filter(~Exists(minutes))
    elif shown == "abschliessen":
        meetings = meetings.filter(start__lte=now - timedelta(hours=12), cancelled=False).exclude(
            state=Meeting.State.HELD
        )
    elif shown == "kommende":
        meetings = meetings.filter(start__gte=now)
    order = ("start", "pk") if shown in ("einladen", "kommende") else ("-start", "-pk")
    return meetings.order_by(*order).values(*STAFF_MEETING_ROW_FIELDS)


def add_meetings(municipality, body: Body, now) -> None:
    """Meetings in every state around now, cancelled or not, with items and minutes."""
    for hours in (-48, -13, -11, -1, 0, 1, 30, 200):
        for state in Meeting.State.values:
            for cancelled in (False, True):
                meeting = Meeting.objects.create(
                    municipality=municipality,
                    body=body,
                    name=f"{state} {hours} {cancelled}",
                    start=now + timedelta(hours=hours),
                    state=state,
                    cancelled=cancelled,
                    published_at=now if hours % 2 else None,
                )
                if hours < 0:
                    AgendaItem.objects.create(
                        municipality=municipality, meeting=meeting, order=1, number="1", name="TOP"
                    )
                if state == Meeting.State.HELD and cancelled:
                    File.objects.create(
                        municipality=municipality,
                        meeting=meeting,
                        name="Niederschrift",
                        file="x/n.pdf",
                        file_name="n.pdf",
                        mime_type="application/pdf",
                        size=1,
                        sha512="0",
                        role=File.Role.RESULTS_PROTOCOL,
                    )


def test_the_meeting_list_read_by_sql_is_the_orms(mannheim, bamberg, unscoped) -> None:
    now = timezone.now().replace(microsecond=0)
    for municipality in (mannheim, bamberg):
        body = Body.objects.filter(municipality=municipality).first()
        add_meetings(municipality, body, now)
    others = Body.objects.filter(municipality=bamberg).values_list("pk", flat=True)
    for municipality in (mannheim, bamberg):
        bodies = [
            str(pk)
            for pk in Body.objects.filter(municipality=municipality).values_list("pk", flat=True)
        ]
        for body in ["", "x", *bodies, *(str(pk) for pk in others)]:
            for shown in ("", "einladen", "niederschrift", "abschliessen", "kommende", "y"):
                orm = orm_list(municipality, shown=shown, body=body, now=now)
                rows = MeetingRows(
                    municipality,
                    MeetingFilters(
                        shown=shown, body_id=int(body) if body.isdigit() else None, now=now
                    ),
                )
                assert rows.count() == orm.count(), (body, shown)
                assert rows[0:1000] == list(orm), (body, shown)
                assert rows[3:7] == list(orm[3:7]), (body, shown)
        everything = MeetingRows(municipality, MeetingFilters(shown="", body_id=None, now=now))
        pks = {row["pk"] for row in everything[0:10000]}
        assert pks
        assert not Meeting.objects.filter(pk__in=pks).exclude(municipality=municipality).exists()


def test_the_filters_bodies_read_by_sql_are_the_orms(mannheim, bamberg, unscoped) -> None:
    Body.objects.create(
        municipality=bamberg, name="Aaa Beirat", slug="aaa", kind="advisory_council"
    )
    for municipality in (mannheim, bamberg):
        orm = Body.objects.filter(municipality=municipality).order_by("name")
        found = body_choices(municipality=municipality)
        assert len(found) > 1
        assert [(body.pk, body.name) for body in found] == [(body.pk, body.name) for body in orm]
