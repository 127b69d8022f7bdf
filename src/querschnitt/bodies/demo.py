"""Demo bodies, members, a year of meetings and papers for Mannheim and Bamberg.

Loaded in bulk (a few dozen queries per city). The documents are real PDFs made with
WeasyPrint from the platform's own templates (minutes from the recorded results, the agenda,
the papers' text); a PDF is cached under `QS_VAR_DIR/cache/demo-documents/` by the hash of
its HTML, so it is made once and then read (the dates move weekly, see `demo_plan`). Their
text is read with pypdf, as an upload's would be, so search finds the papers by it.
"""

import hashlib
import os
import random
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from querschnitt.accounts.models import User
from querschnitt.bodies import demo_plan
from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    File,
    Invitation,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    PaperOriginator,
    Person,
    SeatGroup,
    Vote,
)
from querschnitt.bodies.search import search_text_from
from querschnitt.bodies.services.files import pdf_text
from querschnitt.core.models import Department, Municipality
from querschnitt.core.pdf import pdf_context, pdf_from_html

BERLIN = timezone.get_default_timezone()


def cached_pdf(template: str, context: dict[str, Any]) -> tuple[bytes, str]:
    """The PDF of a template and its text, made once per distinct HTML."""
    with translation.override("de"):
        html = render_to_string(template, context | pdf_context("de"))
    key = hashlib.sha256(html.encode()).hexdigest()
    folder = Path(settings.VAR_DIR) / "cache" / "demo-documents"
    pdf_path, text_path = folder / f"{key}.pdf", folder / f"{key}.txt"
    if pdf_path.exists() and text_path.exists():
        return pdf_path.read_bytes(), text_path.read_text()
    content = pdf_from_html(html)
    text = pdf_text(content)
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in ((pdf_path, content), (text_path, text.encode())):
        # written under another name and renamed: a parallel loader never reads half a file
        handle, temporary = tempfile.mkstemp(dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    return content, text


def _stored(municipality: Municipality, file_name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:24]
    name = f"{municipality.slug}/bodies/demo/{digest}/{file_name}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def _file(
    municipality: Municipality,
    *,
    content: bytes,
    text: str,
    file_name: str,
    name: str,
    role: str,
    public: bool = True,
    day: Any = None,
    **parent: Any,
) -> File:
    return File(
        municipality=municipality,
        name=name,
        file=_stored(municipality, file_name, content),
        file_name=file_name,
        mime_type="application/pdf",
        size=len(content),
        sha512=hashlib.sha512(content).hexdigest(),
        text=text,
        text_state=File.TextState.DONE if text.strip() else File.TextState.NONE,
        date=day,
        public=public,
        role=role,
        **parent,
    )


def load_bodies(municipality: Municipality, city: dict[str, Any]) -> None:
    """The city's bodies with a year of meetings; left alone once they are there."""
    make_plan = demo_plan.PLANS.get(city["slug"])
    if make_plan is None or Body.objects.filter(municipality=municipality).exists():
        return
    anchor = demo_plan.anchor_for(timezone.localdate())
    build(municipality, make_plan(anchor), anchor)


def build(municipality: Municipality, plan: demo_plan.Plan, anchor: Any) -> None:
    rng = random.Random(f"bodies-demo-{municipality.slug}")  # noqa: S311 - demo data
    now = timezone.now()
    departments = {d.name: d for d in Department.objects.filter(municipality=municipality)}
    users = {
        u.email: u
        for u in User.objects.filter(email__in=[p.user_email for p in plan.persons if p.user_email])
    }

    locations = {
        place.key: Location(
            municipality=municipality,
            description=place.description,
            room=place.room,
            street_address=place.street,
            postal_code=place.postal_code,
            sub_locality=place.sub_locality,
            locality=place.locality,
            latitude=round(place.latitude, 6),
            longitude=round(place.longitude, 6),
            step_free=place.step_free,
            accessible_toilet=place.accessible_toilet,
            hearing_loop=place.hearing_loop,
            accessibility_note=place.note,
        )
        for place in plan.locations
    }
    Location.objects.bulk_create(locations.values())

    persons = {
        p.key: Person(
            municipality=municipality,
            given_name=p.given,
            family_name=p.family,
            gender=p.gender,
            title=p.title,
            status=p.status,
            form_of_address=p.address,
            email=f"{p.key}@gremien.{municipality.slug}.example",
            user=users.get(p.user_email),
        )
        for p in plan.persons
    }
    Person.objects.bulk_create(persons.values())

    bodies = {
        b.key: Body(
            municipality=municipality,
            name=b.name,
            short_name=b.short_name,
            slug=b.slug,
            kind=b.kind,
            is_public=b.is_public,
            purpose={"de": b.purpose_de, "en": b.purpose_en},
            legal_basis=b.legal_basis,
            composition_rule=b.composition_rule,
            term_years=b.term_years,
            gender_balanced=b.gender_balanced,
            records_individual_votes=b.records_individual_votes,
            office_department=departments.get(b.department),
            location=locations.get(b.location),
        )
        for b in plan.bodies
    }
    Body.objects.bulk_create(bodies.values())

    groups = {
        (b.key, name): SeatGroup(
            municipality=municipality,
            body=bodies[b.key],
            name=name,
            seats=seats,
            voting_right=voting,
            selection=selection,
            order=order,
        )
        for b in plan.bodies
        for order, (name, seats, voting, selection) in enumerate(b.seat_groups)
    }
    SeatGroup.objects.bulk_create(groups.values())

    terms: dict[str | None, list[LegislativeTerm]] = {None: []}
    for name, start, end in plan.terms:
        terms[None].append(
            LegislativeTerm(municipality=municipality, name=name, start_date=start, end_date=end)
        )
    for b in plan.bodies:
        if b.term:
            name, start, end = b.term
            terms[b.key] = [
                LegislativeTerm(
                    municipality=municipality,
                    body=bodies[b.key],
                    name=name,
                    start_date=start,
                    end_date=end,
                )
            ]
    LegislativeTerm.objects.bulk_create([t for ts in terms.values() for t in ts])

    term_start = {key: min(t.start_date for t in ts) for key, ts in terms.items() if ts}
    memberships = []
    for b in plan.bodies:
        for seat in b.seats:
            memberships.append(
                Membership(
                    municipality=municipality,
                    body=bodies[b.key],
                    person=persons[seat.person],
                    role=seat.role,
                    voting_right=seat.voting,
                    seat_group=groups.get((b.key, seat.seat_group)),
                    group=seat.group,
                    start_date=max(
                        term_start.get(b.key) or term_start.get(None), anchor - timedelta(days=700)
                    ),
                )
            )
    Membership.objects.bulk_create(memberships)

    papers = {
        p.key: Paper(
            municipality=municipality,
            reference=p.reference,
            name=p.name,
            paper_type=p.paper_type,
            date=anchor + timedelta(days=p.day),
            public=p.public,
            summary="\n\n".join(p.text),
            originator_department=departments.get(p.department),
        )
        for p in plan.papers
    }

    def term_for(body_key: str, day: Any) -> LegislativeTerm | None:
        for term in terms.get(body_key) or terms[None]:
            if term.start_date <= day <= term.end_date:
                return term
        return None

    meetings: list[tuple[demo_plan.M, Meeting]] = []
    counters: dict[str, int] = {}
    for m in sorted(plan.meetings, key=lambda m: m.day):
        body = bodies[m.body]
        start = datetime.combine(anchor + timedelta(days=m.day), time(m.hour), tzinfo=BERLIN)
        counters[m.body] = counters.get(m.body, 0) + 1
        held = start < now
        meeting = Meeting(
            municipality=municipality,
            body=body,
            term=term_for(m.body, start.date()),
            name=m.name or f"{counters[m.body]}. Sitzung {body.name}",
            start=start,
            end=start + timedelta(hours=2),
            location=locations.get(m.location) or body.location,
            state=Meeting.State.HELD
            if held
            else Meeting.State.INVITED
            if m.invited
            else Meeting.State.PLANNED,
            published_at=start - timedelta(days=14) if m.published and body.is_public else None,
            invited_at=start - timedelta(days=14) if held or m.invited else None,
            held_at=start + timedelta(hours=2) if held else None,
        )
        meetings.append((m, meeting))
    Meeting.objects.bulk_create([meeting for _m, meeting in meetings])

    # papers are published with the first published meeting whose public agenda has them
    for m, meeting in meetings:
        for item in m.items:
            if item.paper and item.public and meeting.published_at is not None:
                paper = papers[item.paper]
                if paper.public and (
                    paper.published_at is None or meeting.published_at < paper.published_at
                ):
                    paper.published_at = meeting.published_at
    for p in plan.papers:
        if p.publish and p.public and papers[p.key].published_at is None:
            papers[p.key].published_at = now
    Paper.objects.bulk_create(papers.values())

    items: list[tuple[demo_plan.Item, AgendaItem, Meeting]] = []
    for m, meeting in meetings:
        ordered = sorted(m.items, key=lambda item: not item.public)
        for order, item in enumerate(ordered):
            held = meeting.state == Meeting.State.HELD
            votes = item.votes if held else None
            agenda_item = AgendaItem(
                municipality=municipality,
                meeting=meeting,
                order=order,
                number=str(order + 1),
                name=item.name,
                public=item.public,
                result=item.result if held else "",
                resolution_text=item.resolution if held else "",
                votes_for=votes[0] if votes else None,
                votes_against=votes[1] if votes else None,
                votes_abstained=votes[2] if votes else None,
                resolution_state=AgendaItem.ResolutionState.TO_CARRY_OUT
                if held and item.to_carry_out
                else AgendaItem.ResolutionState.NONE,
                resolution_responsible=departments.get(item.responsible) if held else None,
                resolution_due=anchor + timedelta(days=item.due_days)
                if held and item.to_carry_out
                else None,
            )
            items.append((item, agenda_item, meeting))
    AgendaItem.objects.bulk_create([agenda_item for _i, agenda_item, _m in items])

    consultations = []
    steps: dict[str, int] = {}
    for item, agenda_item, meeting in items:
        if item.paper:
            steps[item.paper] = steps.get(item.paper, 0) + 1
            consultations.append(
                Consultation(
                    municipality=municipality,
                    paper=papers[item.paper],
                    body=meeting.body,
                    agenda_item=agenda_item,
                    role=item.role or Consultation.Role.DECISION,
                    authoritative=(item.role or "decision") == "decision",
                    order=steps[item.paper],
                )
            )
    for p in plan.papers:
        for body_key, role, decides in p.planned:
            on_agenda = any(
                c.paper is papers[p.key] and c.body is bodies[body_key] for c in consultations
            )
            if not on_agenda:
                steps[p.key] = steps.get(p.key, 0) + 1
                consultations.append(
                    Consultation(
                        municipality=municipality,
                        paper=papers[p.key],
                        body=bodies[body_key],
                        role=role,
                        authoritative=decides,
                        order=steps[p.key],
                    )
                )
    # one decision per paper: a preliminary step decides nothing
    deciding: set[str] = set()
    for consultation in consultations:
        if consultation.authoritative:
            key = consultation.paper.reference
            consultation.authoritative = key not in deciding
            deciding.add(key)
    Consultation.objects.bulk_create(consultations)

    PaperOriginator.objects.bulk_create(
        [
            PaperOriginator(municipality=municipality, paper=papers[p.key], person=persons[key])
            for p in plan.papers
            for key in p.by_persons
        ]
        + [
            PaperOriginator(municipality=municipality, paper=papers[p.key], body=bodies[key])
            for p in plan.papers
            for key in p.by_bodies
        ]
    )

    # attendance and votes of the held meetings
    members_of: dict[int, list[Membership]] = {}
    for membership in memberships:
        members_of.setdefault(membership.body_id, []).append(membership)
    attendance: list[Attendance] = []
    personal: list[Vote] = []
    present_of: dict[int, list[Membership]] = {}
    for _m, meeting in meetings:
        if meeting.state != Meeting.State.HELD:
            continue
        for membership in members_of.get(meeting.body_id, []):
            present = rng.random() < 0.85
            attendance.append(
                Attendance(
                    municipality=municipality,
                    meeting=meeting,
                    person=membership.person,
                    status=Attendance.Status.PRESENT if present else Attendance.Status.EXCUSED,
                )
            )
            if present and membership.voting_right:
                present_of.setdefault(meeting.pk, []).append(membership)
    for item, agenda_item, meeting in items:
        voters = present_of.get(meeting.pk, [])
        if not (item.personal_votes and agenda_item.votes_for is not None and voters):
            continue
        choices = (["for"] * len(voters))[: len(voters)]
        against = min(agenda_item.votes_against or 0, len(voters))
        abstained = min(agenda_item.votes_abstained or 0, len(voters) - against)
        for index in range(against):
            choices[index] = "against"
        for index in range(against, against + abstained):
            choices[index] = "abstained"
        for membership, choice in zip(voters, choices, strict=True):
            personal.append(
                Vote(
                    municipality=municipality,
                    agenda_item=agenda_item,
                    person=membership.person,
                    choice=choice,
                )
            )
        tally = [choices.count(c) for c in ("for", "against", "abstained")]
        agenda_item.votes_for, agenda_item.votes_against, agenda_item.votes_abstained = tally
        AgendaItem.objects.filter(pk=agenda_item.pk).update(
            votes_for=tally[0], votes_against=tally[1], votes_abstained=tally[2]
        )
    Attendance.objects.bulk_create(attendance)
    Vote.objects.bulk_create(personal)

    _documents(municipality, plan, anchor, papers, meetings, items, attendance)
    Invitation.objects.bulk_create(
        [
            Invitation(
                municipality=municipality,
                meeting=meeting,
                state=Invitation.State.SENT,
                finished_at=meeting.invited_at,
            )
            for _m, meeting in meetings
            if meeting.invited_at is not None
        ]
    )


def _documents(
    municipality: Municipality,
    plan: demo_plan.Plan,
    anchor: Any,
    papers: dict[str, Paper],
    meetings: list[tuple[demo_plan.M, Meeting]],
    items: list[tuple[demo_plan.Item, AgendaItem, Meeting]],
    attendance: list[Attendance],
) -> None:
    """The papers' documents, the minutes of held meetings and the agenda of invited ones."""
    documents: list[File] = []
    texts: dict[str, list[str]] = {}
    for p in plan.papers:
        paper = papers[p.key]
        content, text = cached_pdf(
            "bodies/pdf/paper.html",
            {"paper": paper, "municipality": municipality, "paragraphs": p.text},
        )
        main_name = f"{paper.get_paper_type_display().split(' (')[0]} {paper.reference}"
        documents.append(
            _file(
                municipality,
                content=content,
                text=text,
                paper=paper,
                role=File.Role.MAIN,
                file_name=f"{paper.reference.replace(' ', '-').replace('/', '-')}.pdf",
                name=main_name,
                day=paper.date,
            )
        )
        texts[p.key] = [main_name, text]
        for number, (title, public, paragraphs) in enumerate(p.annexes, start=1):
            annex = Paper(
                reference=paper.reference, name=title, date=paper.date, paper_type=paper.paper_type
            )
            content, text = cached_pdf(
                "bodies/pdf/paper.html",
                {"paper": annex, "municipality": municipality, "paragraphs": paragraphs},
            )
            documents.append(
                _file(
                    municipality,
                    content=content,
                    text=text,
                    paper=paper,
                    role=File.Role.AUXILIARY,
                    public=public,
                    name=title,
                    file_name=f"Anlage-{number}.pdf",
                    day=paper.date,
                )
            )
            if public:
                texts[p.key] += [title, text]
    present: dict[int, list[str]] = {}
    excused: dict[int, list[str]] = {}
    for entry in attendance:
        target = present if entry.status == Attendance.Status.PRESENT else excused
        target.setdefault(entry.meeting_id, []).append(entry.person.name)
    by_meeting: dict[int, list[AgendaItem]] = {}
    for _item, agenda_item, meeting in items:
        agenda_item.paper = papers.get(_item.paper)  # type: ignore[attr-defined]
        by_meeting.setdefault(meeting.pk, []).append(agenda_item)
    for m, meeting in meetings:
        agenda = by_meeting.get(meeting.pk, [])
        day = timezone.localtime(meeting.start).date()
        if meeting.state == Meeting.State.HELD and m.minutes:
            public_items = [i for i in agenda if i.public]
            content, text = cached_pdf(
                "bodies/pdf/minutes.html",
                {
                    "meeting": meeting,
                    "items": public_items,
                    "present": present.get(meeting.pk, []),
                    "excused": excused.get(meeting.pk, []),
                },
            )
            documents.append(
                _file(
                    municipality,
                    content=content,
                    text=text,
                    meeting=meeting,
                    role=File.Role.RESULTS_PROTOCOL,
                    name="Niederschrift (öffentlicher Teil)",
                    file_name=f"Niederschrift-{day.isoformat()}.pdf",
                    day=day + timedelta(days=7),
                    public=meeting.body.is_public,
                )
            )
        if meeting.invited_at is not None and meeting.published_at is not None:
            content, text = cached_pdf(
                "bodies/pdf/agenda.html",
                {"meeting": meeting, "items": [i for i in agenda if i.public], "complete": False},
            )
            documents.append(
                _file(
                    municipality,
                    content=content,
                    text=text,
                    meeting=meeting,
                    role=File.Role.INVITATION,
                    name="Einladung und Tagesordnung",
                    file_name=f"Einladung-{day.isoformat()}.pdf",
                    day=day - timedelta(days=14),
                )
            )
    File.objects.bulk_create(documents)
    for key, paper in papers.items():
        paper.search_text = search_text_from(
            title=paper.name, reference=paper.reference, texts=[paper.summary, *texts.get(key, [])]
        )
    Paper.objects.bulk_update(papers.values(), ["search_text"])
