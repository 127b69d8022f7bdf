"""What the public page of a measure shows, read in four plain SQL queries (`converted_rows`):
the measure with its state, departments and proposer; the names it is linked to; its way
through the bodies; the editions it is in. Tenancy is the caller's: every read names the
municipality in its WHERE, and the measure is read only if it and its state are public."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language

from querschnitt.bodies.models import AgendaItem, Body, Meeting, Paper
from querschnitt.core.models import Department, Municipality, Visibility, choice_labels
from querschnitt.core.sql_rows import column, converted_rows
from querschnitt.core.translation import translate
from querschnitt.measures.models import (
    Catalogue,
    Measure,
    MeasureState,
    StateChange,
    Transition,
)
from querschnitt.network.models import Organisation
from querschnitt.strategy.models import FieldOfAction, Goal


@dataclass(frozen=True)
class Named:
    """A name as the page shows it (a goal also says whether the public sees it)."""

    name: str
    is_public: bool = True

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class State:
    name: str
    reporting: bool

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class PublicMeasure:
    pk: int
    key: str
    title: dict[str, str]
    description: dict[str, str]
    state: State
    reported_progress: int | None
    reported_status_display: str
    target_groups: str
    lead_department: Named | None
    proposer_label: str
    start_date: date | None
    end_date: date | None
    proposed_on: date


# an organisation of the network is named only while it is publicly listed, as
# `network.selectors.listing.listed_condition` says
LISTED = (Organisation.Status.PUBLISHED.value, Visibility.PUBLIC.value)

MEASURE_SQL = """
SELECT m."id", m."key", m."title", m."description", m."reported_progress", m."reported_status",
       m."target_groups", m."proposer_kind", m."start_date", m."end_date", m."proposed_on",
       s."name", s."key", s."reporting", d."name", pb."name", po."name", pd."name"
FROM "measures_measure" m
JOIN "measures_measurestate" s ON s."id" = m."state_id"
LEFT JOIN "core_department" d ON d."id" = m."lead_department_id"
LEFT JOIN "bodies_body" pb ON pb."id" = m."proposer_body_id"
LEFT JOIN "network_organisation" po ON po."id" = m."proposer_organisation_id"
  AND po."status" = %s AND po."visibility" = %s
LEFT JOIN "core_department" pd ON pd."id" = m."proposer_department_id"
WHERE m."municipality_id" = %s AND m."key" = %s AND m."is_public" AND s."is_public"
"""
MEASURE_FIELDS = (
    *(
        column(Measure, name)
        for name in (
            "id",
            "key",
            "title",
            "description",
            "reported_progress",
            "reported_status",
            "target_groups",
            "proposer_kind",
            "start_date",
            "end_date",
            "proposed_on",
        )
    ),
    column(MeasureState, "name"),
    column(MeasureState, "key"),
    column(MeasureState, "reporting"),
    column(Department, "name"),
    column(Body, "name"),
    column(Organisation, "name"),
    column(Department, "name"),
)


def public_measure(*, municipality: Municipality, key: str) -> PublicMeasure | None:
    found = converted_rows(MEASURE_SQL, [*LISTED, municipality.pk, key], MEASURE_FIELDS)
    if not found:
        return None
    (pk, key, title, description, progress, status, groups, kind, start, end, proposed_on,
     state_name, state_key, reporting, lead, body, organisation, department) = found[0]  # fmt: skip
    language = get_language()
    named = next((name for name in (body, organisation, department) if name is not None), None)
    return PublicMeasure(
        pk=pk,
        key=key,
        title=title,
        description=description,
        # as str(MeasureState) and get_<field>_display() give them
        state=State(translate(state_name).text or state_key, reporting),
        reported_progress=progress,
        reported_status_display=choice_labels(column(Measure, "reported_status"), language).get(
            status, status
        ),
        target_groups=groups,
        lead_department=Named(lead) if lead is not None else None,
        proposer_label=named
        if named is not None
        else choice_labels(column(Measure, "proposer_kind"), language).get(kind, kind),
        start_date=start,
        end_date=end,
        proposed_on=proposed_on,
    )


# fields of action (0) and goals (1), each in its model's order
SERVED_SQL = """
SELECT 0, f."name", '', TRUE, f."position", f."id"
FROM "measures_measure_fields_of_action" mf
JOIN "strategy_fieldofaction" f ON f."id" = mf."fieldofaction_id"
WHERE mf."measure_id" = %s AND f."municipality_id" = %s
UNION ALL
SELECT 1, g."title", g."key", g."is_public", g."position", g."id"
FROM "measures_measure_goals" mg
JOIN "strategy_goal" g ON g."id" = mg."goal_id"
WHERE mg."measure_id" = %s AND g."municipality_id" = %s
ORDER BY 1, 5, 3, 6
"""
SERVED_FIELDS = (
    column(Goal, "position"),
    column(FieldOfAction, "name"),
    column(Goal, "key"),
    column(Goal, "is_public"),
    column(Goal, "position"),
    column(Goal, "id"),
)

# further departments (0) and partner organisations (1; only the publicly listed), each in
# its model's order
INVOLVED_SQL = """
SELECT 0, d."name", d."id"
FROM "measures_measure_departments" md
JOIN "core_department" d ON d."id" = md."department_id"
WHERE md."measure_id" = %s AND d."municipality_id" = %s
UNION ALL
SELECT 1, o."name", o."id"
FROM "measures_measure_partners" mp
JOIN "network_organisation" o ON o."id" = mp."organisation_id"
WHERE mp."measure_id" = %s AND o."municipality_id" = %s AND o."status" = %s
  AND o."visibility" = %s
ORDER BY 1, 2, 3
"""
INVOLVED_FIELDS = (column(Goal, "position"), column(Department, "name"), column(Department, "id"))


def linked(*, municipality: Municipality, measure: PublicMeasure) -> dict[str, list[Named]]:
    """The fields of action, goals, further departments and partners of the measure."""
    params = [measure.pk, municipality.pk, measure.pk, municipality.pk]
    found: dict[str, list[Named]] = {
        "fields_of_action": [],
        "goals": [],
        "departments": [],
        "partners": [],
    }
    served = converted_rows(SERVED_SQL, params, SERVED_FIELDS)
    for kind, name, key, is_public, _position, _pk in served:
        if kind == 0:  # as str(FieldOfAction)
            found["fields_of_action"].append(Named(translate(name).text))
        else:  # as str(Goal)
            found["goals"].append(Named(f"{key} {translate(name).text}", is_public))
    for kind, name, _pk in converted_rows(INVOLVED_SQL, [*params, *LISTED], INVOLVED_FIELDS):
        found["partners" if kind else "departments"].append(Named(name))
    return found


HISTORY_SQL = """
SELECT c."decided_on", c."resolution", c."answer", c."answer_public",
       ts."name", ts."key", t."name", t."key", b."name",
       mt."id", mt."start", mt."published_at", mb."name", mb."is_public",
       i."number", i."public", im."published_at", ib."is_public",
       p."id", p."reference", p."name", p."public", p."published_at"
FROM "measures_statechange" c
JOIN "measures_measurestate" ts ON ts."id" = c."to_state_id"
LEFT JOIN "measures_transition" t ON t."id" = c."transition_id"
LEFT JOIN "bodies_body" b ON b."id" = c."body_id"
LEFT JOIN "bodies_meeting" mt ON mt."id" = c."meeting_id"
LEFT JOIN "bodies_body" mb ON mb."id" = mt."body_id"
LEFT JOIN "bodies_agendaitem" i ON i."id" = c."agenda_item_id"
LEFT JOIN "bodies_meeting" im ON im."id" = i."meeting_id"
LEFT JOIN "bodies_body" ib ON ib."id" = im."body_id"
LEFT JOIN "bodies_paper" p ON p."id" = c."paper_id"
WHERE c."municipality_id" = %s AND c."measure_id" = %s
ORDER BY c."decided_on", c."id"
"""
HISTORY_FIELDS = (
    *(
        column(StateChange, name)
        for name in ("decided_on", "resolution", "answer", "answer_public")
    ),
    column(MeasureState, "name"),
    column(MeasureState, "key"),
    column(Transition, "name"),
    column(Transition, "key"),
    column(Body, "name"),
    *(column(Meeting, name) for name in ("id", "start", "published_at")),
    column(Body, "name"),
    column(Body, "is_public"),
    column(AgendaItem, "number"),
    column(AgendaItem, "public"),
    column(Meeting, "published_at"),
    column(Body, "is_public"),
    *(column(Paper, name) for name in ("id", "reference", "name", "public", "published_at")),
)


def _shown(published_at: datetime | None, body_is_public: bool | None) -> bool:
    """`bodies.visibility.meeting_is_public` for a meeting read here."""
    return published_at is not None and bool(body_is_public)


def history(*, municipality: Municipality, measure: PublicMeasure) -> list[dict[str, Any]]:
    """The steps the measure took, with what of their meeting, item and paper the public
    sees (`bodies.visibility`: a published meeting of a public body, its public items, the
    published public papers) and the answer if it was published."""
    steps = []
    for (decided_on, resolution, answer, answer_public, to_name, to_key, step_name, step_key,
         body, meeting_pk, start, published_at, meeting_body, meeting_body_public,
         number, item_public, item_published_at, item_body_public,
         paper_pk, reference, paper_name, paper_public, paper_published_at) in converted_rows(
        HISTORY_SQL, [municipality.pk, measure.pk], HISTORY_FIELDS
    ):  # fmt: skip
        meeting = (
            {"pk": meeting_pk, "start": start, "body": {"name": meeting_body}}
            if meeting_pk is not None and _shown(published_at, meeting_body_public)
            else None
        )
        item = (
            {"number": number}
            if meeting
            and number is not None
            and item_public
            and _shown(item_published_at, item_body_public)
            else None
        )
        paper = (
            {"pk": paper_pk, "reference": reference, "name": paper_name}
            if paper_pk is not None and paper_public and paper_published_at is not None
            else None
        )
        change = {
            "decided_on": decided_on,
            # as str(Transition) and str(MeasureState)
            "transition": (translate(step_name).text or step_key) if step_key is not None else "",
            "to_state": translate(to_name).text or to_key,
            "body": {"name": body} if body is not None else None,
        }
        steps.append(
            {
                "change": change,
                "meeting": meeting,
                "item": item,
                "paper": paper,
                "resolution": resolution if item else "",
                "answer": answer if answer_public else "",
            }
        )
    return steps


EDITIONS_SQL = """
SELECT k."as_of", k."title"
FROM "measures_catalogueentry" e
JOIN "measures_catalogue" k ON k."id" = e."catalogue_id"
WHERE e."municipality_id" = %s AND e."measure_id" = %s
ORDER BY k."as_of" DESC
"""
EDITIONS_FIELDS = (column(Catalogue, "as_of"), column(Catalogue, "title"))


def editions(*, municipality: Municipality, measure: PublicMeasure) -> list[dict[str, Any]]:
    """The frozen editions the measure is in, the newest first."""
    found = converted_rows(EDITIONS_SQL, [municipality.pk, measure.pk], EDITIONS_FIELDS)
    return [{"as_of": as_of, "title": title} for as_of, title in found]
