"""Keeping OParl clients in step: `modified` of embedding objects, and tombstones.

OParl clients sync by asking for what changed since their last visit (`modified_since`). So:
- when an embedded object changes (an agenda item, a file, a consultation, a membership), the
  object that embeds it is touched too (`touch`);
- when an object becomes public (a meeting is published), it is touched, so that it appears
  among the changes although its content did not change;
- when a public object is deleted or stops being public, a tombstone remembers it, and OParl
  lists it as deleted.

Services wrap a change that can alter what is public in `tracking_public(...)`, naming the
objects that may be affected (`affected_by_*`).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model, Q
from django.utils import timezone

from querschnitt.bodies import visibility
from querschnitt.bodies.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    OParlTombstone,
    Paper,
    PaperOriginator,
    Person,
)
from querschnitt.core.models import Municipality

# OParl type name → (model, condition under which the public sees it)
KINDS: dict[str, tuple[type[Model], Any]] = {
    "Organization": (Body, visibility.body_q),
    "Person": (Person, visibility.person_q),
    "Membership": (Membership, visibility.membership_q),
    "LegislativeTerm": (LegislativeTerm, visibility.term_q),
    "Meeting": (Meeting, visibility.meeting_q),
    "AgendaItem": (AgendaItem, visibility.agenda_item_q),
    "Paper": (Paper, visibility.paper_q),
    "Consultation": (Consultation, visibility.consultation_q),
    "File": (File, visibility.file_q),
    "Location": (Location, visibility.location_q),
}
KIND_OF_MODEL = {model: kind for kind, (model, _condition) in KINDS.items()}

Affected = dict[str, set[int]]


def touch(model: type[Model], pks: Iterable[int | None]) -> None:
    """Move `modified` of the objects (they embed something that changed)."""
    wanted = sorted({pk for pk in pks if pk is not None})
    if wanted:
        model.objects.with_scopes_disabled().filter(pk__in=wanted).update(  # type: ignore[attr-defined]
            modified_at=timezone.now()
        )


def touch_meeting_of(item: AgendaItem) -> None:
    touch(Meeting, [item.meeting_id])


def touch_parents_of(file: File) -> None:
    """A file is embedded in its paper, meeting or agenda item (and so in that meeting)."""
    touch(Paper, [file.paper_id])
    touch(Meeting, [file.meeting_id])
    if file.agenda_item_id:
        touch(AgendaItem, [file.agenda_item_id])
        touch(
            Meeting,
            AgendaItem.objects.with_scopes_disabled()
            .filter(pk=file.agenda_item_id)
            .values_list("meeting_id", flat=True),
        )


def touch_users_of(location: Location) -> None:
    """A place is embedded in the meetings held there and the bodies that meet there."""
    touch(Meeting, Meeting.objects.filter(location=location).values_list("pk", flat=True))
    touch(Body, Body.objects.filter(location=location).values_list("pk", flat=True))


def _public_ids(municipality: Municipality, affected: Affected) -> dict[str, dict[int, Any]]:
    """For each kind, the affected ids the public sees now, with their creation time."""
    found: dict[str, dict[int, Any]] = {}
    for kind, pks in affected.items():
        if not pks:
            continue
        model, condition = KINDS[kind]
        rows = (
            model.objects.with_scopes_disabled()  # type: ignore[attr-defined]
            .filter(municipality=municipality, pk__in=sorted(pks))
            .filter(condition(visibility.PUBLIC))
            .values_list("pk", "created_at")
        )
        found[kind] = dict(rows)
    return found


@contextmanager
def tracking_public(*, municipality: Municipality, affected: Affected) -> Iterator[Affected]:
    """Run a change; afterwards, bury what the public no longer sees and touch what it sees
    for the first time. The caller may add ids to the yielded dict (objects created inside)."""
    before = _public_ids(municipality, affected)
    yield affected
    after = _public_ids(municipality, affected)
    now = timezone.now()
    for kind in set(before) | set(after):
        was, now_public = before.get(kind, {}), after.get(kind, {})
        gone = set(was) - set(now_public)
        for pk in sorted(gone):
            OParlTombstone.objects.with_scopes_disabled().update_or_create(
                municipality=municipality,
                object_type=kind,
                object_id=pk,
                defaults={"created": was[pk], "deleted_at": now},
            )
        appeared = set(now_public) - set(was)
        if appeared:
            touch(KINDS[kind][0], appeared)
        if now_public:
            OParlTombstone.objects.with_scopes_disabled().filter(
                municipality=municipality, object_type=kind, object_id__in=sorted(now_public)
            ).delete()
        touch_dependents(kind, appeared | gone)


def touch_dependents(kind: str, pks: set[int]) -> None:
    """Objects that show a link to these (or leave it out) changed with them: a consultation
    names its agenda item and meeting only while the public sees them, a paper lists only the
    public papers that belong to it, and so on."""
    if not pks:
        return
    ids = sorted(pks)
    consultations = Consultation.objects.with_scopes_disabled()
    items = AgendaItem.objects.with_scopes_disabled()
    papers = Paper.objects.with_scopes_disabled()
    if kind == "AgendaItem":
        steps = consultations.filter(agenda_item_id__in=ids)
        touch(Consultation, steps.values_list("pk", flat=True))
        touch(Paper, steps.values_list("paper_id", flat=True))
        touch(Meeting, items.filter(pk__in=ids).values_list("meeting_id", flat=True))
    elif kind == "Meeting":
        steps = consultations.filter(agenda_item__meeting_id__in=ids)
        touch(Consultation, steps.values_list("pk", flat=True))
        touch(Paper, steps.values_list("paper_id", flat=True))
    elif kind == "Paper":
        on_agenda = items.filter(consultation__paper_id__in=ids)
        touch(AgendaItem, on_agenda.values_list("pk", flat=True))
        touch(Meeting, on_agenda.values_list("meeting_id", flat=True))
        related = papers.filter(pk__in=ids)
        touch(Paper, related.values_list("superordinate_id", flat=True))
        touch(Paper, papers.filter(superordinate_id__in=ids).values_list("pk", flat=True))
    elif kind == "Organization":
        touch(
            Body,
            Body.objects.with_scopes_disabled()
            .filter(parent_id__in=ids)
            .values_list("pk", flat=True),
        )
        touch(
            Paper,
            PaperOriginator.objects.with_scopes_disabled()
            .filter(body_id__in=ids)
            .values_list("paper_id", flat=True),
        )
    elif kind == "Consultation":
        steps = consultations.filter(pk__in=ids)
        touch(Paper, steps.values_list("paper_id", flat=True))
        touch(AgendaItem, steps.values_list("agenda_item_id", flat=True))
        touch(Meeting, steps.values_list("agenda_item__meeting_id", flat=True))
    elif kind == "File":
        for document in File.objects.with_scopes_disabled().filter(pk__in=ids):
            touch_parents_of(document)
    elif kind == "Membership":
        seats = Membership.objects.with_scopes_disabled().filter(pk__in=ids)
        touch(Person, seats.values_list("person_id", flat=True))
        touch(Body, seats.values_list("body_id", flat=True))


def _ids(queryset: Any) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def affected_by_meetings(meeting_ids: Iterable[int]) -> Affected:
    """A meeting, its agenda, its files and the steps of papers on its agenda, its place."""
    ids = sorted(set(meeting_ids))
    meetings = Meeting.objects.with_scopes_disabled().filter(pk__in=ids)
    items = AgendaItem.objects.with_scopes_disabled().filter(meeting_id__in=ids)
    return {
        "Meeting": set(ids),
        "AgendaItem": _ids(items),
        "File": _ids(
            File.objects.with_scopes_disabled().filter(
                Q(meeting_id__in=ids) | Q(agenda_item__meeting_id__in=ids)
            )
        ),
        "Consultation": _ids(
            Consultation.objects.with_scopes_disabled().filter(agenda_item__meeting_id__in=ids)
        ),
        "Location": {pk for pk in meetings.values_list("location_id", flat=True) if pk},
    }


def affected_by_papers(paper_ids: Iterable[int]) -> Affected:
    """A paper, the steps of its path, its files, the persons who submitted it."""
    ids = sorted(set(paper_ids))
    return {
        "Paper": set(ids),
        "Consultation": _ids(Consultation.objects.with_scopes_disabled().filter(paper_id__in=ids)),
        "File": _ids(File.objects.with_scopes_disabled().filter(paper_id__in=ids)),
        "Person": {
            pk
            for pk in PaperOriginator.objects.with_scopes_disabled()
            .filter(paper_id__in=ids)
            .values_list("person_id", flat=True)
            if pk
        },
    }


def affected_by_body(body: Body) -> Affected:
    """Everything a body's publicity decides on."""
    meeting_ids = _ids(Meeting.objects.with_scopes_disabled().filter(body=body))
    affected = affected_by_meetings(meeting_ids)
    memberships = Membership.objects.with_scopes_disabled().filter(body=body)
    affected["Organization"] = {body.pk}
    affected["Membership"] = _ids(memberships)
    affected["Person"] = set(memberships.values_list("person_id", flat=True))
    affected["LegislativeTerm"] = _ids(
        LegislativeTerm.objects.with_scopes_disabled().filter(body=body)
    )
    affected["Consultation"] |= _ids(Consultation.objects.with_scopes_disabled().filter(body=body))
    if body.location_id:
        affected["Location"].add(body.location_id)
    return affected


def merge(*parts: Affected) -> Affected:
    merged: Affected = {}
    for part in parts:
        for kind, pks in part.items():
            merged.setdefault(kind, set()).update(pks)
    return merged
