"""Writes about meetings: scheduling in a term, the agenda in order, publishing, attendance,
results, resolutions and votes, and marking a meeting held."""

import itertools
import re
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Vote,
)
from querschnitt.bodies.services.bodies import check_same_municipality
from querschnitt.bodies.services.changes import (
    affected_by_meetings,
    touch,
    touch_meeting_of,
    tracking_public,
)
from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Department

ADOPTING_RESULTS = {
    AgendaItem.Result.ADOPTED,
    AgendaItem.Result.ADOPTED_WITH_CHANGES,
    AgendaItem.Result.RECOMMENDED,
}


def _date(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def term_for(*, body: Body, start: datetime) -> LegislativeTerm | None:
    """The term a meeting at `start` belongs to; refused with a reason when there is none
    (while the body keeps terms) or when that term has ended."""
    day = timezone.localtime(start).date()
    terms = LegislativeTerm.objects.filter(municipality=body.municipality_id, body=body)
    if not terms.exists():
        terms = LegislativeTerm.objects.filter(municipality=body.municipality_id, body__isnull=True)
        if not terms.exists():
            return None
    term = terms.filter(start_date__lte=day, end_date__gte=day).first()
    if term is None:
        raise ValidationError(
            {
                "start": _(
                    "No term of %(body)s covers %(day)s. Record the term first, or choose "
                    "another date."
                )
                % {"body": body, "day": _date(day)}
            }
        )
    if term.is_closed():
        raise ValidationError(
            {
                "start": _(
                    "The term %(term)s ended on %(end)s and is closed: no meeting can be added "
                    "to it or moved into it."
                )
                % {"term": term.name, "end": _date(term.end_date)}
            }
        )
    return term


def meeting_default_name(body: Body, start: datetime) -> str:
    return _("Meeting of %(body)s on %(day)s") % {
        "body": body.name,
        "day": _date(timezone.localtime(start).date()),
    }


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    by: Any,
    start: datetime,
    end: datetime | None = None,
    name: str = "",
    location: Location | None = None,
    online_url: str = "",
) -> Meeting:
    """Schedule a meeting of a body, within an open term."""
    municipality = body.municipality
    check_same_municipality(municipality, location=location)
    if location is None and not online_url:
        location = body.location
    meeting = Meeting(
        municipality=municipality,
        body=body,
        term=term_for(body=body, start=start),
        name=name.strip() or meeting_default_name(body, start),
        start=start,
        end=end,
        location=location,
        online_url=online_url,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(municipality=municipality, actor=by, action="meeting.created", target=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: Any,
    start: datetime,
    end: datetime | None = None,
    name: str = "",
    location: Location | None = None,
    online_url: str = "",
) -> Meeting:
    municipality = meeting.municipality
    check_same_municipality(municipality, location=location)
    before = snapshot(meeting)
    if start != meeting.start:
        meeting.term = term_for(body=meeting.body, start=start)
    affected = {"Location": {pk for pk in (meeting.location_id,) if pk}}
    with tracking_public(municipality=municipality, affected=affected) as affected:
        meeting.start, meeting.end = start, end
        meeting.name = name.strip() or meeting.name
        meeting.location, meeting.online_url = location, online_url
        meeting.full_clean()
        meeting.save()
        if location is not None:
            affected["Location"].add(location.pk)
    audit_record(
        municipality=municipality,
        actor=by,
        action="meeting.updated",
        target=meeting,
        changes=field_changes(before, meeting),
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: Any) -> None:
    """Remove a meeting recorded by mistake, with its agenda; papers stay on their path."""
    if meeting.state == Meeting.State.HELD:
        raise ValidationError(_("A held meeting cannot be deleted."))
    municipality = meeting.municipality
    paper_ids = list(
        Paper.objects.filter(consultations__agenda_item__meeting=meeting).values_list(
            "pk", flat=True
        )
    )
    with tracking_public(municipality=municipality, affected=affected_by_meetings([meeting.pk])):
        audit_record(municipality=municipality, actor=by, action="meeting.deleted", target=meeting)
        meeting.delete()
    touch(Paper, paper_ids)


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by: Any) -> Meeting:
    """Publish a meeting and the public part of its agenda, with the public papers on it."""
    from querschnitt.bodies.services.papers import paper_publish

    if meeting.published_at is not None:
        raise ValidationError(_("This meeting is already published."))
    if not meeting.body.is_public:
        raise ValidationError(
            _("%(body)s is not public; its meetings are seen only by its members.")
            % {"body": meeting.body}
        )
    municipality = meeting.municipality
    with tracking_public(municipality=municipality, affected=affected_by_meetings([meeting.pk])):
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["published_at", "modified_at"])
        papers = Paper.objects.filter(
            municipality=municipality,
            public=True,
            published_at__isnull=True,
            consultations__agenda_item__meeting=meeting,
            consultations__agenda_item__public=True,
        ).distinct()
        for paper in papers:
            paper_publish(paper=paper, by=by)
    audit_record(municipality=municipality, actor=by, action="meeting.published", target=meeting)
    return meeting


@transaction.atomic
def meeting_unpublish(*, meeting: Meeting, by: Any) -> Meeting:
    """Take a meeting back from the public (its papers stay published)."""
    municipality = meeting.municipality
    with tracking_public(municipality=municipality, affected=affected_by_meetings([meeting.pk])):
        meeting.published_at = None
        meeting.save(update_fields=["published_at", "modified_at"])
    audit_record(municipality=municipality, actor=by, action="meeting.unpublished", target=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Any, cancelled: bool = True) -> Meeting:
    if meeting.state == Meeting.State.HELD:
        raise ValidationError(_("A held meeting cannot be cancelled."))
    meeting.cancelled = cancelled
    meeting.save(update_fields=["cancelled", "modified_at"])
    audit_record(
        municipality=meeting.municipality,
        actor=by,
        action="meeting.cancelled" if cancelled else "meeting.reinstated",
        target=meeting,
    )
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: Any) -> Meeting:
    """Close a meeting: it took place; its agenda no longer changes."""
    if meeting.cancelled:
        raise ValidationError(_("A cancelled meeting cannot be marked as held."))
    if meeting.start > timezone.now():
        raise ValidationError(_("This meeting has not begun yet."))
    if meeting.state == Meeting.State.HELD:
        raise ValidationError(_("This meeting is already marked as held."))
    meeting.state = Meeting.State.HELD
    meeting.held_at = timezone.now()
    meeting.save(update_fields=["state", "held_at", "modified_at"])
    audit_record(municipality=meeting.municipality, actor=by, action="meeting.held", target=meeting)
    return meeting


# --- the agenda ------------------------------------------------------------------------------

NUMBER = re.compile(r"^\d+(\.\d+)*$")


def _number_key(number: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in number.split(".")) if NUMBER.match(number) else None


def agenda_check_open(meeting: Meeting) -> None:
    if meeting.state == Meeting.State.HELD:
        raise ValidationError(
            _("The meeting has been held; its agenda can no longer change. Record results instead.")
        )


def agenda_check_order(items: list[AgendaItem]) -> None:
    """Refuse an agenda whose order conflicts: the public part must come first, numbers must
    be unique and ascending."""
    seen: dict[str, AgendaItem] = {}
    for item in items:
        if item.number in seen:
            raise ValidationError(
                {
                    "number": _("Number %(number)s is already item “%(name)s” on this agenda.")
                    % {"number": item.number, "name": seen[item.number].name}
                }
            )
        seen[item.number] = item
    for earlier, later in itertools.pairwise(items):
        if later.public and not earlier.public:
            raise ValidationError(
                _(
                    "The public part comes before the non-public part: “%(public)s” cannot "
                    "follow the non-public item “%(other)s”."
                )
                % {"public": later.name, "other": earlier.name}
            )
        a, b = _number_key(earlier.number), _number_key(later.number)
        if a is not None and b is not None and a >= b:
            raise ValidationError(
                {
                    "number": _(
                        "Numbers must follow the order of the agenda: item %(later)s cannot "
                        "come after item %(earlier)s."
                    )
                    % {"later": later.number, "earlier": earlier.number}
                }
            )


def _save_order(meeting: Meeting, items: list[AgendaItem]) -> None:
    agenda_check_order(items)
    # positions are rewritten densely from 0, in two steps so no two rows clash in between
    for position, item in enumerate(items):
        if item.pk and item.order != position:
            item.order = position
            AgendaItem.objects.filter(pk=item.pk).update(order=position, modified_at=timezone.now())
    touch(Meeting, [meeting.pk])


def next_number(items: list[AgendaItem]) -> str:
    top = [key[0] for item in items if (key := _number_key(item.number)) is not None]
    return str(max(top, default=0) + 1)


def _shift_numbers(items: list[AgendaItem], from_top: int) -> None:
    """Renumber plain numbers from `from_top` on by one (4 → 5, 4.1 → 5.1), last first so
    that no two items share a number in between."""
    for item in reversed(items):
        key = _number_key(item.number)
        if key is not None and key[0] >= from_top:
            item.number = ".".join(str(part) for part in (key[0] + 1, *key[1:]))
            AgendaItem.objects.filter(pk=item.pk).update(number=item.number)


def affected_by_item(item: AgendaItem) -> dict[str, set[int]]:
    return {
        "AgendaItem": {item.pk} if item.pk else set(),
        "File": set(item.files.values_list("pk", flat=True)) if item.pk else set(),
        "Consultation": set(
            AgendaItem.objects.filter(pk=item.pk, consultation__isnull=False).values_list(
                "consultation", flat=True
            )
        ),
    }


@transaction.atomic
def agenda_item_create(
    *,
    meeting: Meeting,
    by: Any,
    name: str,
    public: bool = True,
    number: str = "",
    description: str = "",
) -> AgendaItem:
    """Add an item at the end of its part of the agenda (the public part comes first).
    Without a number it gets the next one, and plain numbers after it move on by one."""
    agenda_check_open(meeting)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    position = sum(1 for other in items if other.public) if public else len(items)
    item = AgendaItem(
        municipality=meeting.municipality,
        meeting=meeting,
        name=name.strip(),
        public=public,
        number=number.strip(),
        description=description,
        order=position,
    )
    if not item.number:
        item.number = next_number(items[:position])
        _shift_numbers(items[position:], int(item.number))
    ordered = [*items[:position], item, *items[position:]]
    # the order check names the conflict; the database's unique check would only refuse
    item.full_clean(validate_constraints=False)
    agenda_check_order(ordered)
    with tracking_public(municipality=meeting.municipality, affected={"AgendaItem": set()}) as a:
        item.save()
        a["AgendaItem"].add(item.pk)
        _save_order(meeting, ordered)
    audit_record(
        municipality=meeting.municipality, actor=by, action="agenda_item.created", target=item
    )
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, by: Any, name: str, number: str, public: bool, description: str = ""
) -> AgendaItem:
    """Change an item. An item that becomes non-public moves to the start of the non-public
    part, one that becomes public to the end of the public part; the numbers must fit."""
    meeting = item.meeting
    agenda_check_open(meeting)
    before = snapshot(item)
    others = [other for other in meeting.agenda_items.order_by("order") if other.pk != item.pk]
    if public != item.public:
        position = sum(1 for other in others if other.public)
    else:
        position = next(i for i, other in enumerate([*others, item]) if other.order >= item.order)
    item.name, item.number, item.public, item.description = (
        name.strip(),
        number.strip(),
        public,
        description,
    )
    ordered = [*others[:position], item, *others[position:]]
    # the order check names the conflict; the database's unique check would only refuse
    item.full_clean(validate_constraints=False)
    agenda_check_order(ordered)
    with tracking_public(municipality=meeting.municipality, affected=affected_by_item(item)):
        item.save()
        _save_order(meeting, ordered)
    audit_record(
        municipality=meeting.municipality,
        actor=by,
        action="agenda_item.updated",
        target=item,
        changes=field_changes(before, item),
    )
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: Any, up: bool) -> AgendaItem:
    """Move an item one place up or down; refused with the reason when that breaks the order."""
    meeting = item.meeting
    agenda_check_open(meeting)
    items = list(meeting.agenda_items.order_by("order"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        raise ValidationError(
            _("This item is already the first.") if up else _("This item is already the last.")
        )
    items[index], items[target] = items[target], items[index]
    # the numbers travel with the places, so "3" stays third
    items[index].number, items[target].number = items[target].number, items[index].number
    agenda_check_order(items)
    for moved in (items[index], items[target]):
        AgendaItem.objects.filter(pk=moved.pk).update(number=f"~{moved.pk}")
    for moved in (items[index], items[target]):
        AgendaItem.objects.filter(pk=moved.pk).update(number=moved.number)
    _save_order(meeting, items)
    audit_record(
        municipality=meeting.municipality, actor=by, action="agenda_item.moved", target=item
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    meeting = item.meeting
    agenda_check_open(meeting)
    paper_ids = list(
        Paper.objects.filter(consultations__agenda_item=item).values_list("pk", flat=True)
    )
    with tracking_public(municipality=meeting.municipality, affected=affected_by_item(item)):
        audit_record(
            municipality=meeting.municipality, actor=by, action="agenda_item.deleted", target=item
        )
        item.delete()
        _save_order(meeting, list(meeting.agenda_items.order_by("order")))
    touch(Paper, paper_ids)


# --- attendance, results, resolutions --------------------------------------------------------


def members_at_meeting(meeting: Meeting) -> list[Membership]:
    """The memberships of the meeting's body that run on the meeting's day."""
    day = timezone.localtime(meeting.start).date()
    return list(
        Membership.objects.filter(municipality=meeting.municipality_id, body=meeting.body_id)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def check_begun(meeting: Meeting) -> None:
    if meeting.start > timezone.now():
        raise ValidationError(
            _("Attendance and results can be recorded once the meeting has begun.")
        )


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: Any, statuses: dict[int, str]) -> None:
    """Record who was present, excused or absent (members of the body on that day)."""
    check_begun(meeting)
    members = {membership.person_id for membership in members_at_meeting(meeting)}
    unknown = set(statuses) - members
    if unknown:
        raise ValidationError(_("Attendance can be recorded only for members of the body."))
    for status in statuses.values():
        if status not in Attendance.Status.values:
            raise ValidationError(_("Choose present, excused or absent."))
    Attendance.objects.filter(meeting=meeting).exclude(person_id__in=list(statuses)).delete()
    for person_id, status in statuses.items():
        Attendance.objects.update_or_create(
            municipality=meeting.municipality,
            meeting=meeting,
            person_id=person_id,
            defaults={"status": status},
        )
    touch(Meeting, [meeting.pk])
    audit_record(
        municipality=meeting.municipality,
        actor=by,
        action="meeting.attendance_recorded",
        target=meeting,
        changes={"present": sum(1 for s in statuses.values() if s == Attendance.Status.PRESENT)},
    )


@transaction.atomic
def agenda_item_record_result(
    *,
    item: AgendaItem,
    by: Any,
    result: str,
    resolution_text: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstained: int | None = None,
    personal_votes: dict[int, str] | None = None,
    to_carry_out: bool = False,
    responsible: Department | None = None,
    due: date | None = None,
) -> AgendaItem:
    """Record what an item came to: result, resolution, votes (counts, and per person where
    the body records that), and whether the resolution waits to be carried out."""
    meeting = item.meeting
    check_begun(meeting)
    check_same_municipality(meeting.municipality, resolution_responsible=responsible)
    if result and result not in AgendaItem.Result.values:
        raise ValidationError({"result": _("Choose a result from the list.")})
    counts = [votes_for, votes_against, votes_abstained]
    if any(count is not None and count < 0 for count in counts):
        raise ValidationError(_("Votes cannot be negative."))
    personal_votes = {pk: choice for pk, choice in (personal_votes or {}).items() if choice}
    members = {m.person_id: m for m in members_at_meeting(meeting)}
    if personal_votes:
        if not meeting.body.records_individual_votes:
            raise ValidationError(_("This body does not record votes per person."))
        for person_id, choice in personal_votes.items():
            membership = members.get(person_id)
            if membership is None or not membership.voting_right:
                raise ValidationError(
                    _("Only members of the body with a vote can vote on its items.")
                )
            if choice not in Vote.Choice.values:
                raise ValidationError(_("Choose for, against or abstained."))
        tally = [
            sum(1 for choice in personal_votes.values() if choice == wanted)
            for wanted in (Vote.Choice.FOR, Vote.Choice.AGAINST, Vote.Choice.ABSTAINED)
        ]
        if any(count is not None for count in counts) and [c or 0 for c in counts] != tally:
            raise ValidationError(
                _(
                    "The counts (%(given)s) differ from the votes recorded per person "
                    "(%(tally)s). Correct one of them."
                )
                % {
                    "given": " / ".join(str(c or 0) for c in counts),
                    "tally": " / ".join(str(c) for c in tally),
                }
            )
        votes_for, votes_against, votes_abstained = tally
    present_voters = Attendance.objects.filter(
        meeting=meeting,
        status=Attendance.Status.PRESENT,
        person_id__in=[pk for pk, m in members.items() if m.voting_right],
    ).count()
    total = sum(count or 0 for count in (votes_for, votes_against, votes_abstained))
    if present_voters and total > present_voters:
        raise ValidationError(
            _(
                "%(total)s votes were counted, but only %(present)s members with a vote were "
                "present."
            )
            % {"total": total, "present": present_voters}
        )
    if to_carry_out and result not in ADOPTING_RESULTS:
        raise ValidationError(
            {"result": _("Only an adopted or recommended resolution can wait to be carried out.")}
        )
    before = snapshot(item)
    item.result, item.resolution_text = result, resolution_text.strip()
    item.votes_for, item.votes_against, item.votes_abstained = (
        votes_for,
        votes_against,
        votes_abstained,
    )
    if to_carry_out:
        if item.resolution_state != AgendaItem.ResolutionState.CARRIED_OUT:
            item.resolution_state = AgendaItem.ResolutionState.TO_CARRY_OUT
        item.resolution_responsible, item.resolution_due = responsible, due
    elif item.resolution_state == AgendaItem.ResolutionState.TO_CARRY_OUT:
        item.resolution_state = AgendaItem.ResolutionState.NONE
    item.full_clean()
    item.save()
    Vote.objects.filter(agenda_item=item).exclude(person_id__in=list(personal_votes)).delete()
    for person_id, choice in personal_votes.items():
        Vote.objects.update_or_create(
            municipality=meeting.municipality,
            agenda_item=item,
            person_id=person_id,
            defaults={"choice": choice},
        )
    touch_meeting_of(item)
    audit_record(
        municipality=meeting.municipality,
        actor=by,
        action="agenda_item.result_recorded",
        target=item,
        changes=field_changes(before, item),
    )
    return item


@transaction.atomic
def resolution_carried_out(
    *, item: AgendaItem, by: Any, done_on: date, report: str = ""
) -> AgendaItem:
    """The office records that a resolution has been carried out."""
    if item.resolution_state != AgendaItem.ResolutionState.TO_CARRY_OUT:
        raise ValidationError(_("This resolution does not wait to be carried out."))
    if done_on < timezone.localtime(item.meeting.start).date():
        raise ValidationError(
            {"done_on": _("A resolution cannot be carried out before it was taken.")}
        )
    item.resolution_state = AgendaItem.ResolutionState.CARRIED_OUT
    item.resolution_done_on, item.resolution_report = done_on, report.strip()
    item.full_clean()
    item.save()
    touch_meeting_of(item)
    audit_record(
        municipality=item.municipality, actor=by, action="resolution.carried_out", target=item
    )
    return item
