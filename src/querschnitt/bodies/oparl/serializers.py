"""OParl 1.1 objects from the models, as the public sees them.

Every function takes an object loaded by `querysets.py` (with what it embeds prefetched, so a
list page costs the same number of queries for 10 objects and for 100) and returns a dict.
`clean` then drops what OParl forbids: nulls, empty strings, empty optional arrays, control
characters. Embedded objects leave out the reference back to their parent; fetched alone they
carry it. Strings the standard leaves free (roles, results, paper types) are German, as the
standard's examples are.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from querschnitt.bodies.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)
from querschnitt.bodies.oparl.params import format_datetime
from querschnitt.bodies.services.files import clean_text
from querschnitt.bodies.visibility import item_is_public, paper_is_public
from querschnitt.core.models import Municipality

SCHEMA = "https://schema.oparl.org/1.1/"
VENDOR = "querschnitt:"
# Arrays that must be there even when empty (required by the schema; a list page's data).
REQUIRED_ARRAYS = {"legislativeTerm", "data"}

ORGANIZATION_CLASSIFICATION = {
    Body.Kind.COUNCIL: ("Gremium", "Rat"),
    Body.Kind.COMMITTEE: ("Gremium", "Ausschuss"),
    Body.Kind.ADVISORY_COUNCIL: ("Gremium", "Beirat"),
    Body.Kind.STEERING_GROUP: ("Gremium", "Lenkungsgruppe"),
    Body.Kind.DECISION_BODY: ("Gremium", "Entscheidungsgremium"),
    Body.Kind.WORKING_GROUP: ("Gremium", "Arbeitsgruppe"),
    Body.Kind.FORUM: ("Sonstiges", "Forum"),
}
MEMBERSHIP_ROLE = {
    Membership.Role.CHAIR: "Vorsitz",
    Membership.Role.DEPUTY_CHAIR: "stellvertretender Vorsitz",
    Membership.Role.MEMBER: "Mitglied",
    Membership.Role.DEPUTY_MEMBER: "stellvertretendes Mitglied",
    Membership.Role.EXPERT_RESIDENT: "sachkundige Einwohnerin oder sachkundiger Einwohner",
    Membership.Role.ADVISORY: "beratendes Mitglied",
}
MEETING_STATE = {
    Meeting.State.PLANNED: "terminiert",
    Meeting.State.INVITED: "eingeladen",
    Meeting.State.HELD: "durchgeführt",
}
RESULT = {
    AgendaItem.Result.ADOPTED: "ungeändert beschlossen",
    AgendaItem.Result.ADOPTED_WITH_CHANGES: "geändert beschlossen",
    AgendaItem.Result.REJECTED: "abgelehnt",
    AgendaItem.Result.RECOMMENDED: "empfohlen",
    AgendaItem.Result.NOTED: "zur Kenntnis genommen",
    AgendaItem.Result.DEFERRED: "vertagt",
    AgendaItem.Result.REFERRED: "verwiesen",
    AgendaItem.Result.WITHDRAWN: "zurückgezogen",
}
RESOLUTION_STATE = {
    AgendaItem.ResolutionState.TO_CARRY_OUT: "umzusetzen",
    AgendaItem.ResolutionState.CARRIED_OUT: "umgesetzt",
}
PAPER_TYPE = {
    Paper.Type.SUBMISSION: "Vorlage",
    Paper.Type.MOTION: "Antrag",
    Paper.Type.INQUIRY: "Anfrage",
    Paper.Type.COMMUNICATION: "Mitteilung",
}
CONSULTATION_ROLE = {
    Consultation.Role.PRELIMINARY: "Vorberatung",
    Consultation.Role.HEARING: "Anhörung",
    Consultation.Role.DECISION: "Entscheidung",
    Consultation.Role.NOTING: "Kenntnisnahme",
}
GENDER = {
    Person.Gender.FEMALE: "female",
    Person.Gender.MALE: "male",
    Person.Gender.DIVERSE: "diverse",
}


@dataclass(frozen=True)
class Urls:
    """Absolute URLs of one municipality's OParl objects and public pages, built without a
    `reverse` per object."""

    base: str  # scheme and host
    slug: str

    @property
    def system(self) -> str:
        return f"{self.base}/oparl/v1/system"

    @property
    def body(self) -> str:
        return f"{self.base}/oparl/v1/body/{self.slug}"

    def list(self, kind: str) -> str:
        return f"{self.body}/{kind}"

    def obj(self, kind: str, pk: int | None) -> str | None:
        return f"{self.body}/{kind}/{pk}" if pk is not None else None

    def page(self, path: str) -> str:
        return f"{self.base}/{self.slug}/{path}"


def prefetched(obj: Any, name: str) -> list[Any]:
    """A list that `kinds.py` prefetched onto the object under this name."""
    return list(getattr(obj, name))


def clean(value: Any) -> Any:
    """Drop nulls, empty strings and empty optional arrays; strip control characters."""
    if isinstance(value, dict):
        cleaned = {}
        for name, item in value.items():
            item = clean(item)
            if item is None or item in ("", {}) or (item == [] and name not in REQUIRED_ARRAYS):
                continue
            cleaned[name] = item
        return cleaned
    if isinstance(value, list):
        return [clean(item) for item in value if item is not None and item != ""]
    if isinstance(value, str):
        # line breaks stay in long texts (a resolution); every other control character goes
        return clean_text(value).replace("\t", " ").replace("\r", "").strip()
    return value


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _common(obj: Any, kind_type: str, url: str | None) -> dict[str, Any]:
    return {
        "id": url,
        "type": SCHEMA + kind_type,
        "created": format_datetime(obj.created_at),
        "modified": format_datetime(obj.modified_at),
    }


# --- objects ---------------------------------------------------------------------------------


def system(urls: Urls, municipalities: list[Municipality]) -> dict[str, Any]:
    created = min((m.created_at for m in municipalities), default=timezone.now())
    modified = max((m.updated_at for m in municipalities), default=created)
    return {
        "id": urls.system,
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": f"{urls.base}/oparl/v1/body",
        "name": "Querschnitt",
        "website": f"{urls.base}/",
        "created": format_datetime(created),
        "modified": format_datetime(modified),
    }


def oparl_body(
    urls: Urls,
    municipality: Municipality,
    *,
    terms: list[LegislativeTerm],
    modified: Any,
    main_organization: int | None,
    omit_internal: bool,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": urls.body,
        "type": SCHEMA + "Body",
        "system": urls.system,
        "name": municipality.name,
        "shortName": municipality.name,
        "ags": municipality.ags,
        "website": municipality.website,
        "contactEmail": municipality.contact_email,
        "contactName": municipality.office_name,
        "classification": "Kommune",
        "organization": urls.list("organization"),
        "person": urls.list("person"),
        "meeting": urls.list("meeting"),
        "paper": urls.list("paper"),
        "agendaItem": urls.list("agendaItem"),
        "consultation": urls.list("consultation"),
        "file": urls.list("file"),
        "membership": urls.list("membership"),
        "locationList": urls.list("location"),
        "legislativeTermList": urls.list("legislativeTerm"),
        "mainOrganization": urls.obj("organization", main_organization),
        "web": f"{urls.base}/{municipality.slug}/",
        "created": format_datetime(municipality.created_at),
        "modified": format_datetime(modified),
    }
    if not omit_internal:
        data["legislativeTerm"] = [legislative_term(urls, term, embedded=True) for term in terms]
    return data


def legislative_term(
    urls: Urls, term: LegislativeTerm, *, embedded: bool = False
) -> dict[str, Any]:
    return {
        **_common(term, "LegislativeTerm", urls.obj("legislativeTerm", term.pk)),
        "body": None if embedded else urls.body,
        "name": term.name,
        "startDate": _date(term.start_date),
        "endDate": _date(term.end_date),
        VENDOR + "organization": urls.obj("organization", term.body_id) if term.body_id else None,
    }


def location(urls: Urls, place: Location) -> dict[str, Any]:
    geojson = None
    if place.latitude is not None and place.longitude is not None:
        geojson = {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(place.longitude), float(place.latitude)],
            },
            "properties": {"name": str(place)},
        }
    accessibility = {
        "stepFree": place.step_free,
        "accessibleToilet": place.accessible_toilet,
        "hearingLoop": place.hearing_loop,
        "note": place.accessibility_note,
    }
    return {
        **_common(place, "Location", urls.obj("location", place.pk)),
        "description": str(place),
        "streetAddress": place.street_address,
        "room": place.room,
        "postalCode": place.postal_code,
        "subLocality": place.sub_locality,
        "locality": place.locality,
        "geojson": geojson,
        VENDOR + "accessibility": {k: v for k, v in accessibility.items() if v not in (None, "")}
        or None,
    }


def _current(memberships: Iterable[Membership]) -> list[Membership]:
    today = timezone.localdate()
    return [m for m in memberships if m.is_current(today)]


def organization(urls: Urls, body: Body) -> dict[str, Any]:
    organization_type, classification = ORGANIZATION_CLASSIFICATION[Body.Kind(body.kind)]
    memberships = prefetched(body, "membership_list")
    current = _current(memberships)
    parent = body.parent if body.parent_id and body.parent and body.parent.is_public else None
    return {
        **_common(body, "Organization", urls.obj("organization", body.pk)),
        "body": urls.body,
        "name": body.name,
        "shortName": body.short_name,
        "membership": [urls.obj("membership", m.pk) for m in memberships],
        "meeting": f"{urls.obj('organization', body.pk)}/meeting",
        "consultation": f"{urls.obj('organization', body.pk)}/consultation",
        "post": sorted({MEMBERSHIP_ROLE[Membership.Role(m.role)] for m in current}),
        "subOrganizationOf": urls.obj("organization", parent.pk) if parent else None,
        "organizationType": organization_type,
        "classification": classification,
        "startDate": _date(body.start_date),
        "endDate": _date(body.end_date),
        "website": body.website,
        "location": location(urls, body.location) if body.location_id and body.location else None,
        "memberCount": len(current),
        "votingMemberCount": sum(1 for m in current if m.voting_right),
        "web": urls.page(f"gremien/{body.slug}/"),
    }


def membership(urls: Urls, seat: Membership, *, embedded: bool = False) -> dict[str, Any]:
    return {
        **_common(seat, "Membership", urls.obj("membership", seat.pk)),
        "person": None if embedded else urls.obj("person", seat.person_id),
        "organization": urls.obj("organization", seat.body_id),
        "role": MEMBERSHIP_ROLE[Membership.Role(seat.role)],
        "votingRight": seat.voting_right,
        "startDate": _date(seat.start_date),
        "endDate": _date(seat.end_date),
        VENDOR + "group": seat.group,
    }


def person(urls: Urls, someone: Person, *, omit_internal: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        **_common(someone, "Person", urls.obj("person", someone.pk)),
        "body": urls.body,
        "name": someone.name,
        "familyName": someone.family_name,
        "givenName": someone.given_name,
        "formOfAddress": someone.form_of_address,
        "affix": someone.affix,
        "title": [someone.title] if someone.title else [],
        "gender": GENDER.get(someone.gender),  # type: ignore[call-overload]
        "status": [someone.status] if someone.status else [],
    }
    if not omit_internal:
        data["membership"] = [
            membership(urls, seat, embedded=True)
            for seat in prefetched(someone, "public_memberships")
        ]
    return data


def file(urls: Urls, document: File, *, embedded: bool = False) -> dict[str, Any]:
    url = urls.obj("file", document.pk)
    data: dict[str, Any] = {
        **_common(document, "File", url),
        "name": document.name,
        "fileName": document.file_name,
        "mimeType": document.mime_type,
        "date": _date(document.date),
        "size": document.size,
        "sha512Checksum": document.sha512,
        "accessUrl": f"{url}/access",
        "downloadUrl": f"{url}/download",
    }
    if not embedded:
        data["paper"] = [urls.obj("paper", document.paper_id)] if document.paper_id else []
        data["meeting"] = [urls.obj("meeting", document.meeting_id)] if document.meeting_id else []
        data["agendaItem"] = (
            [urls.obj("agendaItem", document.agenda_item_id)] if document.agenda_item_id else []
        )
    return data


def _files(urls: Urls, documents: Iterable[File], role: str) -> list[dict[str, Any]]:
    return [file(urls, d, embedded=True) for d in documents if d.role == role]


def _one_file(urls: Urls, documents: Iterable[File], role: str) -> dict[str, Any] | None:
    found = _files(urls, documents, role)
    return found[0] if found else None


def agenda_item(
    urls: Urls, item: AgendaItem, *, embedded: bool = False, omit_internal: bool = False
) -> dict[str, Any]:
    documents = prefetched(item, "public_files")
    consultation = getattr(item, "consultation", None)
    if consultation is not None and not (
        paper_is_public(consultation.paper) and consultation.body.is_public
    ):
        consultation = None
    personal = [
        {"person": urls.obj("person", vote.person_id), "vote": vote.choice}
        for vote in prefetched(item, "vote_list")
    ]
    votes = (
        {
            "for": item.votes_for or 0,
            "against": item.votes_against or 0,
            "abstained": item.votes_abstained or 0,
        }
        if item.has_vote_counts
        else None
    )
    data: dict[str, Any] = {
        **_common(item, "AgendaItem", urls.obj("agendaItem", item.pk)),
        "meeting": None if embedded else urls.obj("meeting", item.meeting_id),
        "number": item.number,
        "order": item.order,
        "name": item.name,
        "public": True,
        "consultation": urls.obj("consultation", consultation.pk) if consultation else None,
        "result": RESULT.get(item.result),  # type: ignore[call-overload]
        "resolutionText": item.resolution_text,
        "resolutionFile": _one_file(urls, documents, File.Role.RESOLUTION),
        "start": format_datetime(item.start) if item.start else None,
        "end": format_datetime(item.end) if item.end else None,
        "web": urls.page(f"sitzungen/{item.meeting_id}/#top-{item.pk}"),
        VENDOR + "votes": votes,
        VENDOR + "personalVotes": personal,
        VENDOR + "resolutionState": RESOLUTION_STATE.get(item.resolution_state),  # type: ignore[call-overload]
    }
    if not omit_internal:
        data["auxiliaryFile"] = _files(urls, documents, File.Role.AUXILIARY)
    return data


def meeting(urls: Urls, session: Meeting, *, omit_internal: bool) -> dict[str, Any]:
    documents = prefetched(session, "public_files")
    attendance = prefetched(session, "attendance_list")
    data: dict[str, Any] = {
        **_common(session, "Meeting", urls.obj("meeting", session.pk)),
        "name": session.name,
        "meetingState": MEETING_STATE[Meeting.State(session.state)],
        "cancelled": session.cancelled,
        "start": format_datetime(session.start),
        "end": format_datetime(session.end) if session.end else None,
        "location": location(urls, session.location) if session.location else None,
        "organization": [urls.obj("organization", session.body_id)],
        "participant": [
            urls.obj("person", a.person_id)
            for a in attendance
            if a.status == Attendance.Status.PRESENT
        ],
        "invitation": _one_file(urls, documents, File.Role.INVITATION),
        "resultsProtocol": _one_file(urls, documents, File.Role.RESULTS_PROTOCOL),
        "verbatimProtocol": _one_file(urls, documents, File.Role.VERBATIM_PROTOCOL),
        "web": urls.page(f"sitzungen/{session.pk}/"),
        VENDOR + "onlineMeeting": session.online_url,
        VENDOR + "attendance": [
            {"person": urls.obj("person", a.person_id), "status": a.status} for a in attendance
        ],
    }
    if not omit_internal:
        data["auxiliaryFile"] = _files(urls, documents, File.Role.AUXILIARY)
        data["agendaItem"] = [
            agenda_item(urls, item, embedded=True, omit_internal=omit_internal)
            for item in prefetched(session, "public_items")
        ]
    return data


def consultation(urls: Urls, step: Consultation, *, embedded: bool = False) -> dict[str, Any]:
    item = step.agenda_item
    shown = item if item is not None and item_is_public(item) else None
    return {
        **_common(step, "Consultation", urls.obj("consultation", step.pk)),
        "paper": None if embedded else urls.obj("paper", step.paper_id),
        "agendaItem": urls.obj("agendaItem", shown.pk) if shown else None,
        "meeting": urls.obj("meeting", shown.meeting_id) if shown else None,
        "organization": [urls.obj("organization", step.body_id)],
        "authoritative": step.authoritative,
        "role": CONSULTATION_ROLE[Consultation.Role(step.role)],
    }


def paper(urls: Urls, document: Paper, *, omit_internal: bool) -> dict[str, Any]:
    documents = prefetched(document, "public_files")
    originators = prefetched(document, "originator_list")
    superordinate = document.superordinate
    data: dict[str, Any] = {
        **_common(document, "Paper", urls.obj("paper", document.pk)),
        "body": urls.body,
        "name": document.name,
        "reference": document.reference,
        "date": _date(document.date),
        "paperType": PAPER_TYPE[Paper.Type(document.paper_type)],
        "superordinatedPaper": [urls.obj("paper", superordinate.pk)]
        if superordinate is not None and paper_is_public(superordinate)
        else [],
        "subordinatedPaper": [
            urls.obj("paper", sub.pk) for sub in prefetched(document, "public_subordinates")
        ],
        "mainFile": _one_file(urls, documents, File.Role.MAIN),
        "originatorPerson": [urls.obj("person", o.person_id) for o in originators if o.person_id],
        "originatorOrganization": [
            urls.obj("organization", o.body_id)
            for o in originators
            if o.body_id and o.body is not None and o.body.is_public
        ],
        "consultation": [
            consultation(urls, step, embedded=True) for step in prefetched(document, "steps")
        ],
        "web": urls.page(f"vorlagen/{document.pk}/"),
        VENDOR + "underDirectionOf": document.originator_department.name
        if document.originator_department
        else None,
    }
    if not omit_internal:
        data["auxiliaryFile"] = _files(urls, documents, File.Role.AUXILIARY)
    return data


def deleted(
    urls: Urls, kind: str, type_name: str, pk: int, created: Any, modified: Any
) -> dict[str, Any]:
    return {
        "id": urls.obj(kind, pk),
        "type": SCHEMA + type_name,
        "created": format_datetime(created),
        "modified": format_datetime(modified),
        "deleted": True,
    }
