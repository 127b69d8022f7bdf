"""Demo data of the measures (`demo_plan.py` says what): decision paths, measures with their
history through the bodies, frozen editions, department reports, the inventory.

Written in bulk, history first: each measure's steps are replayed in Python, the editions are
frozen from the states the measures had on their day, and the reports follow the periods.
Left alone once a municipality has a decision path (frozen editions never change)."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from querschnitt.bodies import demo_plan as bodies_demo_plan
from querschnitt.bodies.models import AgendaItem, Body, Consultation, Meeting, Paper
from querschnitt.bodies.search import search_text_from
from querschnitt.core.models import Department, Municipality
from querschnitt.measures import demo_plan
from querschnitt.measures.models import (
    BudgetLine,
    Catalogue,
    CatalogueDocument,
    CatalogueEntry,
    InventoryEntry,
    Measure,
    MeasuresSettings,
    MeasureState,
    ProgressReport,
    ReportValue,
    StateChange,
    Transition,
)
from querschnitt.measures.periods import Period, periods_between
from querschnitt.measures.services.catalogues import edition_changes
from querschnitt.measures.services.reports import complete_until
from querschnitt.measures.services.rollups import rollup_compute
from querschnitt.network.demo import BAMBERG_REPRESENTED, MANNHEIM_REPRESENTED
from querschnitt.network.models import Organisation
from querschnitt.strategy.models import (
    ControllingIndicator,
    FieldOfAction,
    Goal,
    IndicatorActual,
    IndicatorTarget,
)

BERLIN = timezone.get_default_timezone()
REPRESENTED = {"mannheim": MANNHEIM_REPRESENTED, "bamberg": BAMBERG_REPRESENTED}
REASONS = {
    "at_risk": "Die Nachfrage ist höher als geplant; die Mittel reichen nur bis zum Herbst.",
    "delayed": "Die Stellen konnten erst später besetzt werden; der Start verschiebt sich.",
    "done": "Alle Vorhaben sind umgesetzt; die Maßnahme geht in den Regelbetrieb über.",
}


def load_measures(municipality: Municipality, city: dict[str, Any]) -> None:
    make_plan = demo_plan.PLANS.get(city["slug"])
    if make_plan is None or MeasureState.objects.filter(municipality=municipality).exists():
        return
    today = timezone.localdate()
    anchor = bodies_demo_plan.anchor_for(today)
    DemoLoader(municipality, make_plan(anchor), today, REPRESENTED[city["slug"]]).load()


@dataclass
class History:
    """A measure's states over time: (day, state key) in order."""

    states: list[tuple[date, str]] = field(default_factory=list)

    def at(self, day: date) -> tuple[str, date] | None:
        """The state on a day and since when, or None before the proposal."""
        found = None
        for since, key in self.states:
            if since <= day:
                found = (key, since)
        return found


class DemoLoader:
    def __init__(
        self, municipality: Municipality, plan: demo_plan.Plan, today: date, represented: str
    ) -> None:
        self.municipality = municipality
        self.plan = plan
        self.today = today
        self.rng = random.Random(f"measures-demo-{municipality.slug}")  # noqa: S311 - demo
        self.represented = represented

    def load(self) -> None:
        m = self.municipality
        self.settings = MeasuresSettings.objects.create(
            municipality=m,
            default_interval=self.plan.interval,
            grace_days=30,
            reporting_closed_until=self.plan.closed_until,
        )
        self.load_path()
        self.load_context()
        self.load_meetings()
        self.load_measures()
        self.load_reports()
        self.load_editions()
        self.load_inventory()
        rollup_compute(municipality=m)

    # ---------------------------------------------------------------------------------------

    def load_path(self) -> None:
        m = self.municipality
        self.states = {
            s.key: MeasureState(
                municipality=m,
                key=s.key,
                name={"de": s.de, "en": s.en},
                position=position,
                is_initial=s.initial,
                in_catalogue=s.catalogue,
                is_public=s.public,
                reporting=s.reporting,
                is_closed=s.closed,
                default_progress=s.default,
            )
            for position, s in enumerate(self.plan.states)
        }
        MeasureState.objects.bulk_create(self.states.values())
        for group in self.plan.working_groups:
            Body.objects.get_or_create(
                municipality=m,
                slug=group.slug,
                defaults={
                    "name": group.name,
                    "kind": Body.Kind.WORKING_GROUP,
                    "purpose": {"de": group.goal},
                    "goal": {"de": group.goal},
                    "mandate": {
                        "de": "Vorschläge für den Maßnahmenkatalog erarbeiten und der "
                        "Lenkungsgruppe vorlegen."
                    },
                    "start_date": group.start,
                    "end_date": group.end,
                    "planned_end_date": group.end,
                },
            )
        self.bodies = {body.slug: body for body in Body.objects.filter(municipality=m)}
        self.transitions = {
            t.key: Transition(
                municipality=m,
                key=t.key,
                name={"de": t.de, "en": t.en},
                from_state=self.states[t.source],
                to_state=self.states[t.target],
                body=self.bodies.get(t.body),
                needs_meeting=t.meeting,
                position=position,
            )
            for position, t in enumerate(self.plan.transitions)
        }
        Transition.objects.bulk_create(self.transitions.values())

    def load_context(self) -> None:
        m = self.municipality
        departments = list(Department.objects.filter(municipality=m))
        self.departments = {d.short_name or d.name: d for d in departments}
        self.fields = {f.key: f for f in FieldOfAction.objects.filter(municipality=m)}
        self.goals = {g.key: g for g in Goal.objects.filter(municipality=m)}
        self.indicators = {i.key: i for i in ControllingIndicator.objects.filter(municipality=m)}
        self.targets = {
            (t.indicator_id, t.year): t.value
            for t in IndicatorTarget.objects.filter(municipality=m)
        }
        published = Organisation.objects.filter(municipality=m, status="published").order_by("name")
        self.organisation = published.filter(name=self.represented).first()
        self.partners = [o for o in published[:40] if o.name != self.represented]

    def load_meetings(self) -> None:
        """The meetings of past cycles (with their paper and agenda item), and the items of
        the bodies demo that steps refer to."""
        m = self.municipality
        papers = {
            key: Paper(
                municipality=m,
                reference=reference,
                name=title,
                paper_type="submission",
                date=day,
                public=True,
                published_at=datetime.combine(day, time(12), BERLIN),
                summary=f"Die Verwaltung legt den {title} zur Beratung und Entscheidung vor.",
                originator_department=self.departments.get("FB IEF")
                or self.departments.get("B-IM"),
                search_text=search_text_from(title=title, reference=reference, texts=[title]),
            )
            for key, reference, title, day in self.plan.papers
        }
        Paper.objects.bulk_create(papers.values())
        meetings, items, consultations = {}, {}, []
        for planned in self.plan.meetings:
            body = self.bodies[planned.body]
            start = datetime.combine(planned.day, time(16), BERLIN)
            meetings[planned.key] = Meeting(
                municipality=m,
                body=body,
                name=f"Sitzung {body.name}",
                start=start,
                end=start + timedelta(hours=2),
                state=Meeting.State.HELD,
                published_at=start - timedelta(days=10) if body.is_public else None,
                invited_at=start - timedelta(days=14),
                held_at=start + timedelta(hours=2),
            )
        Meeting.objects.bulk_create(meetings.values())
        for planned in self.plan.meetings:
            meeting = meetings[planned.key]
            items[planned.key] = AgendaItem(
                municipality=m,
                meeting=meeting,
                order=1,
                number="1",
                name=planned.item,
                public=meeting.body.is_public,
                result=planned.result,
                resolution_text=planned.resolution,
            )
        AgendaItem.objects.bulk_create(items.values())
        for order, planned in enumerate(self.plan.meetings):
            decides = planned.body in ("stadtrat", "gemeinderat")
            consultations.append(
                Consultation(
                    municipality=m,
                    paper=papers[planned.paper],
                    body=meetings[planned.key].body,
                    agenda_item=items[planned.key],
                    role=Consultation.Role.DECISION if decides else Consultation.Role.PRELIMINARY,
                    authoritative=decides,
                    order=order,
                )
            )
        Consultation.objects.bulk_create(consultations)
        self.places: dict[str, tuple[AgendaItem, Paper | None]] = {
            f"meeting:{key}": (items[key], papers[planned.paper])
            for key, planned in ((p.key, p) for p in self.plan.meetings)
        }
        for step in (s for mp in self.plan.measures for s in mp.steps):
            if step.where.startswith("item:") and step.where not in self.places:
                _kind, body, name = step.where.split(":", 2)
                self.places[step.where] = self.bodies_item(body, name, step.day)

    def bodies_item(self, body: str, name: str, day: date) -> tuple[AgendaItem, Paper | None]:
        candidates = list(
            AgendaItem.objects.filter(municipality=self.municipality, meeting__body__slug=body)
            .filter(models_q_name(name))
            .select_related("meeting", "consultation__paper")
        )
        if not candidates:
            raise LookupError(f"No agenda item {name!r} of {body} in the bodies demo")
        chosen = min(candidates, key=lambda i: abs((i.meeting.start.date() - day).days))
        consultation = getattr(chosen, "consultation", None)
        return chosen, consultation.paper if consultation else None

    # ---------------------------------------------------------------------------------------

    def load_measures(self) -> None:
        m = self.municipality
        self.measures: dict[str, Measure] = {}
        self.histories: dict[str, History] = {}
        changes = []
        initial = next(s for s in self.plan.states if s.initial).key
        for mp in self.plan.measures:
            history = History([(mp.proposed, initial)])
            records = []
            for step in mp.steps:
                transition = self.transitions[step.transition]
                item, paper = self.places.get(step.where, (None, None))
                day = timezone.localtime(item.meeting.start).date() if item else step.day
                history.states.append((day, transition.to_state.key))
                records.append((step, transition, day, item, paper))
            state_key, since = history.states[-1][1], history.states[-1][0]
            reporting_since = next(
                (day for day, key in history.states if self.states[key].reporting), None
            )
            kind, _sep, who = mp.proposer.partition(":")
            measure = Measure(
                municipality=m,
                key=mp.key,
                title={"de": mp.de, "en": mp.en},
                description={
                    "de": mp.description
                    or f"{mp.de}. Zielgruppen: {mp.target_groups or 'Zugewanderte'}."
                },
                state=self.states[state_key],
                state_since=since,
                proposer_kind=self.proposer_kind(kind, who),
                proposer_body=self.bodies.get(who) if kind in ("body", "wg") else None,
                proposer_organisation=self.organisation if kind == "org" else None,
                proposer_department=self.departments.get(who) if kind == "dept" else None,
                proposed_on=mp.proposed,
                target_groups=mp.target_groups,
                lead_department=self.departments.get(mp.lead),
                start_date=mp.start,
                end_date=mp.end,
                reporting_interval=mp.interval if mp.interval != self.plan.interval else "",
                reporting_since=reporting_since,
                weight=Decimal(mp.weight) if mp.weight else None,
                is_public=mp.public,
            )
            self.measures[mp.key] = measure
            self.histories[mp.key] = history
            changes.append((measure, records))
        Measure.objects.bulk_create(self.measures.values())
        rows = []
        for measure, records in changes:
            previous = None
            for step, transition, day, item, paper in records:
                rows.append(
                    StateChange(
                        municipality=m,
                        measure=measure,
                        transition=transition,
                        from_state=transition.from_state,
                        to_state=transition.to_state,
                        decided_on=day,
                        body=transition.body,
                        meeting=item.meeting if item else None,
                        agenda_item=item,
                        paper=paper,
                        resolution=item.resolution_text if item else "",
                        answer=step.answer,
                        answer_public=step.answer_public,
                    )
                )
                previous = transition.to_state
            del previous
        StateChange.objects.bulk_create(rows)
        through: Any = Measure.fields_of_action.through
        through.objects.bulk_create(
            through(measure_id=self.measures[mp.key].pk, fieldofaction_id=self.fields[k].pk)
            for mp in self.plan.measures
            for k in mp.fields
        )
        through = Measure.goals.through
        through.objects.bulk_create(
            through(measure_id=self.measures[mp.key].pk, goal_id=self.goals[k].pk)
            for mp in self.plan.measures
            for k in mp.goals
        )
        through = Measure.departments.through
        through.objects.bulk_create(
            through(measure_id=self.measures[mp.key].pk, department_id=self.departments[k].pk)
            for mp in self.plan.measures
            for k in mp.shared
        )
        through = Measure.indicators.through
        through.objects.bulk_create(
            through(
                measure_id=self.measures[mp.key].pk, controllingindicator_id=self.indicators[k].pk
            )
            for mp in self.plan.measures
            for k in mp.indicators
        )
        through = Measure.partners.through
        partners = []
        self.partner_names: dict[str, list[str]] = {}
        for mp in self.plan.measures:
            chosen = self.rng.sample(self.partners, min(mp.partners, len(self.partners)))
            if mp.proposer.startswith("org") and self.organisation is not None:
                chosen = [self.organisation, *chosen[1:]]
            partners += [
                through(measure_id=self.measures[mp.key].pk, organisation_id=o.pk) for o in chosen
            ]
        through.objects.bulk_create(partners)
        self.budget = {
            (mp.key, year): BudgetLine(
                municipality=m,
                measure=self.measures[mp.key],
                year=year,
                planned=Decimal(amount),
            )
            for mp in self.plan.measures
            for year, amount in mp.budget.items()
        }

    def proposer_kind(self, kind: str, who: str) -> str:
        if kind == "wg":
            return Measure.ProposerKind.WORKING_GROUP
        if kind == "body":
            return Measure.ProposerKind.BODY
        if kind == "org":
            return Measure.ProposerKind.ORGANISATION
        if kind == "dept":
            return Measure.ProposerKind.DEPARTMENT
        return Measure.ProposerKind.OFFICE

    # ---------------------------------------------------------------------------------------

    def load_reports(self) -> None:
        m = self.municipality
        reports, values, actuals = [], [], []
        reported: dict[str, set[date]] = defaultdict(set)
        for mp in self.plan.measures:
            measure = self.measures[mp.key]
            if mp.reports == "none" or measure.reporting_since is None:
                continue
            interval = measure.reporting_interval or self.plan.interval
            until = min(
                (day for day, key in self.histories[mp.key].states if self.states[key].is_closed),
                default=self.today,
            )
            ended = [
                p
                for p in periods_between(measure.reporting_since, until, interval)
                if p.end < self.today and p.end < until
            ]
            if mp.reports == "miss_last" and ended:
                ended = ended[:-1]
            elif mp.reports == "miss_second" and len(ended) > 1:
                ended = ended[:-2] + ended[-1:]
            if self.plan.closed_until and mp.reports != "all":
                ended = [p for p in ended if p.end > self.plan.closed_until] or ended
            for number, period in enumerate(ended, start=1):
                share = number / len(ended)
                progress = round(mp.progress * share) if number < len(ended) else mp.progress
                status = mp.status if number == len(ended) else "on_track"
                line = self.budget.get((mp.key, period.end.year))
                spent = (
                    (
                        line.planned
                        * Decimal(period.end.timetuple().tm_yday)
                        / 365
                        * Decimal("0.9")
                    ).quantize(Decimal("1"))
                    if line
                    else None
                )
                report = ProgressReport(
                    municipality=m,
                    measure=measure,
                    period_start=period.start,
                    period_end=period.end,
                    department=measure.lead_department,
                    progress=progress,
                    status=status,
                    reason=REASONS.get(status, ""),
                    milestones=self.milestone(mp, number),
                    budget_spent=spent,
                )
                reports.append(report)
                reported[mp.key].add(period.start)
                if line is not None and spent is not None:
                    line.spent = spent
                for key in mp.indicators:
                    indicator = self.indicators[key]
                    actual = IndicatorActual(
                        municipality=m,
                        indicator=indicator,
                        measured_on=period.end,
                        value=self.indicator_value(indicator, period, share),
                        source=f"Bericht {measure.lead_department.short_name} {period.label}"
                        if measure.lead_department
                        else "Bericht",
                        department=measure.lead_department,
                    )
                    actuals.append(actual)
                    values.append((report, actual))
            measure.reported_progress = reports[-1].progress if ended else None
            measure.reported_status = reports[-1].status if ended else ""
        ProgressReport.objects.bulk_create(reports)
        IndicatorActual.objects.bulk_create(actuals)
        ReportValue.objects.bulk_create(
            ReportValue(municipality=m, report=report, actual=actual) for report, actual in values
        )
        BudgetLine.objects.bulk_create(self.budget.values())
        for mp in self.plan.measures:
            measure = self.measures[mp.key]
            if measure.reporting_since is None:
                continue
            measure.reports_complete_until = complete_until(
                reporting_since=measure.reporting_since,
                interval=measure.reporting_interval or self.plan.interval,
                reported=reported[mp.key],
                closed_until=self.plan.closed_until,
            )
        Measure.objects.bulk_update(
            self.measures.values(),
            ["reported_progress", "reported_status", "reports_complete_until"],
        )

    def milestone(self, mp: demo_plan.MP, number: int) -> str:
        steps = [
            "Konzept abgestimmt, Kooperationspartner gewonnen.",
            "Erste Angebote gestartet, Öffentlichkeitsarbeit in mehreren Sprachen.",
            "Angebote in weiteren Stadtteilen, erste Rückmeldungen ausgewertet.",
            "Angebot verstetigt, Auswertung mit den Partnern.",
        ]
        return steps[min(number - 1, len(steps) - 1)]

    def indicator_value(
        self, indicator: ControllingIndicator, period: Period, share: float
    ) -> Decimal:
        baseline = indicator.baseline or Decimal(0)
        target = self.targets.get((indicator.pk, period.end.year), baseline)
        reached = Decimal(str(0.6 + 0.35 * share + self.rng.uniform(-0.05, 0.05)))
        value = baseline + (target - baseline) * reached
        return value.quantize(Decimal(1) / (10**indicator.decimals))

    # ---------------------------------------------------------------------------------------

    def load_editions(self) -> None:
        m = self.municipality
        previous: Catalogue | None = None
        previous_entries: list[CatalogueEntry] = []
        for edition in sorted(self.plan.editions, key=lambda e: e.as_of):
            catalogue = Catalogue(
                municipality=m,
                year=edition.year,
                as_of=edition.as_of,
                title=edition.title,
                previous=previous,
            )
            entries = self.entries_on(catalogue, edition)
            catalogue.measures_count = len(entries)
            catalogue.summary = (
                edition_changes(previous_entries, entries).counts()
                if previous is not None
                else {"added": len(entries), "removed": 0, "changed": 0}
            )
            catalogue.save()
            CatalogueEntry.objects.bulk_create(entries)
            CatalogueDocument.objects.create(municipality=m, catalogue=catalogue)
            # the frozen_at of a past edition is the day it was frozen
            previous, previous_entries = catalogue, entries
        # (frozen_at cannot be set afterwards: the database refuses changes to editions)

    def entries_on(self, catalogue: Catalogue, edition: demo_plan.Edition) -> list[CatalogueEntry]:
        entries: list[CatalogueEntry] = []
        for mp in sorted(self.plan.measures, key=lambda p: p.key):
            found = self.histories[mp.key].at(edition.as_of)
            if found is None or not mp.public:
                continue
            key, since = found
            state = self.states[key]
            if not (state.in_catalogue and state.is_public):
                continue
            if state.is_closed and since < date(edition.year, 1, 1):
                continue
            measure = self.measures[mp.key]
            entries.append(
                CatalogueEntry(
                    municipality=self.municipality,
                    catalogue=catalogue,
                    measure=measure,
                    position=len(entries) + 1,
                    key=mp.key,
                    title=measure.title,
                    description=measure.description,
                    state_key=key,
                    state_name=state.name,
                    fields_of_action=[[k, self.fields[k].name] for k in mp.fields],
                    goals=[[k, self.goals[k].title] for k in mp.goals],
                    target_groups=mp.target_groups,
                    lead_department=str(measure.lead_department or ""),
                    departments=sorted(str(self.departments[k]) for k in mp.shared),
                    partners=self.partner_names.get(mp.key, []),
                    proposer=measure.public_proposer_label,
                    start_date=mp.start,
                    end_date=mp.end,
                    budget={
                        str(y): f"{Decimal(a):.2f}"
                        for y, a in mp.budget.items()
                        if y <= edition.year
                    },
                )
            )
        return entries

    # ---------------------------------------------------------------------------------------

    def load_inventory(self) -> None:
        m = self.municipality
        plan = INVENTORY.get(m.slug, [])
        InventoryEntry.objects.bulk_create(
            InventoryEntry(
                municipality=m,
                department=self.departments[department],
                field_of_action=self.fields[field_key],
                title=title,
                since_year=since,
            )
            for department, field_key, title, since in plan
            if department in self.departments and field_key in self.fields
        )


def models_q_name(name: str) -> Any:
    from django.db.models import Q

    return Q(name=name) | Q(consultation__paper__name=name)


# (department, field of action, what it does, since)
INVENTORY: dict[str, list[tuple[str, str, str, int]]] = {
    "bamberg": [
        ("FB IEF", "querschnitt", "Koordination der Kommunalen Integrationsförderung", 2017),
        ("FB IEF", "soziales-wohnen", "Migrationsberatung und Ehrenamtskoordination", 2015),
        ("FB IEF", "kultur-sport-religion", "Runder Tisch Integration und Fachforum", 2017),
        ("Ref. 4", "sprache-bildung", "Vorkurs Deutsch und Sprachförderung an Schulen", 2012),
        (
            "Ref. 4",
            "kultur-sport-religion",
            "Sportförderung für Vereine mit offenen Angeboten",
            2018,
        ),
        ("Kulturamt", "kultur-sport-religion", "Interkulturelle Kulturtage", 2018),
        ("Kulturamt", "sprache-bildung", "Mehrsprachige Bestände der Stadtbücherei", 2018),
        ("ABH", "arbeit-wirtschaft", "Beratung zur Beschäftigungserlaubnis", 2018),
        ("ABH", "soziales-wohnen", "Termine mit Sprachmittlung", 2019),
        ("Ref. 5", "soziales-wohnen", "Wohnraumvermittlung für Geflüchtete", 2016),
        ("STWB", "soziales-wohnen", "Kundenberatung in mehreren Sprachen", 2022),
    ],
    "mannheim": [
        ("B-IM", "integrationspolitik", "Geschäftsführung des Integrationsausschusses", 2009),
        ("B-IM", "zusammenleben", "Koordination des Mannheimer Bündnisses", 2016),
        ("B-IM", "teilhabe", "Geschäftsstelle des Migrationsbeirats", 2010),
        ("FB 50", "neuzuwanderung", "Koordination des Netzwerks Integrationskurse", 2012),
        ("FB 40", "teilhabe", "Sprachförderung in Kitas und Schulen", 2011),
        (
            "FB 58",
            "neuzuwanderung",
            "Gesundheitsuntersuchung und Impfberatung für Neuzugewanderte",
            2015,
        ),
        ("FB 33", "neuzuwanderung", "Willkommensgespräche im Bürgerservice", 2018),
        ("FB 15", "integrationspolitik", "Integrationsmonitoring und Berichtswesen", 2013),
    ],
}
