"""The decision path is data: each municipality's own states and steps, a step recorded with
who, when, meeting, paper, resolution and the answer to the proposer, and every step that is
not allowed refused with a message that says why."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import signed_in_client
from querschnitt.accounts.models import User
from querschnitt.bodies.models import AgendaItem, Body, Consultation, Meeting, Paper
from querschnitt.measures.models import Measure, MeasureState, StateChange, Transition
from querschnitt.measures.services.decision_path import state_save, transition_save
from querschnitt.measures.services.measures import measure_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

OFFICE = "team@mannheim.example"


def path_of(municipality) -> list[tuple[str, str, str]]:
    return sorted(
        (t.from_state.key, t.to_state.key, t.body.slug if t.body else "")
        for t in Transition.objects.filter(municipality=municipality).select_related(
            "from_state", "to_state", "body"
        )
    )


def test_bamberg_and_mannheim_walk_different_paths_without_code(mannheim, bamberg) -> None:
    bamberg_path = path_of(bamberg)
    # Bamberg (FIP): working groups → steering group → decision body → city council
    assert ("vorgeschlagen", "entwurf", "lenkungsgruppe") in bamberg_path
    assert ("entwurf", "empfohlen", "beratungs-und-entscheidungsgremium") in bamberg_path
    assert ("empfohlen", "beschlossen", "stadtrat") in bamberg_path
    mannheim_path = path_of(mannheim)
    assert ("pruefung", "beirat", "migrationsbeirat") in mannheim_path
    assert ("empfohlen", "beschlossen", "gemeinderat") in mannheim_path
    assert {b for *_s, b in bamberg_path if b}.isdisjoint(b for *_s, b in mannheim_path if b)

    # The office adds a step of its own (a budget review) and a measure takes it at once.
    office = User.objects.get(email=OFFICE)
    budget = state_save(
        municipality=mannheim, by=office, key="haushalt", name={"de": "Haushaltsprüfung"}
    )
    step = transition_save(
        municipality=mannheim,
        by=office,
        key="haushalt",
        name={"de": "Zur Haushaltsprüfung"},
        from_state=MeasureState.objects.get(municipality=mannheim, key="vorschlag"),
        to_state=budget,
    )
    measure = Measure.objects.get(municipality=mannheim, key="M-16")
    measure_transition(measure=measure, transition=step, by=office)
    measure.refresh_from_db()
    assert measure.state.key == "haushalt"
    # Bamberg knows nothing of it
    assert not MeasureState.objects.filter(municipality=bamberg, key="haushalt").exists()


@pytest.fixture
def council_item(mannheim):
    """A meeting of the Migrationsbeirat yesterday, with a paper on its agenda."""
    body = Body.objects.get(municipality=mannheim, slug="migrationsbeirat")
    meeting = Meeting.objects.create(
        municipality=mannheim,
        body=body,
        name="Sondersitzung",
        start=timezone.now() - timedelta(days=1),
    )
    paper = Paper.objects.create(
        municipality=mannheim,
        reference="V 77/2026",
        name="Antidiskriminierungsberatung",
        paper_type="submission",
        date=timezone.localdate() - timedelta(days=10),
    )
    item = AgendaItem.objects.create(
        municipality=mannheim,
        meeting=meeting,
        order=0,
        number="1",
        name="Antidiskriminierungsberatung",
        resolution_text="Der Migrationsbeirat empfiehlt die Beratungsstelle.",
    )
    Consultation.objects.create(
        municipality=mannheim, paper=paper, body=body, agenda_item=item, role="decision"
    )
    return item


def test_a_step_records_who_when_where_and_the_answer_to_the_proposer(
    mannheim, council_item
) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-14")
    Measure.objects.filter(pk=measure.pk).update(proposer_email="antrag@example.org")
    step = Transition.objects.get(municipality=mannheim, key="beirat")
    client = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/massnahmen/{measure.pk}/schritt/{step.pk}/"
    form = {
        "agenda_item": council_item.pk,
        "answer": "Danke! Der Beirat unterstützt Ihren Vorschlag.",
        "answer_public": "on",
        "send_answer": "on",
        "note": "intern",
        "version": measure.version,
    }
    # the first POST asks; nothing has happened yet
    asked = client.post(url, form)
    assert asked.status_code == 200
    assert "antrag@example.org" in asked.content.decode()
    assert not StateChange.objects.filter(measure=measure, transition=step).exists()

    done = client.post(url, form | {"bestaetigt": "1"})
    assert done.status_code == 302
    change = StateChange.objects.get(measure=measure, transition=step)
    assert change.recorded_by.email == OFFICE
    assert change.decided_on == timezone.localtime(council_item.meeting.start).date()
    assert change.meeting == council_item.meeting
    assert change.agenda_item == council_item
    assert change.paper.reference == "V 77/2026"
    assert change.resolution == "Der Migrationsbeirat empfiehlt die Beratungsstelle."
    assert change.body.slug == "migrationsbeirat"
    assert (change.from_state.key, change.to_state.key) == ("pruefung", "beirat")
    assert change.answer_public
    assert change.note == "intern"
    measure.refresh_from_db()
    assert measure.state.key == "beirat"
    [sent] = mail.outbox
    assert sent.to == ["antrag@example.org"]
    assert "Der Beirat unterstützt Ihren Vorschlag" in sent.body

    # the staff page shows the step with its paper and resolution
    page = client.get(f"/mannheim/verwaltung/massnahmen/{measure.pk}/").content.decode()
    assert "V 77/2026" in page
    assert "Der Migrationsbeirat empfiehlt" in page


def test_a_step_from_another_state_is_refused_with_the_steps_that_are_possible(mannheim) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-14")  # under review
    adopt = Transition.objects.get(municipality=mannheim, key="beschluss")
    office = User.objects.get(email=OFFICE)
    with pytest.raises(ValidationError) as refused:
        measure_transition(measure=measure, transition=adopt, by=office)
    message = " ".join(refused.value.message_dict["transition"])
    assert "aus dem Zustand „In Prüfung durch den Beauftragten“ nicht gegangen" in message
    assert "Schritte von dort: „Nicht weiterverfolgt“, „Beratung im Migrationsbeirat“" in message

    client = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/massnahmen/{measure.pk}/schritt/{adopt.pk}/"
    response = client.post(url, {"version": measure.version, "bestaetigt": "1"})
    assert response.status_code == 400
    assert "nicht gegangen werden" in response.content.decode()
    measure.refresh_from_db()
    assert measure.state.key == "pruefung"
    assert not StateChange.objects.filter(measure=measure, transition=adopt).exists()


def test_a_meeting_of_another_body_or_in_the_future_is_refused(mannheim, council_item) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-14")
    office = User.objects.get(email=OFFICE)
    step = Transition.objects.get(municipality=mannheim, key="beirat")
    council = Meeting.objects.filter(municipality=mannheim, body__slug="gemeinderat").first()
    with pytest.raises(ValidationError) as refused:
        measure_transition(measure=measure, transition=step, by=office, meeting=council)
    assert "die Sitzung ist aber eine von Gemeinderat" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        measure_transition(measure=measure, transition=step, by=office)
    assert "nennen Sie die Sitzung" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        measure_transition(
            measure=measure,
            transition=step,
            by=office,
            meeting=council_item.meeting,
            decided_on=timezone.localdate() + timedelta(days=3),
        )
    assert "nicht in der Zukunft liegen" in str(refused.value)
    measure.refresh_from_db()
    assert measure.state.key == "pruefung"


ROLES_WITHOUT_STEPS = [
    "verein@mannheim.example",
    "dienststelle@mannheim.example",
    "gremium@mannheim.example",
]


@pytest.mark.parametrize("email", ROLES_WITHOUT_STEPS)
def test_no_one_but_the_office_moves_a_measure(mannheim, email) -> None:
    """The proposer's organisation, the department and the body member see the measure
    (M-15 is the organisation's, M-16 the department's) but cannot move it."""
    step = Transition.objects.get(municipality=mannheim, key="pruefen")
    client = signed_in_client(email)
    for key in ("M-15", "M-16"):
        measure = Measure.objects.get(municipality=mannheim, key=key)
        url = f"/mannheim/verwaltung/massnahmen/{measure.pk}/schritt/{step.pk}/"
        response = client.post(url, {"version": measure.version, "bestaetigt": "1"})
        assert response.status_code == 403
        measure.refresh_from_db()
        assert measure.state.key == "vorschlag"


def test_two_people_taking_a_step_at_once_the_second_is_told(mannheim) -> None:
    measure = Measure.objects.get(municipality=mannheim, key="M-16")
    step = Transition.objects.get(municipality=mannheim, key="pruefen")
    client = signed_in_client(OFFICE)
    url = f"/mannheim/verwaltung/massnahmen/{measure.pk}/schritt/{step.pk}/"
    form = {"version": measure.version, "bestaetigt": "1"}
    assert client.post(url, form).status_code == 302
    second = client.post(url, form)
    assert second.status_code in (400, 409)
    assert "Jemand anderes hat diese Maßnahme geändert" in second.content.decode()
    assert StateChange.objects.filter(measure=measure, transition=step).count() == 1


def test_an_organisation_proposes_a_measure_and_follows_it(mannheim) -> None:
    """The representative proposes for the organisation; the measure starts in the first
    state, the representative sees it and the office finds it; the budget must be numbers."""
    client = signed_in_client("verein@mannheim.example")
    url = "/mannheim/verwaltung/massnahmen/vorschlagen/"
    form = {
        "proposer": "org:1",
        "title_de": "Nähcafé für Frauen",
        "description_de": "Treffen mit Nähmaschinen und Deutsch im Gespräch.",
        "proposer_email": "naehcafe@example.org",
        "budget": "2027: viel",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "kein Betrag in Euro" in refused.content.decode()
    assert client.post(url, form | {"budget": "2027: 1.500"}).status_code == 302
    measure = Measure.objects.get(municipality=mannheim, title__de="Nähcafé für Frauen")
    assert measure.state.is_initial
    assert measure.proposer_organisation_id == 1
    assert measure.proposed_by.email == "verein@mannheim.example"
    assert "Nähcafé für Frauen" in client.get("/mannheim/verwaltung/massnahmen/").content.decode()
    office = signed_in_client(OFFICE).get("/mannheim/verwaltung/massnahmen/").content.decode()
    assert "Nähcafé für Frauen" in office
