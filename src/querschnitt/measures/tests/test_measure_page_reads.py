"""The public page of a measure reads its rows by plain SQL (`measures/measure_page.py`). Each
value is compared here with what the ORM gives for the same measure, as the page read it
before, for every measure of both demo municipalities, in German and Arabic, and for every
case of the way through the bodies (unpublished meeting, non-public body, item and paper,
an answer kept back). Run on SQLite and PostgreSQL."""

import pytest
from django.utils import timezone, translation
from django_scopes import scope

from querschnitt.bodies.models import AgendaItem, Body, Meeting, Paper
from querschnitt.bodies.visibility import item_is_public, meeting_is_public, paper_is_public
from querschnitt.measures import measure_page
from querschnitt.measures.models import CatalogueEntry, Measure, StateChange, Transition
from querschnitt.measures.selectors import public_q

pytestmark = pytest.mark.django_db


def by_the_orm(municipality, measure: Measure) -> dict:
    """What the page showed when it read through the ORM (main before this module)."""
    steps = []
    for change in (
        StateChange.objects.filter(municipality=municipality, measure=measure)
        .select_related("to_state", "transition", "body", "meeting__body", "agenda_item__meeting")
        .order_by("decided_on", "pk")
    ):
        meeting = change.meeting if change.meeting and meeting_is_public(change.meeting) else None
        item = (
            change.agenda_item
            if meeting and change.agenda_item and item_is_public(change.agenda_item)
            else None
        )
        paper = change.paper if change.paper and paper_is_public(change.paper) else None
        steps.append(
            (
                change.decided_on,
                str(change.transition or change.to_state),
                str(change.to_state),
                change.body.name if change.body else None,
                (meeting.pk, meeting.start, meeting.body.name) if meeting else None,
                item.number if item else None,
                (paper.pk, paper.reference, paper.name) if paper else None,
                change.resolution if item else "",
                change.answer if change.answer_public else "",
            )
        )
    return {
        "measure": (
            measure.pk,
            measure.key,
            measure.title,
            measure.description,
            str(measure.state),
            measure.state.reporting,
            measure.reported_progress,
            measure.get_reported_status_display(),
            measure.target_groups,
            measure.lead_department.name if measure.lead_department else None,
            measure.public_proposer_label,
            measure.start_date,
            measure.end_date,
            measure.proposed_on,
        ),
        "fields_of_action": [str(field) for field in measure.fields_of_action.all()],
        "goals": [(str(goal), goal.is_public) for goal in measure.goals.all()],
        "departments": [department.name for department in measure.departments.all()],
        "partners": [
            partner.name for partner in measure.partners.all() if partner.is_publicly_listed
        ],
        "history": steps,
        "editions": [
            (entry.catalogue.as_of, entry.catalogue.title)
            for entry in CatalogueEntry.objects.filter(municipality=municipality, measure=measure)
            .select_related("catalogue")
            .order_by("-catalogue__as_of")
        ],
    }


def by_sql(municipality, key: str) -> dict:
    measure = measure_page.public_measure(municipality=municipality, key=key)
    assert measure is not None
    place = {"municipality": municipality, "measure": measure}
    linked = measure_page.linked(**place)
    return {
        "measure": (
            measure.pk,
            measure.key,
            measure.title,
            measure.description,
            str(measure.state),
            measure.state.reporting,
            measure.reported_progress,
            measure.reported_status_display,
            measure.target_groups,
            measure.lead_department.name if measure.lead_department else None,
            measure.proposer_label,
            measure.start_date,
            measure.end_date,
            measure.proposed_on,
        ),
        "fields_of_action": [str(field) for field in linked["fields_of_action"]],
        "goals": [(str(goal), goal.is_public) for goal in linked["goals"]],
        "departments": [department.name for department in linked["departments"]],
        "partners": [partner.name for partner in linked["partners"]],
        "history": [
            (
                step["change"]["decided_on"],
                step["change"]["transition"] or step["change"]["to_state"],
                step["change"]["to_state"],
                step["change"]["body"]["name"] if step["change"]["body"] else None,
                (step["meeting"]["pk"], step["meeting"]["start"], step["meeting"]["body"]["name"])
                if step["meeting"]
                else None,
                step["item"]["number"] if step["item"] else None,
                (step["paper"]["pk"], step["paper"]["reference"], step["paper"]["name"])
                if step["paper"]
                else None,
                step["resolution"],
                step["answer"],
            )
            for step in measure_page.history(**place)
        ],
        "editions": [
            (edition["as_of"], edition["title"]) for edition in measure_page.editions(**place)
        ],
    }


def public_measures(municipality) -> list[Measure]:
    return list(
        Measure.objects.filter(public_q(), municipality=municipality)
        .select_related(
            "state",
            "lead_department",
            "proposer_body",
            "proposer_organisation",
            "proposer_department",
        )
        .prefetch_related("fields_of_action", "goals", "departments", "partners")
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_public_measure_reads_as_through_the_orm(mannheim, bamberg, language) -> None:
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality), translation.override(language):
            measures = public_measures(municipality)
            assert len(measures) > 5
            for measure in measures:
                assert by_sql(municipality, measure.key) == by_the_orm(municipality, measure)


def test_every_case_of_the_way_through_the_bodies(mannheim) -> None:
    with scope(municipality=mannheim):
        changes = list(
            StateChange.objects.filter(meeting__isnull=False, agenda_item__isnull=False)
            .exclude(paper=None)
            .order_by("pk")
        )
        assert len(changes) >= 4
        first, second, third, fourth = changes[:4]
        Meeting.objects.filter(pk=first.meeting_id).update(published_at=None)
        Body.objects.filter(pk=second.meeting.body_id).update(is_public=False)
        AgendaItem.objects.filter(pk=third.agenda_item_id).update(public=False)
        Paper.objects.filter(pk=third.paper_id).update(public=False)
        Paper.objects.filter(pk=fourth.paper_id).update(published_at=None)
        StateChange.objects.filter(pk=fourth.pk).update(
            answer="Danke <für> den Vorschlag", answer_public=False, transition=None
        )
        StateChange.objects.filter(pk=third.pk).update(
            answer="Öffentlich & beantwortet", answer_public=True
        )
        Transition.objects.filter(pk=second.transition_id).update(name={})
        Meeting.objects.filter(pk=fourth.meeting_id).update(published_at=timezone.now())
        keys = {change.measure.key for change in changes[:4]}
        for measure in public_measures(mannheim):
            if measure.key in keys:
                assert by_sql(mannheim, measure.key) == by_the_orm(mannheim, measure)


def test_a_measure_of_another_municipality_or_not_public_is_not_read(mannheim, bamberg) -> None:
    with scope(municipality=bamberg):
        bamberg_key = Measure.objects.filter(public_q()).values_list("key", flat=True).first()
    with scope(municipality=mannheim):
        hidden = Measure.objects.filter(public_q()).order_by("key").first()
        Measure.objects.filter(pk=hidden.pk).update(is_public=False)
        in_a_hidden_state = Measure.objects.filter(public_q()).order_by("key").first()
        in_a_hidden_state.state.is_public = False
        in_a_hidden_state.state.save()
        assert not Measure.objects.filter(key=bamberg_key).exists()
    for key in (bamberg_key, hidden.key, in_a_hidden_state.key, "no-such-key"):
        assert measure_page.public_measure(municipality=mannheim, key=key) is None
