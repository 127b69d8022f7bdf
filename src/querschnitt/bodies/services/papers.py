"""Writes about papers: the paper, who submitted it, publishing, and its path through the
bodies (consultations), which puts it on a meeting's agenda."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.bodies.models import (
    AgendaItem,
    Body,
    Consultation,
    Meeting,
    Paper,
    PaperOriginator,
    Person,
)
from querschnitt.bodies.search import paper_search_text_update
from querschnitt.bodies.services.bodies import check_same_municipality
from querschnitt.bodies.services.changes import (
    affected_by_papers,
    merge,
    touch,
    tracking_public,
)
from querschnitt.bodies.services.meetings import agenda_check_open, agenda_item_create
from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Department, Municipality


def paper_check_reference(
    *, municipality: Municipality, reference: str, exclude: int | None
) -> None:
    other = (
        Paper.objects.filter(municipality=municipality, reference__iexact=reference)
        .exclude(pk=exclude)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "reference": _("The reference %(reference)s is already used by “%(name)s”.")
                % {"reference": other.reference, "name": other.name}
            }
        )


def _set_originators(paper: Paper, persons: list[Person], bodies: list[Body]) -> None:
    municipality = paper.municipality
    for person in persons:
        check_same_municipality(municipality, originator_persons=person)
    for body in bodies:
        check_same_municipality(municipality, originator_bodies=body)
    PaperOriginator.objects.filter(paper=paper).exclude(person__in=[p.pk for p in persons]).exclude(
        body__in=[b.pk for b in bodies]
    ).delete()
    existing_persons = set(
        PaperOriginator.objects.filter(paper=paper, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    existing_bodies = set(
        PaperOriginator.objects.filter(paper=paper, body__isnull=False).values_list(
            "body_id", flat=True
        )
    )
    PaperOriginator.objects.bulk_create(
        [
            PaperOriginator(municipality=municipality, paper=paper, person=person)
            for person in persons
            if person.pk not in existing_persons
        ]
        + [
            PaperOriginator(municipality=municipality, paper=paper, body=body)
            for body in bodies
            if body.pk not in existing_bodies
        ]
    )


@transaction.atomic
def paper_create(
    *,
    municipality: Municipality,
    by: Any,
    reference: str,
    name: str,
    paper_type: str,
    paper_date: date,
    public: bool = True,
    summary: str = "",
    originator_department: Department | None = None,
    originator_persons: list[Person] | None = None,
    originator_bodies: list[Body] | None = None,
    superordinate: Paper | None = None,
) -> Paper:
    """Record a paper (Vorlage, Antrag, Anfrage, Mitteilung). It is published when a meeting
    with it on the public agenda is published, or by itself."""
    check_same_municipality(
        municipality, originator_department=originator_department, superordinate=superordinate
    )
    reference = reference.strip()
    paper_check_reference(municipality=municipality, reference=reference, exclude=None)
    paper = Paper(
        municipality=municipality,
        reference=reference,
        name=name.strip(),
        paper_type=paper_type,
        date=paper_date,
        public=public,
        summary=summary.strip(),
        originator_department=originator_department,
        superordinate=superordinate,
    )
    paper.full_clean()
    paper.save()
    _set_originators(paper, originator_persons or [], originator_bodies or [])
    paper_search_text_update(paper)
    audit_record(municipality=municipality, actor=by, action="paper.created", target=paper)
    return paper


@transaction.atomic
def paper_update(
    *,
    paper: Paper,
    by: Any,
    reference: str,
    name: str,
    paper_type: str,
    paper_date: date,
    public: bool,
    summary: str = "",
    originator_department: Department | None = None,
    originator_persons: list[Person] | None = None,
    originator_bodies: list[Body] | None = None,
    superordinate: Paper | None = None,
) -> Paper:
    municipality = paper.municipality
    check_same_municipality(
        municipality, originator_department=originator_department, superordinate=superordinate
    )
    if superordinate is not None and superordinate.pk == paper.pk:
        raise ValidationError({"superordinate": _("A paper cannot belong to itself.")})
    reference = reference.strip()
    paper_check_reference(municipality=municipality, reference=reference, exclude=paper.pk)
    before = snapshot(paper)
    old_persons = set(
        paper.originators.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    affected = affected_by_papers([paper.pk])
    affected["Paper"] |= {pk for pk in (paper.superordinate_id,) if pk}
    with tracking_public(municipality=municipality, affected=affected) as affected:
        paper.reference, paper.name, paper.paper_type = reference, name.strip(), paper_type
        paper.date, paper.public, paper.summary = paper_date, public, summary.strip()
        paper.originator_department, paper.superordinate = originator_department, superordinate
        paper.full_clean()
        paper.save()
        _set_originators(paper, originator_persons or [], originator_bodies or [])
        affected["Person"] |= old_persons | {p.pk for p in originator_persons or []}
        if superordinate is not None:
            affected["Paper"].add(superordinate.pk)
    # the superordinate paper lists its subordinates
    touch(Paper, [before.get("superordinate"), paper.superordinate_id])
    paper_search_text_update(paper)
    audit_record(
        municipality=municipality,
        actor=by,
        action="paper.updated",
        target=paper,
        changes=field_changes(before, paper),
    )
    return paper


@transaction.atomic
def paper_publish(*, paper: Paper, by: Any) -> Paper:
    """Show a public paper to everyone (a paper that is not public stays with the members)."""
    if not paper.public:
        raise ValidationError(_("This paper is not public and cannot be published."))
    if paper.published_at is not None:
        return paper
    with tracking_public(municipality=paper.municipality, affected=affected_by_papers([paper.pk])):
        paper.published_at = timezone.now()
        paper.save(update_fields=["published_at", "modified_at"])
    audit_record(municipality=paper.municipality, actor=by, action="paper.published", target=paper)
    return paper


@transaction.atomic
def paper_delete(*, paper: Paper, by: Any) -> None:
    """Remove a paper recorded by mistake; not one that a held meeting dealt with."""
    if paper.consultations.filter(agenda_item__meeting__state=Meeting.State.HELD).exists():
        raise ValidationError(_("A held meeting dealt with this paper; it cannot be deleted."))
    municipality = paper.municipality
    items = list(
        AgendaItem.objects.filter(consultation__paper=paper).values_list("pk", "meeting_id")
    )
    affected = affected_by_papers([paper.pk])
    affected["Paper"] |= set(paper.subordinates.values_list("pk", flat=True))
    with tracking_public(municipality=municipality, affected=affected):
        audit_record(municipality=municipality, actor=by, action="paper.deleted", target=paper)
        paper.delete()
    touch(AgendaItem, [pk for pk, _meeting in items])
    touch(Meeting, [meeting for _pk, meeting in items])
    touch(Paper, [paper.superordinate_id])


@transaction.atomic
def consultation_add(
    *,
    paper: Paper,
    body: Body,
    by: Any,
    role: str,
    authoritative: bool = False,
    meeting: Meeting | None = None,
) -> Consultation:
    """Add a step to the paper's path; with a meeting, the paper goes on its agenda."""
    municipality = paper.municipality
    check_same_municipality(municipality, body=body, meeting=meeting)
    if role not in Consultation.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if authoritative and paper.consultations.filter(authoritative=True).exists():
        raise ValidationError(
            {"authoritative": _("Another body already takes the decision on this paper.")}
        )
    order = (paper.consultations.aggregate(last=Max("order"))["last"] or 0) + 1
    consultation = Consultation(
        municipality=municipality,
        paper=paper,
        body=body,
        role=role,
        authoritative=authoritative,
        order=order,
    )
    consultation.full_clean()
    with tracking_public(municipality=municipality, affected={"Consultation": set()}) as affected:
        consultation.save()
        affected["Consultation"].add(consultation.pk)
    touch(Paper, [paper.pk])
    if meeting is not None:
        consultation_schedule(consultation=consultation, meeting=meeting, by=by)
    audit_record(
        municipality=municipality,
        actor=by,
        action="consultation.created",
        target=paper,
        changes={"body": str(body), "role": role},
    )
    return consultation


@transaction.atomic
def consultation_schedule(*, consultation: Consultation, meeting: Meeting, by: Any) -> AgendaItem:
    """Put the paper on the agenda of a meeting of the consulting body."""
    paper = consultation.paper
    if meeting.body_id != consultation.body_id:
        raise ValidationError(
            {"meeting": _("Choose a meeting of %(body)s.") % {"body": consultation.body}}
        )
    agenda_check_open(meeting)
    if consultation.agenda_item_id is not None:
        raise ValidationError(_("This step is already on an agenda."))
    on_agenda = AgendaItem.objects.filter(meeting=meeting, consultation__paper=paper).first()
    if on_agenda is not None:
        raise ValidationError(
            {
                "meeting": _("The paper is already on this agenda as item %(number)s.")
                % {"number": on_agenda.number}
            }
        )
    item = agenda_item_create(
        meeting=meeting, by=by, name=f"{paper.name} ({paper.reference})", public=paper.public
    )
    affected = merge(affected_by_papers([paper.pk]), {"AgendaItem": {item.pk}})
    with tracking_public(municipality=paper.municipality, affected=affected):
        consultation.agenda_item = item
        consultation.save(update_fields=["agenda_item", "modified_at"])
    touch(Paper, [paper.pk])
    touch(AgendaItem, [item.pk])
    touch(Meeting, [meeting.pk])
    if meeting.published_at is not None and paper.public and paper.published_at is None:
        paper_publish(paper=paper, by=by)
    return item


@transaction.atomic
def consultation_delete(*, consultation: Consultation, by: Any) -> None:
    """Take a step off the paper's path (and the paper off that agenda, if not held yet)."""
    item = consultation.agenda_item
    if item is not None and item.meeting.state == Meeting.State.HELD:
        raise ValidationError(_("A held meeting dealt with this step; it cannot be removed."))
    paper = consultation.paper
    with tracking_public(
        municipality=paper.municipality, affected={"Consultation": {consultation.pk}}
    ):
        audit_record(
            municipality=paper.municipality,
            actor=by,
            action="consultation.deleted",
            target=paper,
            changes={"body": str(consultation.body)},
        )
        consultation.delete()
    touch(Paper, [paper.pk])
    if item is not None:
        from querschnitt.bodies.services.meetings import agenda_item_delete

        agenda_item_delete(item=item, by=by)
