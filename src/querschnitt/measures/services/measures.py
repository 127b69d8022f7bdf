"""Writes of measures: proposing, creating and changing them (with optimistic locking), and
moving them along the decision path."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.bodies.models import AgendaItem, Body, Meeting, Paper
from querschnitt.core.audit import audit_record, snapshot
from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.measures.models import BudgetLine, Measure, MeasureState, StateChange, Transition
from querschnitt.measures.services.common import check_same_municipality
from querschnitt.measures.services.rollups import rollup_request

FIELDS = (
    "key",
    "title",
    "description",
    "proposer_kind",
    "proposer_body",
    "proposer_organisation",
    "proposer_department",
    "proposer_name",
    "proposer_email",
    "target_groups",
    "lead_department",
    "start_date",
    "end_date",
    "reporting_interval",
    "weight",
    "is_public",
)
RELATIONS = ("fields_of_action", "goals", "departments", "partners", "indicators")


class MeasureConflict(ValidationError):
    """Someone saved the measure after this person opened it; `current` is what is stored
    now, so that the person sees both versions and decides."""

    def __init__(self, current: Measure) -> None:
        self.current = current
        super().__init__(
            _(
                "Someone else has changed this measure since you opened it. Nothing of yours "
                "has been saved yet: compare both versions below, then save again."
            )
        )


def check_proposer(measure: Measure) -> None:
    """The proposer named fits its kind."""
    kind = measure.proposer_kind
    needed: dict[str, tuple[str, Any]] = {
        Measure.ProposerKind.WORKING_GROUP: ("proposer_body", measure.proposer_body),
        Measure.ProposerKind.BODY: ("proposer_body", measure.proposer_body),
        Measure.ProposerKind.ORGANISATION: ("proposer_organisation", measure.proposer_organisation),
        Measure.ProposerKind.DEPARTMENT: ("proposer_department", measure.proposer_department),
    }
    if kind in needed:
        field, value = needed[kind]
        if value is None:
            raise ValidationError({field: _("Name who proposes the measure.")})
    body = measure.proposer_body
    if kind == Measure.ProposerKind.WORKING_GROUP and body and body.kind != Body.Kind.WORKING_GROUP:
        raise ValidationError({"proposer_body": _("Choose a working group.")})
    # Only the proposer of the chosen kind is kept.
    if kind not in (Measure.ProposerKind.WORKING_GROUP, Measure.ProposerKind.BODY):
        measure.proposer_body = None
    if kind != Measure.ProposerKind.ORGANISATION:
        measure.proposer_organisation = None
    if kind != Measure.ProposerKind.DEPARTMENT:
        measure.proposer_department = None


def set_values(measure: Measure, values: dict[str, Any]) -> dict[str, Any]:
    """Apply plain fields; return the relations (set after saving)."""
    relations = {name: values.pop(name) for name in RELATIONS if name in values}
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields of a measure: {sorted(unknown)}")
    for name, value in values.items():
        setattr(measure, name, value)
    municipality = measure.municipality
    check_same_municipality(
        municipality,
        proposer_body=measure.proposer_body,
        proposer_organisation=measure.proposer_organisation,
        proposer_department=measure.proposer_department,
        lead_department=measure.lead_department,
        **{name: list(objects) for name, objects in relations.items()},
    )
    check_proposer(measure)
    return relations


def budget_set(measure: Measure, budget: dict[int, Decimal]) -> None:
    """Replace the planned money per year; what reports said was spent stays."""
    if any(amount < 0 for amount in budget.values()):
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    BudgetLine.objects.filter(municipality=measure.municipality_id, measure=measure).exclude(
        year__in=list(budget)
    ).delete()
    existing = {
        line.year: line
        for line in BudgetLine.objects.filter(municipality=measure.municipality_id, measure=measure)
    }
    for year, amount in budget.items():
        line = existing.get(year)
        if line is None:
            BudgetLine.objects.create(
                municipality=measure.municipality, measure=measure, year=year, planned=amount
            )
        elif line.planned != amount:
            line.planned = amount
            line.save(update_fields=["planned"])


def budget_of(measure: Measure) -> dict[int, Decimal]:
    return {
        line.year: line.planned
        for line in BudgetLine.objects.filter(municipality=measure.municipality_id, measure=measure)
    }


def initial_state(municipality: Municipality) -> MeasureState:
    state = MeasureState.objects.filter(municipality=municipality, is_initial=True).first()
    if state is None:
        raise ValidationError(
            _("The decision path has no first state yet; the office sets it up first.")
        )
    return state


@transaction.atomic
def measure_create(
    *,
    municipality: Municipality,
    by: Any,
    state: MeasureState | None = None,
    budget: dict[int, Decimal] | None = None,
    action: str = "measure.created",
    **values: Any,
) -> Measure:
    """Add a measure (the office, an import); it starts in the given state or the first."""
    state = state or initial_state(municipality)
    check_same_municipality(municipality, state=state)
    measure = Measure(municipality=municipality, state=state, state_since=timezone.localdate())
    if getattr(by, "is_authenticated", False):
        measure.proposed_by = by
    relations = set_values(measure, values)
    if state.reporting:
        measure.reporting_since = measure.state_since
    measure.full_clean()
    measure.save()
    if state.reporting:
        from querschnitt.measures.services.reports import measure_figures_refresh

        measure_figures_refresh(measure)
    for name, objects in relations.items():
        getattr(measure, name).set(objects)
    if budget:
        budget_set(measure, budget)
    audit_record(municipality=municipality, actor=by, action=action, target=measure)
    if state.in_catalogue:
        rollup_request(municipality)
    return measure


@transaction.atomic
def measure_propose(*, municipality: Municipality, by: Any, **values: Any) -> Measure:
    """Someone entitled proposes a measure: it starts in the first state of the path."""
    return measure_create(
        municipality=municipality, by=by, state=None, action="measure.proposed", **values
    )


def snapshot_with_relations(measure: Measure) -> dict[str, Any]:
    found = snapshot(measure)
    for name in RELATIONS:
        found[name] = sorted(getattr(measure, name).values_list("pk", flat=True))
    found["budget"] = {
        str(year): str(amount) for year, amount in sorted(budget_of(measure).items())
    }
    return found


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    by: Any,
    expected_version: int,
    budget: dict[int, Decimal] | None = None,
    **values: Any,
) -> Measure:
    """Change a measure, if nobody else has changed it since `expected_version` was read;
    otherwise MeasureConflict, and nothing is saved."""
    claimed = Measure.objects.filter(
        municipality=measure.municipality_id, pk=measure.pk, version=expected_version
    ).update(version=expected_version + 1)
    if not claimed:
        raise MeasureConflict(
            Measure.objects.get(municipality=measure.municipality_id, pk=measure.pk)
        )
    measure = Measure.objects.select_related("state").get(pk=measure.pk)
    before = snapshot_with_relations(measure)
    relations = set_values(measure, values)
    measure.full_clean()
    # Only what the form changes: a report saved meanwhile keeps its figures on the measure.
    measure.save(update_fields=[*FIELDS, "updated_at"])
    for name, objects in relations.items():
        getattr(measure, name).set(objects)
    if budget is not None:
        budget_set(measure, budget)
    after = snapshot_with_relations(measure)
    changes = {
        name: {"from": before.get(name), "to": value}
        for name, value in after.items()
        if before.get(name) != value and name != "version"
    }
    audit_record(
        municipality=measure.municipality,
        actor=by,
        action="measure.updated",
        target=measure,
        changes=changes,
    )
    if measure.state.in_catalogue:
        rollup_request(measure.municipality)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, by: Any) -> None:
    """Remove a measure that never stood in a published edition of the catalogue."""
    audit_record(
        municipality=measure.municipality, actor=by, action="measure.deleted", target=measure
    )
    in_catalogue = measure.state.in_catalogue
    try:
        measure.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("This measure stands in a published edition of the catalogue and stays on record.")
        ) from error
    if in_catalogue:
        rollup_request(measure.municipality)


def allowed_transitions(measure: Measure) -> list[Transition]:
    return list(
        Transition.objects.filter(municipality=measure.municipality_id, from_state=measure.state_id)
        .select_related("to_state", "body")
        .order_by("position", "key")
    )


def steps_named(steps: list[Transition]) -> str:
    """The steps by name, each in the quotation marks of the language (German „…“)."""
    return ", ".join(_("“%(name)s”") % {"name": step} for step in steps) or _("none")


def check_decision_place(
    *, transition: Transition, meeting: Meeting | None, agenda_item: AgendaItem | None
) -> Meeting | None:
    """The meeting (if any) is one of the step's body, and the agenda item one of it."""
    if agenda_item is not None:
        if meeting is not None and agenda_item.meeting_id != meeting.pk:
            raise ValidationError({"agenda_item": _("Choose an item of the meeting named.")})
        meeting = agenda_item.meeting
    if meeting is None:
        if transition.needs_meeting:
            raise ValidationError(
                {
                    "meeting": _("This step is taken in a meeting of %(body)s; name the meeting.")
                    % {"body": transition.body}
                }
            )
        return None
    if transition.body_id is not None and meeting.body_id != transition.body_id:
        raise ValidationError(
            {
                "meeting": _("This step is taken by %(body)s, but the meeting is one of %(other)s.")
                % {"body": transition.body, "other": meeting.body}
            }
        )
    return meeting


@transaction.atomic
def measure_transition(
    *,
    measure: Measure,
    transition: Transition,
    by: Any,
    decided_on: date | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    paper: Paper | None = None,
    resolution: str = "",
    answer: str = "",
    answer_public: bool = False,
    send_answer: bool = False,
    note: str = "",
    expected_version: int | None = None,
) -> StateChange:
    """Take one step of the decision path: from the measure's state, by or in the step's
    body, recorded with meeting, paper, resolution and the answer to the proposer."""
    municipality = measure.municipality
    check_same_municipality(
        municipality, transition=transition, meeting=meeting, agenda_item=agenda_item, paper=paper
    )
    current = Measure.objects.select_related("state").get(municipality=municipality, pk=measure.pk)
    if expected_version is not None and current.version != expected_version:
        raise MeasureConflict(current)
    if transition.from_state_id != current.state_id:
        possible = steps_named(allowed_transitions(current))
        raise ValidationError(
            {
                "transition": _(
                    "“%(step)s” cannot be taken from the state “%(state)s”. Steps from there: "
                    "%(possible)s."
                )
                % {"step": transition, "state": current.state, "possible": possible}
            }
        )
    meeting = check_decision_place(transition=transition, meeting=meeting, agenda_item=agenda_item)
    if agenda_item is not None:
        consultation = getattr(agenda_item, "consultation", None)
        if paper is None and consultation is not None:
            paper = consultation.paper
        resolution = resolution or agenda_item.resolution_text
    if decided_on is None:
        decided_on = timezone.localtime(meeting.start).date() if meeting else timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot lie in the future.")})
    if decided_on < current.state_since:
        raise ValidationError(
            {
                "decided_on": _("The measure reached its state only on %(date)s.")
                % {"date": current.state_since.strftime("%d.%m.%Y")}
            }
        )
    if send_answer and not (answer.strip() and current.proposer_email):
        raise ValidationError(
            {"send_answer": _("An answer can be sent only with a text and the proposer's e-mail.")}
        )
    to_state = transition.to_state
    touches_rollup = current.state.in_catalogue or to_state.in_catalogue
    current.state = to_state
    current.state_since = decided_on
    starts_reporting = to_state.reporting and current.reporting_since is None
    if starts_reporting:
        current.reporting_since = decided_on
    current.version += 1
    current.save(update_fields=["state", "state_since", "reporting_since", "version", "updated_at"])
    if starts_reporting:
        from querschnitt.measures.services.reports import measure_figures_refresh

        measure_figures_refresh(current)
    change = StateChange.objects.create(
        municipality=municipality,
        measure=current,
        transition=transition,
        from_state_id=transition.from_state_id,
        to_state=to_state,
        decided_on=decided_on,
        body=transition.body,
        meeting=meeting,
        agenda_item=agenda_item,
        paper=paper,
        resolution=resolution.strip(),
        answer=answer.strip(),
        answer_public=answer_public and bool(answer.strip()),
        note=note.strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(
        municipality=municipality,
        actor=by,
        action="measure.moved",
        target=current,
        changes={
            "state": {"from": transition.from_state.key, "to": to_state.key},
            "transition": transition.key,
        },
    )
    if send_answer:
        context = {
            "measure": current,
            "change": change,
            "municipality": municipality,
            "title": translate(current.title, "de").text,
        }
        send_mail(
            _("Your proposal: %(title)s") % {"title": context["title"]},
            render_to_string("measures/email/answer.txt", context),
            None,
            [current.proposer_email],
        )
    if touches_rollup:
        rollup_request(municipality)
    return change
