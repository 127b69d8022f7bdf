"""Access table: bodies, meetings and papers, public and staff pages, and OParl.

The objects named are Mannheim's demo objects the public sees; what is not public is proven
invisible in `test_visibility.py`, role by role.
"""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff


def _ids() -> dict[str, Any]:
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
        Person,
        SeatGroup,
    )

    with scopes_disabled():
        mannheim = {"municipality__slug": "mannheim"}
        body = Body.objects.get(**mannheim, slug="integrationsausschuss")
        meeting = Meeting.objects.filter(**mannheim, body=body, published_at__isnull=False).first()
        assert meeting is not None
        item = AgendaItem.objects.filter(meeting=meeting, public=True).first()
        paper = Paper.objects.filter(**mannheim, public=True, published_at__isnull=False).first()
        assert paper is not None
        assert item is not None
        return {
            "body": body,
            "meeting": meeting,
            "item": item,
            "paper": paper,
            "step": Consultation.objects.filter(paper=paper).first(),
            "file": File.objects.filter(paper=paper, public=True).first(),
            "group": SeatGroup.objects.filter(body=body).first(),
            "membership": Membership.objects.filter(body=body).first(),
            "term": LegislativeTerm.objects.filter(**mannheim).first(),
            "person": Person.objects.filter(**mannheim).first(),
            "location": Location.objects.filter(**mannheim).first(),
            "resolution": AgendaItem.objects.filter(
                meeting__municipality__slug="mannheim", resolution_state="to_carry_out"
            ).first(),
        }


def body_pk() -> dict[str, Any]:
    return {"pk": _ids()["body"].pk}


def body_slug() -> dict[str, Any]:
    return {"slug": _ids()["body"].slug}


def meeting_pk() -> dict[str, Any]:
    return {"pk": _ids()["meeting"].pk}


def item_pks() -> dict[str, Any]:
    ids = _ids()
    return {"pk": ids["meeting"].pk, "item_pk": ids["item"].pk}


def paper_pk() -> dict[str, Any]:
    return {"pk": _ids()["paper"].pk}


def step_pks() -> dict[str, Any]:
    ids = _ids()
    return {"pk": ids["paper"].pk, "step_pk": ids["step"].pk}


def file_pk() -> dict[str, Any]:
    return {"pk": _ids()["file"].pk}


def group_pks() -> dict[str, Any]:
    ids = _ids()
    return {"pk": ids["body"].pk, "group_pk": ids["group"].pk}


def membership_pks() -> dict[str, Any]:
    ids = _ids()
    return {"pk": ids["body"].pk, "membership_pk": ids["membership"].pk}


def term_pk() -> dict[str, Any]:
    return {"pk": _ids()["term"].pk}


def person_pk() -> dict[str, Any]:
    return {"pk": _ids()["person"].pk}


def location_pk() -> dict[str, Any]:
    return {"pk": _ids()["location"].pk}


def resolution_pk() -> dict[str, Any]:
    return {"pk": _ids()["resolution"].pk}


def oparl_object() -> dict[str, Any]:
    return {"body": "mannheim", "kind": "meeting", "pk": _ids()["meeting"].pk}


def oparl_organization() -> dict[str, Any]:
    return {"body": "mannheim", "kind": "meeting", "pk": _ids()["body"].pk}


def oparl_file() -> dict[str, Any]:
    return {"body": "mannheim", "pk": _ids()["file"].pk}


OFFICE_ONLY = staff(*OFFICE)

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    # public pages: what the public sees, for everyone
    "bodies:body_list": ({}, everyone()),
    "bodies:body_detail": (body_slug, everyone()),
    "bodies:body_calendar": (body_slug, everyone()),
    "bodies:body_feed": (body_slug, everyone()),
    "bodies:meeting_calendar": ({}, everyone()),
    "bodies:calendar_feed": ({}, everyone()),
    "bodies:meeting_detail": (meeting_pk, everyone()),
    "bodies:paper_search": ({}, everyone()),
    "bodies:paper_feed": ({}, everyone()),
    "bodies:paper_detail": (paper_pk, everyone()),
    "bodies:document": (file_pk, everyone()),
    "bodies:subscribe": ({}, everyone()),
    # a forged token is a clean 400; real ones are tested in test_subscriptions.py
    "bodies:subscription_confirm": ({"token": "x"}, everyone(400)),
    "bodies:subscription_cancel": ({"token": "x"}, everyone()),
    # OParl: public, the same for everyone
    "oparl:system": ({}, everyone()),
    "oparl:body_list": ({}, everyone()),
    "oparl:body": ({"body": "mannheim"}, everyone()),
    "oparl:list": ({"body": "mannheim", "kind": "paper"}, everyone()),
    "oparl:object": (oparl_object, everyone()),
    "oparl:organization_list": (oparl_organization, everyone()),
    "oparl:file_access": (oparl_file, everyone()),
    "oparl:file_download": (oparl_file, everyone()),
    # staff: the office keeps bodies, meetings and papers
    "staff:body_list": ({}, OFFICE_ONLY),
    "staff:body_create": ({}, OFFICE_ONLY),
    "staff:body_detail": (body_pk, OFFICE_ONLY),
    "staff:body_edit": (body_pk, OFFICE_ONLY),
    "staff:seat_group_create": (body_pk, OFFICE_ONLY),
    "staff:seat_group_edit": (group_pks, OFFICE_ONLY),
    "staff:membership_create": (body_pk, OFFICE_ONLY),
    "staff:membership_edit": (membership_pks, OFFICE_ONLY),
    "staff:term_list": ({}, OFFICE_ONLY),
    "staff:term_create": ({}, OFFICE_ONLY),
    "staff:term_edit": (term_pk, OFFICE_ONLY),
    "staff:person_list": ({}, OFFICE_ONLY),
    "staff:person_create": ({}, OFFICE_ONLY),
    "staff:person_edit": (person_pk, OFFICE_ONLY),
    "staff:person_access": (person_pk, staff(*OFFICE, ok=405)),
    "staff:location_list": ({}, OFFICE_ONLY),
    "staff:location_create": ({}, OFFICE_ONLY),
    "staff:location_edit": (location_pk, OFFICE_ONLY),
    "staff:my_bodies": ({}, staff(*OFFICE, "body_member")),
    "staff:meeting_list": ({}, OFFICE_ONLY),
    "staff:meeting_create": ({}, OFFICE_ONLY),
    "staff:meeting_detail": (meeting_pk, OFFICE_ONLY),
    "staff:meeting_edit": (meeting_pk, OFFICE_ONLY),
    "staff:meeting_action": (
        lambda: meeting_pk() | {"action": "veroeffentlichen"},
        OFFICE_ONLY,
    ),
    "staff:meeting_invite": (meeting_pk, OFFICE_ONLY),
    "staff:meeting_attendance": (meeting_pk, OFFICE_ONLY),
    "staff:meeting_minutes": (meeting_pk, staff(*OFFICE, ok=405)),
    "staff:meeting_document_add": (meeting_pk, OFFICE_ONLY),
    "staff:agenda_item_create": (meeting_pk, OFFICE_ONLY),
    "staff:agenda_item_edit": (item_pks, OFFICE_ONLY),
    "staff:agenda_item_move": (item_pks, staff(*OFFICE, ok=405)),
    "staff:agenda_item_result": (item_pks, OFFICE_ONLY),
    "staff:file_edit": (file_pk, OFFICE_ONLY),
    "staff:paper_list": ({}, OFFICE_ONLY),
    "staff:paper_create": ({}, OFFICE_ONLY),
    "staff:paper_detail": (paper_pk, OFFICE_ONLY),
    "staff:paper_publish": (paper_pk, OFFICE_ONLY),
    "staff:paper_document_add": (paper_pk, OFFICE_ONLY),
    "staff:consultation_add": (paper_pk, OFFICE_ONLY),
    "staff:consultation_remove": (step_pks, OFFICE_ONLY),
    "staff:resolution_list": ({}, OFFICE_ONLY),
    "staff:resolution_done": (resolution_pk, OFFICE_ONLY),
}
