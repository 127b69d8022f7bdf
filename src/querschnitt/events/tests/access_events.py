"""Access table: the calendar, registration, feeds, the embeddable next date, working groups,
and the staff pages of events. The objects named are Mannheim's demo objects."""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff


def _ids() -> dict[str, Any]:
    from querschnitt.events.models import (
        Event,
        EventDate,
        Format,
        Question,
        Registration,
        WorkingGroup,
    )

    with scopes_disabled():
        mannheim = {"municipality__slug": "mannheim"}
        workshop = Event.objects.get(
            **mannheim, title__de="MigrationsFORUM-Werkstatt: Mitreden im Quartier"
        )
        date = EventDate.objects.get(event=workshop)
        held = EventDate.objects.filter(
            **mannheim, event__title__de="Netzwerktreffen des Bündnisses: Frühjahr"
        ).get()
        attended = Registration.objects.filter(date=held, checked_in_at__isnull=False).first()
        organisation = (
            Event.objects.filter(**mannheim, state="published", organiser="organisation")
            .order_by("pk")
            .first()
        )
        return {
            "event": workshop,
            "date": date,
            "question": Question.objects.filter(event=workshop).first(),
            "registration": Registration.objects.filter(date=date, state="confirmed").first(),
            "attended": attended,
            "held": held,
            "format": Format.objects.get(**mannheim, slug="migrationsforum"),
            "partner": Event.objects.filter(
                **mannheim, submitted_by__email="verein@mannheim.example"
            ).first(),
            "organisation": organisation.organiser_organisation_id,
            "group": WorkingGroup.objects.filter(**mannheim).select_related("body").first(),
        }


def event_pk() -> dict[str, Any]:
    return {"pk": _ids()["event"].pk}


def event_action() -> dict[str, Any]:
    return {"pk": _ids()["event"].pk, "action": "veroeffentlichen"}


def register_pks() -> dict[str, Any]:
    ids = _ids()
    return {"pk": ids["event"].pk, "date_pk": ids["date"].pk}


def question_pks() -> dict[str, Any]:
    ids = _ids()
    return {"pk": ids["event"].pk, "question_pk": ids["question"].pk}


def date_pk() -> dict[str, Any]:
    return {"pk": _ids()["date"].pk}


def held_pk() -> dict[str, Any]:
    return {"pk": _ids()["held"].pk}


def registration_pk() -> dict[str, Any]:
    return {"pk": _ids()["registration"].pk}


def attended_pk() -> dict[str, Any]:
    return {"pk": _ids()["attended"].pk}


def token() -> dict[str, Any]:
    from querschnitt.events.services.registrations import registration_token

    return {"token": registration_token(_ids()["registration"])}


def attended_token() -> dict[str, Any]:
    from querschnitt.events.services.registrations import registration_token

    return {"token": registration_token(_ids()["attended"])}


def format_pk() -> dict[str, Any]:
    return {"pk": _ids()["format"].pk}


def format_slug() -> dict[str, Any]:
    return {"slug": _ids()["format"].slug}


def organiser_key() -> dict[str, Any]:
    return {"key": f"org-{_ids()['organisation']}"}


def partner_pk() -> dict[str, Any]:
    return {"pk": _ids()["partner"].pk}


def group_pk() -> dict[str, Any]:
    return {"pk": _ids()["group"].pk}


def group_slug() -> dict[str, Any]:
    return {"slug": _ids()["group"].body.slug}


# Only the representative's own organisation's events: the office and the operator represent
# none, so they find none (404), as another organisation's representative would.
REPRESENTATIVE_ONLY = {**staff("representative"), "admin": 404, "staff": 404, "operator": 404}

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "events:calendar": ({}, everyone()),
    "events:month": ({}, everyone()),
    "events:feed": ({}, everyone()),
    "events:format": (format_slug, everyone()),
    "events:format_feed": (format_slug, everyone()),
    "events:organiser_feed": (organiser_key, everyone()),
    "events:next_date": ({}, everyone()),
    "events:next_date_json": ({}, everyone()),
    "events:detail": (event_pk, everyone()),
    "events:event_feed": (event_pk, everyone()),
    "events:register": (register_pks, everyone()),
    "events:registration": (token, everyone()),
    "events:certificate": (attended_token, everyone()),
    "events:working_group_list": ({}, everyone()),
    "events:working_group_detail": (group_slug, everyone()),
    "staff:event_list": ({}, staff(*OFFICE)),
    "staff:event_create": ({}, staff(*OFFICE)),
    "staff:event_from_meeting": ({}, staff(*OFFICE)),
    "staff:event_detail": (event_pk, staff(*OFFICE)),
    "staff:event_edit": (event_pk, staff(*OFFICE)),
    "staff:event_action": (event_action, staff(*OFFICE, ok=405)),
    "staff:event_decline": (event_pk, staff(*OFFICE)),
    "staff:question_create": (event_pk, staff(*OFFICE)),
    "staff:question_edit": (question_pks, staff(*OFFICE)),
    "staff:date_list": ({}, staff(*OFFICE)),
    "staff:date_detail": (date_pk, staff(*OFFICE)),
    "staff:date_move": (date_pk, staff(*OFFICE)),
    "staff:date_cancel": (date_pk, staff(*OFFICE)),
    "staff:date_checkin": (held_pk, staff(*OFFICE)),
    "staff:date_signin_sheet": (held_pk, staff(*OFFICE)),
    "staff:date_export": (held_pk, staff(*OFFICE)),
    "staff:date_report": (held_pk, staff(*OFFICE)),
    "staff:date_certificates": (held_pk, staff(*OFFICE)),
    "staff:registration_cancel": (registration_pk, staff(*OFFICE, ok=405)),
    "staff:registration_certificate": (attended_pk, staff(*OFFICE)),
    "staff:format_list": ({}, staff(*OFFICE)),
    "staff:format_create": ({}, staff(*OFFICE)),
    "staff:format_edit": (format_pk, staff(*OFFICE)),
    "staff:subscription_edit": (format_pk, staff(*OFFICE)),
    "staff:subscription_import": (format_pk, staff(*OFFICE, ok=405)),
    "staff:partner_event_list": ({}, staff(*OFFICE, "representative")),
    "staff:partner_event_create": ({}, staff(*OFFICE, "representative")),
    "staff:partner_event_edit": (partner_pk, REPRESENTATIVE_ONLY),
    "staff:working_group_list": ({}, staff(*OFFICE)),
    "staff:working_group_create": ({}, staff(*OFFICE)),
    "staff:working_group_detail": (group_pk, staff(*OFFICE)),
    "staff:working_group_edit": (group_pk, staff(*OFFICE)),
    "staff:working_group_extend": (group_pk, staff(*OFFICE)),
    "staff:working_group_conclude": (group_pk, staff(*OFFICE)),
    "staff:working_group_organisations": (group_pk, staff(*OFFICE, ok=405)),
    "staff:working_group_result": (group_pk, staff(*OFFICE)),
    "staff:my_working_groups": ({}, staff(*OFFICE, "body_member")),
}
