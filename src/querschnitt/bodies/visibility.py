"""Who sees what of bodies, meetings and papers: the one place that decides it.

- The public sees public bodies with their members, meetings once published (with the public
  part of the agenda), papers that are public and published, and the public files of all of
  these.
- A body member (role "body member", an account linked to a person with a current
  membership) also sees everything of their bodies: unpublished meetings, the non-public
  part of the agenda, non-public papers that go through the body, non-public files.
- The office sees everything.

Every page, search, feed and OParl answer filters with the querysets below. Feeds and OParl
always use `PUBLIC`, whoever asks.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from querschnitt.accounts.models import OFFICE_ROLES, Role
from querschnitt.accounts.permissions import roles_of
from querschnitt.bodies.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    PaperOriginator,
    Person,
    current_membership_q,
)
from querschnitt.core.models import Municipality


@dataclass(frozen=True)
class Viewer:
    """What a person may see: everything (`office`), or the public plus the non-public parts
    of the bodies in `body_ids`."""

    office: bool = False
    body_ids: frozenset[int] = frozenset()

    @property
    def is_public(self) -> bool:
        return not self.office and not self.body_ids

    def reads_all_of(self, body_id: int) -> bool:
        return self.office or body_id in self.body_ids


PUBLIC = Viewer()
OFFICE = Viewer(office=True)


def member_body_ids(user: object, municipality: Municipality) -> frozenset[int]:
    """The bodies on which the user sits today, through the person linked to their account,
    if they hold the role "body member" here."""
    if Role.BODY_MEMBER not in roles_of(user, municipality):
        return frozenset()
    cache = user.__dict__.setdefault("_qs_member_bodies", {})
    if municipality.pk not in cache:
        cache[municipality.pk] = frozenset(
            Membership.objects.with_scopes_disabled()
            .filter(current_membership_q(), municipality=municipality, person__user=user)
            .values_list("body_id", flat=True)
        )
    return cache[municipality.pk]


def viewer_for(user: object, municipality: Municipality) -> Viewer:
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return OFFICE
    if roles_of(user, municipality) & OFFICE_ROLES:
        return OFFICE
    return Viewer(body_ids=member_body_ids(user, municipality))


def meeting_is_public(meeting: Meeting) -> bool:
    """For a loaded meeting (with its body): does the public see it?"""
    return meeting.published_at is not None and meeting.body.is_public


def item_is_public(item: AgendaItem) -> bool:
    return item.public and meeting_is_public(item.meeting)


def paper_is_public(paper: Paper) -> bool:
    return paper.public and paper.published_at is not None


# --- conditions ------------------------------------------------------------------------------


def _in_bodies(viewer: Viewer, field: str) -> Q:
    return Q(**{f"{field}__in": sorted(viewer.body_ids)}) if viewer.body_ids else Q(pk__in=[])


def body_q(viewer: Viewer) -> Q:
    if viewer.office:
        return Q()
    return Q(is_public=True) | _in_bodies(viewer, "pk")


def meeting_q(viewer: Viewer, prefix: str = "") -> Q:
    if viewer.office:
        return Q()
    published = Q(**{f"{prefix}published_at__isnull": False, f"{prefix}body__is_public": True})
    return published | _in_bodies(viewer, f"{prefix}body_id")


def agenda_item_q(viewer: Viewer, prefix: str = "") -> Q:
    if viewer.office:
        return Q()
    public = Q(**{f"{prefix}public": True}) & meeting_q(PUBLIC, f"{prefix}meeting__")
    return public | _in_bodies(viewer, f"{prefix}meeting__body_id")


def _paper_in_bodies(viewer: Viewer, paper_field: str) -> Q:
    if not viewer.body_ids:
        return Q(pk__in=[])
    consulted = Consultation.objects.filter(
        paper=OuterRef(paper_field), body_id__in=sorted(viewer.body_ids)
    )
    return Q(Exists(consulted))


def paper_q(viewer: Viewer, prefix: str = "") -> Q:
    if viewer.office:
        return Q()
    public = Q(**{f"{prefix}public": True, f"{prefix}published_at__isnull": False})
    return public | _paper_in_bodies(viewer, f"{prefix}pk" if prefix else "pk")


def consultation_q(viewer: Viewer) -> Q:
    """A step of a paper's path shows where both the paper and the body show."""
    if viewer.office:
        return Q()
    public = paper_q(PUBLIC, "paper__") & Q(body__is_public=True)
    return public | _in_bodies(viewer, "body_id")


def file_q(viewer: Viewer) -> Q:
    if viewer.office:
        return Q()
    public = Q(public=True) & (
        (Q(paper__isnull=False) & paper_q(PUBLIC, "paper__"))
        | (Q(meeting__isnull=False) & meeting_q(PUBLIC, "meeting__"))
        | (Q(agenda_item__isnull=False) & agenda_item_q(PUBLIC, "agenda_item__"))
    )
    if not viewer.body_ids:
        return public
    return (
        public
        | _in_bodies(viewer, "meeting__body_id")
        | _in_bodies(viewer, "agenda_item__meeting__body_id")
        | (Q(paper__isnull=False) & _paper_in_bodies(viewer, "paper_id"))
    )


def membership_q(viewer: Viewer) -> Q:
    if viewer.office:
        return Q()
    return Q(body__is_public=True) | _in_bodies(viewer, "body_id")


def person_q(viewer: Viewer) -> Q:
    """A person shows through a membership in a body that shows, or as the originator of a
    paper that shows."""
    if viewer.office:
        return Q()
    memberships = Membership.objects.filter(person=OuterRef("pk")).filter(membership_q(viewer))
    originated = PaperOriginator.objects.filter(person=OuterRef("pk")).filter(
        paper_q(viewer, "paper__")
    )
    return Q(Exists(memberships)) | Q(Exists(originated))


def term_q(viewer: Viewer) -> Q:
    if viewer.office:
        return Q()
    return Q(body__isnull=True) | Q(body__is_public=True) | _in_bodies(viewer, "body_id")


def location_q(viewer: Viewer) -> Q:
    """A place shows where a meeting or a body that shows meets."""
    if viewer.office:
        return Q()
    meetings = Meeting.objects.filter(location=OuterRef("pk")).filter(meeting_q(viewer))
    bodies = Body.objects.filter(location=OuterRef("pk")).filter(body_q(viewer))
    return Q(Exists(meetings)) | Q(Exists(bodies))


# --- querysets -------------------------------------------------------------------------------


def visible_bodies(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Body]:
    return Body.objects.filter(municipality=municipality).filter(body_q(viewer))


def visible_meetings(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Meeting]:
    return Meeting.objects.filter(municipality=municipality).filter(meeting_q(viewer))


def visible_agenda_items(*, municipality: Municipality, viewer: Viewer) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(municipality=municipality).filter(agenda_item_q(viewer))


def visible_papers(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Paper]:
    return Paper.objects.filter(municipality=municipality).filter(paper_q(viewer))


def visible_consultations(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Consultation]:
    return Consultation.objects.filter(municipality=municipality).filter(consultation_q(viewer))


def visible_files(*, municipality: Municipality, viewer: Viewer) -> QuerySet[File]:
    return File.objects.filter(municipality=municipality).filter(file_q(viewer))


def visible_memberships(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Membership]:
    return Membership.objects.filter(municipality=municipality).filter(membership_q(viewer))


def visible_persons(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Person]:
    return Person.objects.filter(municipality=municipality).filter(person_q(viewer))


def visible_terms(*, municipality: Municipality, viewer: Viewer) -> QuerySet[LegislativeTerm]:
    return LegislativeTerm.objects.filter(municipality=municipality).filter(term_q(viewer))


def visible_locations(*, municipality: Municipality, viewer: Viewer) -> QuerySet[Location]:
    return Location.objects.filter(municipality=municipality).filter(location_q(viewer))
