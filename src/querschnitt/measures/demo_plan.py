"""What the demo's decision paths, measures, editions and reports are (`demo.py` loads them).

Bamberg: the Flächenübergreifende Integrationsprojekt (FIP) 2007–2016 as history. Four
working groups (2007–2013), then a working group per annual focus topic, propose measures; the
Lenkungsgruppe drafts next year's catalogue, the Beratungs- und Entscheidungsgremium
recommends it, the Stadtrat adopts it, and the measures are carried out the next year
("Maßnahmenkatalog Stand 12.07.2013"). In 2016 the FIP ended; from 2017 departments own the
measures of the municipal integration work and report on them yearly. This year's cycle uses
the bodies demo's meetings (the catalogue paper, the interpreters' pool waiting for the
Stadtrat).

Mannheim: the goals of 2009 under the four Handlungsschwerpunkte, measures owned by several
departments, adopted by the Gemeinderat about fourteen months ago after the Migrationsbeirat
and the Integrationsausschuss, with a year of quarterly reports, some late; newer measures on
the way through the bodies demo's meetings.

Titles, dates, money and figures are the demo's own; the measures are typical of such
catalogues, not quotations of the cities' catalogues.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class S:
    """A state of the decision path."""

    key: str
    de: str
    en: str
    initial: bool = False
    catalogue: bool = False
    public: bool = False
    reporting: bool = False
    closed: bool = False
    default: int = 0


@dataclass(frozen=True)
class T:
    """A step between two states, by or in a body (its slug), or by the office."""

    key: str
    de: str
    en: str
    source: str
    target: str
    body: str = ""
    meeting: bool = False


@dataclass(frozen=True)
class Step:
    """A step a measure took: the transition, the day, where (a meeting's agenda item)."""

    transition: str
    day: date
    # "meeting:<key>" (a meeting this demo adds, see `Meeting`), "item:<body slug>:<name>"
    # (the agenda item of the bodies demo with that name or on the paper with that title,
    # in the meeting nearest to the day) or "" (a step of the office)
    where: str = ""
    answer: str = ""
    answer_public: bool = False


@dataclass(frozen=True)
class MP:
    """A measure."""

    key: str
    de: str
    en: str
    fields: tuple[str, ...]
    goals: tuple[str, ...]
    lead: str  # short name of the department in charge
    proposer: str  # "body:<slug>", "org:<name>", "dept:<short name>", "office"
    proposed: date
    steps: tuple[Step, ...] = ()
    shared: tuple[str, ...] = ()
    partners: int = 0
    start: date | None = None
    end: date | None = None
    budget: dict[int, int] = field(default_factory=dict)
    weight: str | None = None
    indicators: tuple[str, ...] = ()
    # "all": every ended period has its report; "miss_last" / "miss_second": the last or
    # second-to-last ended period has none; "none": no reports
    reports: str = "all"
    # progress of the last report, reached in equal steps; status of the last report
    progress: int = 60
    status: str = "on_track"
    description: str = ""
    target_groups: str = ""
    interval: str = ""
    public: bool = True


@dataclass(frozen=True)
class Edition:
    year: int
    as_of: date
    title: str


@dataclass(frozen=True)
class Meeting:
    """A meeting the demo adds for the history of the decisions."""

    key: str
    body: str
    day: date
    item: str
    paper: str
    result: str
    resolution: str


@dataclass(frozen=True)
class WorkingGroup:
    slug: str
    name: str
    start: date
    end: date
    goal: str


@dataclass
class Plan:
    states: list[S]
    transitions: list[T]
    measures: list[MP]
    editions: list[Edition]
    meetings: list[Meeting]
    # (paper key, reference, title, date): the papers of the demo's meetings
    papers: list[tuple[str, str, str, date]]
    working_groups: list[WorkingGroup] = field(default_factory=list)
    interval: str = "quarterly"
    closed_until: date | None = None


def wednesday(year: int, month: int, nth: int) -> date:
    """The nth Wednesday of a month (negative: from the end)."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(2 - first.weekday()) % 7 + 7 * (nth - 1))
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 2) % 7 + 7 * (-nth - 1))


# --------------------------------------------------------------------------------------------
# Bamberg

BAMBERG_STATES = [
    S("vorgeschlagen", "Vorgeschlagen", "Proposed", initial=True),
    S("entwurf", "Im Katalogentwurf der Lenkungsgruppe", "In the steering group's draft"),
    S(
        "empfohlen",
        "Vom Beratungs- und Entscheidungsgremium empfohlen",
        "Recommended by the decision body",
        public=True,
    ),
    S(
        "beschlossen",
        "Vom Stadtrat beschlossen",
        "Adopted by the city council",
        catalogue=True,
        public=True,
    ),
    S(
        "umsetzung",
        "In Umsetzung",
        "Being carried out",
        catalogue=True,
        public=True,
        reporting=True,
        default=10,
    ),
    S(
        "abgeschlossen",
        "Abgeschlossen",
        "Completed",
        catalogue=True,
        public=True,
        closed=True,
        default=100,
    ),
    S("abgelehnt", "Abgelehnt", "Rejected", public=True, closed=True),
    S("zurueckgestellt", "Zurückgestellt", "Deferred"),
]

BAMBERG_TRANSITIONS = [
    T(
        "entwurf",
        "Aufnahme in den Katalogentwurf",
        "Taken into the draft catalogue",
        "vorgeschlagen",
        "entwurf",
        "lenkungsgruppe",
        True,
    ),
    T(
        "nicht-aufgenommen",
        "Nicht in den Entwurf aufgenommen",
        "Not taken into the draft",
        "vorgeschlagen",
        "abgelehnt",
        "lenkungsgruppe",
        True,
    ),
    T(
        "empfehlung",
        "Empfehlung an den Stadtrat",
        "Recommended to the council",
        "entwurf",
        "empfohlen",
        "beratungs-und-entscheidungsgremium",
        True,
    ),
    T(
        "zurueckstellung",
        "Zurückgestellt vom Gremium",
        "Deferred by the decision body",
        "entwurf",
        "zurueckgestellt",
        "beratungs-und-entscheidungsgremium",
        True,
    ),
    T(
        "beschluss",
        "Beschluss des Stadtrats",
        "Adopted by the city council",
        "empfohlen",
        "beschlossen",
        "stadtrat",
        True,
    ),
    T(
        "ablehnung",
        "Ablehnung durch den Stadtrat",
        "Rejected by the city council",
        "empfohlen",
        "abgelehnt",
        "stadtrat",
        True,
    ),
    T(
        "umsetzung",
        "Umsetzung im Folgejahr beginnt",
        "Carrying out begins the next year",
        "beschlossen",
        "umsetzung",
    ),
    T("abschluss", "Abgeschlossen", "Completed", "umsetzung", "abgeschlossen"),
    T(
        "wiedervorlage",
        "Wiedervorlage im nächsten Zyklus",
        "Back in the next cycle",
        "zurueckgestellt",
        "vorgeschlagen",
    ),
]

BAMBERG_WORKING_GROUPS = [
    WorkingGroup(
        "fip-ak-sprache-bildung",
        "FIP-Arbeitskreis Sprache und Bildung",
        date(2007, 7, 1),
        date(2013, 12, 31),
        "Maßnahmen zur Sprachförderung und Bildung vorschlagen.",
    ),
    WorkingGroup(
        "fip-ak-arbeit-wirtschaft",
        "FIP-Arbeitskreis Arbeit und Wirtschaft",
        date(2007, 7, 1),
        date(2013, 12, 31),
        "Maßnahmen für Ausbildung und Arbeit vorschlagen.",
    ),
    WorkingGroup(
        "fip-ak-soziales-wohnen",
        "FIP-Arbeitskreis Soziales, Gesundheit und Wohnen",
        date(2007, 7, 1),
        date(2013, 12, 31),
        "Maßnahmen für Beratung, Gesundheit und Wohnen vorschlagen.",
    ),
    WorkingGroup(
        "fip-ak-kultur-sport-religion",
        "FIP-Arbeitskreis Kultur, Sport und Religion",
        date(2007, 7, 1),
        date(2013, 12, 31),
        "Maßnahmen für Begegnung in Kultur, Sport und Religion vorschlagen.",
    ),
    WorkingGroup(
        "fip-ag-ausbildung-2014",
        "FIP-Arbeitsgruppe Schwerpunkt Ausbildung 2014",
        date(2014, 1, 15),
        date(2014, 12, 31),
        "Zum Schwerpunktthema Ausbildung Maßnahmen erarbeiten.",
    ),
    WorkingGroup(
        "fip-ag-flucht-2015",
        "FIP-Arbeitsgruppe Schwerpunkt Flucht und Asyl 2015",
        date(2015, 1, 15),
        date(2015, 12, 31),
        "Zum Schwerpunktthema Flucht und Asyl Maßnahmen erarbeiten.",
    ),
]

AK = {
    "sprache-bildung": "fip-ak-sprache-bildung",
    "arbeit-wirtschaft": "fip-ak-arbeit-wirtschaft",
    "soziales-wohnen": "fip-ak-soziales-wohnen",
    "kultur-sport-religion": "fip-ak-kultur-sport-religion",
}
GOAL_OF_FIELD = {
    "sprache-bildung": "Z1",
    "arbeit-wirtschaft": "Z2",
    "soziales-wohnen": "Z3",
    "kultur-sport-religion": "Z4",
    "querschnitt": "Z5",
}

# (catalogue year, field, title, English title, department, outcome, money a year)
# outcome: "done" (completed at the end of its year), "done+1" (a year later), "rejected"
# (not taken into the draft), "deferred" (deferred by the decision body)
FIP: list[tuple[int, str, str, str, str, str, int]] = [
    (
        2008,
        "sprache-bildung",
        "Deutschkurse für Mütter in Kindertagesstätten",
        "German courses for mothers in childcare centres",
        "Ref. 4",
        "done+1",
        8000,
    ),
    (
        2008,
        "kultur-sport-religion",
        "Interkultureller Kalender der Stadt Bamberg",
        "Intercultural calendar of the city",
        "Kulturamt",
        "done",
        3000,
    ),
    (
        2008,
        "soziales-wohnen",
        "Mehrsprachiger Beratungsführer",
        "Multilingual guide to counselling",
        "FB IEF",
        "done",
        4500,
    ),
    (
        2009,
        "sprache-bildung",
        "Hausaufgabenhilfe in Stadtteiltreffs",
        "Homework help in neighbourhood centres",
        "Ref. 4",
        "done+1",
        12000,
    ),
    (
        2009,
        "arbeit-wirtschaft",
        "Bewerbungstraining für junge Zugewanderte",
        "Application training for young immigrants",
        "FB IEF",
        "done",
        6000,
    ),
    (
        2009,
        "soziales-wohnen",
        "Interkulturelle Schulungen für das Bürgeramt",
        "Intercultural training for the citizens' office",
        "ABH",
        "done",
        5000,
    ),
    (
        2010,
        "sprache-bildung",
        "Elternlotsen an Grundschulen",
        "Parent guides at primary schools",
        "Ref. 4",
        "done+1",
        15000,
    ),
    (
        2010,
        "kultur-sport-religion",
        "Schnupperangebote der Sportvereine",
        "Taster sessions of the sports clubs",
        "Ref. 4",
        "done",
        4000,
    ),
    (
        2010,
        "soziales-wohnen",
        "Eigenes Integrationsamt",
        "An office of integration of its own",
        "Ref. 5",
        "rejected",
        0,
    ),
    (
        2011,
        "arbeit-wirtschaft",
        "Anerkennungsberatung für ausländische Abschlüsse",
        "Counselling on the recognition of foreign qualifications",
        "FB IEF",
        "done+1",
        18000,
    ),
    (
        2011,
        "kultur-sport-religion",
        "Interreligiöser Gesprächskreis",
        "Interreligious circle",
        "Kulturamt",
        "done",
        2500,
    ),
    (
        2011,
        "sprache-bildung",
        "Vorlesepaten in Herkunftssprachen",
        "Reading mentors in heritage languages",
        "Ref. 4",
        "done",
        3500,
    ),
    (
        2012,
        "arbeit-wirtschaft",
        "Ausbildungspaten",
        "Apprenticeship mentors",
        "FB IEF",
        "done",
        9000,
    ),
    (2012, "soziales-wohnen", "Wohnungslotsen", "Housing guides", "Ref. 5", "done+1", 11000),
    (
        2012,
        "kultur-sport-religion",
        "Kampagne zum kommunalen Wahlrecht",
        "Campaign on local voting rights",
        "FB IEF",
        "deferred",
        7000,
    ),
    (
        2013,
        "sprache-bildung",
        "Sprachcafé in der Stadtbücherei",
        "Language café in the library",
        "Kulturamt",
        "done",
        2000,
    ),
    (
        2013,
        "kultur-sport-religion",
        "Integrationsmesse 2013",
        "Integration fair 2013",
        "FB IEF",
        "done",
        14000,
    ),
    (
        2014,
        "soziales-wohnen",
        "Mehrsprachige Willkommensmappe",
        "Multilingual welcome folder",
        "FB IEF",
        "done",
        6500,
    ),
    (
        2014,
        "soziales-wohnen",
        "Kultursensible Pflegeberatung",
        "Culturally sensitive care advice",
        "Ref. 5",
        "done+1",
        10000,
    ),
    (
        2014,
        "sprache-bildung",
        "Fachtag Integration",
        "Expert day on integration",
        "FB IEF",
        "done",
        5000,
    ),
    (
        2015,
        "arbeit-wirtschaft",
        "Jobpaten für junge Geflüchtete",
        "Job mentors for young refugees",
        "FB IEF",
        "done+1",
        16000,
    ),
    (
        2015,
        "sprache-bildung",
        "Berufsorientierung in Übergangsklassen",
        "Career guidance in transition classes",
        "Ref. 4",
        "done",
        7500,
    ),
    (
        2016,
        "soziales-wohnen",
        "Koordination der ehrenamtlichen Flüchtlingshilfe",
        "Coordinating volunteers who help refugees",
        "FB IEF",
        "done",
        20000,
    ),
    (
        2016,
        "soziales-wohnen",
        "Sprachmittlerpool im Sozialamt",
        "Pool of language mediators in the social office",
        "Ref. 5",
        "done",
        12000,
    ),
]


def bamberg_cycle(year: int) -> dict[str, date]:
    """The days of the cycle that adopts the catalogue for `year`."""
    if year == 2008:  # the FIP began in July 2007
        return {
            "proposed": date(2007, 10, 1),
            "lenkungsgruppe": date(2007, 11, 7),
            "beratungs-und-entscheidungsgremium": date(2007, 11, 28),
            "stadtrat": date(2007, 12, 12),
            "as_of": date(2007, 12, 14),
        }
    council = wednesday(year - 1, 7, 2)
    return {
        "proposed": date(year - 1, 3, 15),
        "lenkungsgruppe": wednesday(year - 1, 6, 1),
        "beratungs-und-entscheidungsgremium": wednesday(year - 1, 6, -1),
        "stadtrat": council,
        "as_of": council + timedelta(days=2),
    }


def cycle_steps(year: int, outcome: str) -> tuple[Step, ...]:
    days = bamberg_cycle(year)

    def at(body: str) -> str:
        return f"meeting:{year}:{body}"

    if outcome == "rejected":
        return (
            Step(
                "nicht-aufgenommen",
                days["lenkungsgruppe"],
                at("lenkungsgruppe"),
                "Die Lenkungsgruppe sieht die Aufgabe beim Fachbereich Integration; ein "
                "eigenes Amt ist nicht vorgesehen.",
                True,
            ),
        )
    steps = [Step("entwurf", days["lenkungsgruppe"], at("lenkungsgruppe"))]
    if outcome == "deferred":
        steps.append(
            Step(
                "zurueckstellung",
                days["beratungs-und-entscheidungsgremium"],
                at("beratungs-und-entscheidungsgremium"),
                "Das Gremium stellt die Kampagne bis nach der Kommunalwahl zurück.",
                True,
            )
        )
        return tuple(steps)
    steps += [
        Step(
            "empfehlung",
            days["beratungs-und-entscheidungsgremium"],
            at("beratungs-und-entscheidungsgremium"),
        ),
        Step(
            "beschluss",
            days["stadtrat"],
            at("stadtrat"),
            "Der Stadtrat hat Ihren Vorschlag in den Maßnahmenkatalog aufgenommen. Vielen Dank "
            "für Ihre Mitarbeit.",
            True,
        ),
        Step("umsetzung", date(year, 1, 8)),
    ]
    if outcome.startswith("done"):
        finished = year + (1 if outcome == "done+1" else 0)
        steps.append(Step("abschluss", date(finished, 12, 15)))
    return tuple(steps)


def bamberg_plan(anchor: date) -> Plan:
    year = anchor.year
    measures: list[MP] = []
    for number, (catalogue, field_key, de, en, lead, outcome, money) in enumerate(FIP, start=1):
        proposer = AK.get(field_key, "")
        if catalogue >= 2014:
            proposer = "fip-ag-ausbildung-2014" if catalogue == 2015 else "fip-ag-flucht-2015"
            if catalogue == 2014:
                proposer = AK[field_key]
        finished = catalogue + (1 if outcome == "done+1" else 0)
        measures.append(
            MP(
                key=f"FIP-{catalogue}-{number:02d}",
                de=de,
                en=en,
                fields=(field_key,),
                goals=(GOAL_OF_FIELD[field_key],),
                lead=lead,
                proposer=f"wg:{proposer}",
                proposed=bamberg_cycle(catalogue)["proposed"],
                steps=cycle_steps(catalogue, outcome),
                start=date(catalogue, 1, 1) if outcome.startswith("done") else None,
                end=date(finished, 12, 31) if outcome.startswith("done") else None,
                budget=dict.fromkeys(range(catalogue, finished + 1), money) if money else {},
                reports="none",
                interval="yearly",
                target_groups="Zugewanderte",
            )
        )
    # The new concept: departments own the measures and report yearly.
    concept = [
        (
            "KI-2018-01",
            "Bestandsaufnahme Integration in allen Ämtern",
            "Inventory of integration work in every office",
            ("querschnitt",),
            ("Z5.1",),
            "FB IEF",
            ("Ref. 5",),
            2018,
            15000,
            "1",
            ("aemter-bestandsaufnahme",),
            "all",
            70,
            "on_track",
        ),
        (
            "KI-2018-02",
            "Interkulturelle Öffnung: Schulungen für alle Ämter",
            "Intercultural opening: training for every office",
            ("querschnitt",),
            ("Z5",),
            "Ref. 5",
            (),
            2018,
            25000,
            "2",
            (),
            "miss_last",
            55,
            "at_risk",
        ),
        (
            "KI-2020-01",
            "Vorkurs Deutsch in allen Kindertagesstätten",
            "Preparatory German in every childcare centre",
            ("sprache-bildung",),
            ("Z1.1",),
            "Ref. 4",
            ("FB IEF",),
            2020,
            60000,
            "3",
            ("sprachfoerderung-kita",),
            "miss_last",
            65,
            "delayed",
        ),
        (
            "KI-2020-02",
            "Anerkennungsberatung in der Ausländerbehörde",
            "Recognition counselling at the immigration office",
            ("arbeit-wirtschaft",),
            ("Z2.1",),
            "ABH",
            ("FB IEF",),
            2020,
            30000,
            "",
            ("anerkennungsberatung",),
            "all",
            80,
            "on_track",
        ),
        (
            "KI-2022-01",
            "Mehrsprachige Kundenberatung der Stadtwerke",
            "Multilingual customer advice of the municipal utility",
            ("soziales-wohnen",),
            ("Z3",),
            "STWB",
            (),
            2022,
            8000,
            "",
            (),
            "all",
            50,
            "on_track",
        ),
        (
            "KI-2022-02",
            "Sprachpaten im Sport",
            "Language mentors in sport",
            ("kultur-sport-religion", "sprache-bildung"),
            ("Z4", "Z1"),
            "Ref. 4",
            ("Kulturamt",),
            2022,
            9000,
            "",
            (),
            "all",
            40,
            "on_track",
        ),
    ]
    for (
        key,
        de,
        en,
        fields,
        goals,
        lead,
        shared,
        catalogue,
        money,
        weight,
        indicators,
        reports,
        progress,
        status,
    ) in concept:
        days = bamberg_cycle(catalogue)

        def at(body: str, catalogue: int = catalogue) -> str:
            return f"meeting:{catalogue}:{body}"

        measures.append(
            MP(
                key=key,
                de=de,
                en=en,
                fields=fields,
                goals=goals,
                lead=lead,
                shared=shared,
                proposer=f"dept:{lead}",
                proposed=days["proposed"],
                steps=(
                    Step("entwurf", days["lenkungsgruppe"], at("lenkungsgruppe")),
                    Step(
                        "empfehlung",
                        days["beratungs-und-entscheidungsgremium"],
                        at("beratungs-und-entscheidungsgremium"),
                    ),
                    Step("beschluss", days["stadtrat"], at("stadtrat")),
                    Step("umsetzung", date(catalogue, 1, 8)),
                ),
                start=date(catalogue, 1, 1),
                budget=dict.fromkeys(range(catalogue, year + 2), money),
                weight=weight or None,
                indicators=indicators,
                reports=reports,
                progress=progress,
                status=status,
                partners=2,
                target_groups="Zugewanderte; Beschäftigte der Stadt"
                if "querschnitt" in fields
                else "Kinder und Familien",
            )
        )
    # This year's cycle, in the bodies demo's meetings.
    item = f"Maßnahmenkatalog Integration {year + 1}"
    current = [
        (
            "KI-{y}-01",
            "Sprachpatenschaften im Sportverein",
            "Language sponsorships in sports clubs",
            ("kultur-sport-religion",),
            ("Z4",),
            "Ref. 4",
            "body:migranten-und-integrationsbeirat",
        ),
        (
            "KI-{y}-02",
            "Fachforum Integration im Herbst",
            "Expert forum on integration in autumn",
            ("querschnitt",),
            ("Z5",),
            "FB IEF",
            "office",
        ),
        (
            "KI-{y}-03",
            "Willkommensmappe für Neuzugewanderte, neu aufgelegt",
            "Welcome folder for newcomers, new edition",
            ("soziales-wohnen",),
            ("Z3",),
            "FB IEF",
            "office",
        ),
    ]
    for key, de, en, fields, goals, lead, proposer in current:
        measures.append(
            MP(
                key=key.format(y=year + 1),
                de=de,
                en=en,
                fields=fields,
                goals=goals,
                lead=lead,
                proposer=proposer,
                proposed=anchor - timedelta(days=160),
                steps=(
                    Step("entwurf", anchor - timedelta(days=120), f"item:lenkungsgruppe:{item}"),
                    Step(
                        "empfehlung",
                        anchor - timedelta(days=100),
                        f"item:beratungs-und-entscheidungsgremium:{item}",
                    ),
                    Step(
                        "beschluss",
                        anchor - timedelta(days=80),
                        f"item:stadtrat:{item}",
                        "Aufgenommen in den Maßnahmenkatalog; Umsetzung im kommenden Jahr.",
                        True,
                    ),
                ),
                start=date(year + 1, 1, 1),
                end=date(year + 1, 12, 31),
                budget={year + 1: 6000},
                reports="none",
                partners=1,
            )
        )
    measures.append(
        MP(
            key=f"KI-{year + 1}-04",
            de="Dolmetscherpool für Elterngespräche an Schulen",
            en="Pool of interpreters for parents' meetings at schools",
            fields=("sprache-bildung",),
            goals=("Z1.2",),
            lead="Ref. 4",
            proposer="body:migranten-und-integrationsbeirat",
            proposed=anchor - timedelta(days=215),
            steps=(
                Step("entwurf", anchor - timedelta(days=120), f"item:lenkungsgruppe:{item}"),
                Step(
                    "empfehlung",
                    anchor - timedelta(days=100),
                    f"item:beratungs-und-entscheidungsgremium:{item}",
                ),
            ),
            start=date(year + 1, 1, 1),
            budget={year + 1: 14000},
            reports="none",
        )
    )
    measures.append(
        MP(
            key=f"KI-{year + 1}-05",
            de="Sprechstunde des Beirats in der Ausländerbehörde",
            en="The advisory council's consultation hour at the immigration office",
            fields=("soziales-wohnen",),
            goals=("Z3",),
            lead="ABH",
            proposer="org:",
            proposed=anchor - timedelta(days=12),
            reports="none",
        )
    )
    cycles = sorted(
        {
            int(s.where.split(":")[1])
            for m in measures
            for s in m.steps
            if s.where.startswith("meeting:")
        }
    )
    meetings, papers = [], []
    for catalogue in cycles:
        days = bamberg_cycle(catalogue)
        paper = f"katalog-{catalogue}"
        title = (
            f"Maßnahmenkatalog des Flächenübergreifenden Integrationsprojekts {catalogue}"
            if catalogue <= 2016
            else f"Maßnahmenkatalog Integration {catalogue}"
        )
        papers.append(
            (
                paper,
                f"V {catalogue - 1}/0{catalogue % 100:02d}",
                title,
                days["proposed"] + timedelta(days=30),
            )
        )
        meetings += [
            Meeting(
                f"{catalogue}:lenkungsgruppe",
                "lenkungsgruppe",
                days["lenkungsgruppe"],
                title,
                paper,
                "adopted",
                "Die Lenkungsgruppe verabschiedet den Entwurf.",
            ),
            Meeting(
                f"{catalogue}:beratungs-und-entscheidungsgremium",
                "beratungs-und-entscheidungsgremium",
                days["beratungs-und-entscheidungsgremium"],
                title,
                paper,
                "recommended",
                "Das Gremium übergibt den Katalog dem Stadtrat.",
            ),
            Meeting(
                f"{catalogue}:stadtrat",
                "stadtrat",
                days["stadtrat"],
                title,
                paper,
                "adopted",
                f"Der Stadtrat beschließt den Maßnahmenkatalog für das Jahr {catalogue}.",
            ),
        ]
    editions = [
        Edition(
            catalogue,
            bamberg_cycle(catalogue)["as_of"],
            f"Maßnahmenkatalog {catalogue}, Stand "
            f"{bamberg_cycle(catalogue)['as_of'].strftime('%d.%m.%Y')}",
        )
        for catalogue in cycles
    ]
    as_of = anchor - timedelta(days=78)
    editions.append(
        Edition(year + 1, as_of, f"Maßnahmenkatalog {year + 1}, Stand {as_of.strftime('%d.%m.%Y')}")
    )
    return Plan(
        states=BAMBERG_STATES,
        transitions=BAMBERG_TRANSITIONS,
        measures=measures,
        editions=editions,
        meetings=meetings,
        papers=papers,
        working_groups=BAMBERG_WORKING_GROUPS,
        interval="yearly",
        closed_until=date(year - 2, 12, 31),
    )


# --------------------------------------------------------------------------------------------
# Mannheim

MANNHEIM_STATES = [
    S("vorschlag", "Vorschlag", "Proposal", initial=True),
    S("pruefung", "In Prüfung durch den Beauftragten", "Being examined by the commissioner"),
    S("beirat", "Vom Migrationsbeirat beraten", "Discussed by the migration advisory council"),
    S(
        "empfohlen",
        "Vom Integrationsausschuss empfohlen",
        "Recommended by the integration committee",
        public=True,
    ),
    S(
        "beschlossen",
        "Vom Gemeinderat beschlossen",
        "Adopted by the municipal council",
        catalogue=True,
        public=True,
    ),
    S(
        "umsetzung",
        "In Umsetzung",
        "Being carried out",
        catalogue=True,
        public=True,
        reporting=True,
        default=5,
    ),
    S(
        "abgeschlossen",
        "Abgeschlossen",
        "Completed",
        catalogue=True,
        public=True,
        closed=True,
        default=100,
    ),
    S("abgelehnt", "Nicht weiterverfolgt", "Not pursued", public=True, closed=True),
    S("zurueckgestellt", "Zurückgestellt", "Deferred"),
]

MANNHEIM_TRANSITIONS = [
    T("pruefen", "Zur Prüfung angenommen", "Taken up for examination", "vorschlag", "pruefung"),
    T("ablehnen", "Nicht weiterverfolgt", "Not pursued", "pruefung", "abgelehnt"),
    T(
        "beirat",
        "Beratung im Migrationsbeirat",
        "Discussed by the migration advisory council",
        "pruefung",
        "beirat",
        "migrationsbeirat",
        True,
    ),
    T(
        "ausschuss",
        "Empfehlung des Integrationsausschusses",
        "Recommended by the integration committee",
        "beirat",
        "empfohlen",
        "integrationsausschuss",
        True,
    ),
    T(
        "zurueckstellen",
        "Zurückgestellt vom Integrationsausschuss",
        "Deferred by the integration committee",
        "beirat",
        "zurueckgestellt",
        "integrationsausschuss",
        True,
    ),
    T(
        "beschluss",
        "Beschluss des Gemeinderats",
        "Adopted by the municipal council",
        "empfohlen",
        "beschlossen",
        "gemeinderat",
        True,
    ),
    T(
        "ablehnung",
        "Ablehnung durch den Gemeinderat",
        "Rejected by the municipal council",
        "empfohlen",
        "abgelehnt",
        "gemeinderat",
        True,
    ),
    T("start", "Umsetzung beginnt", "Carrying out begins", "beschlossen", "umsetzung"),
    T("abschluss", "Abgeschlossen", "Completed", "umsetzung", "abgeschlossen"),
    T("wiederaufnahme", "Wieder aufgenommen", "Taken up again", "zurueckgestellt", "pruefung"),
]

# (key, title, English title, field, goals, department in charge, further departments,
#  proposer, money a year, weight, indicators, reports, progress, status)
MANNHEIM_PROGRAMME = [
    (
        "M-01",
        "Willkommenszentrum für Neuzugewanderte",
        "Welcome centre for newcomers",
        "neuzuwanderung",
        ("S2.1",),
        "FB 33",
        ("B-IM",),
        "office",
        180000,
        "3",
        ("erstberatung",),
        "all",
        75,
        "on_track",
    ),
    (
        "M-02",
        "Kursberatung für Integrations- und Berufssprachkurse",
        "Advice on integration and job-related language courses",
        "neuzuwanderung",
        ("S2.2",),
        "FB 50",
        (),
        "office",
        60000,
        "",
        ("kursplaetze",),
        "miss_last",
        60,
        "at_risk",
    ),
    (
        "M-03",
        "Lotsinnen für Familien aus Südosteuropa",
        "Guides for families from south-east Europe",
        "neuzuwanderung",
        ("S2.1", "S3.1"),
        "FB 58",
        ("FB 40",),
        "body:migrationsbeirat",
        95000,
        "2",
        (),
        "all",
        55,
        "on_track",
    ),
    (
        "M-04",
        "Kita-Einstieg: Brücken bauen in frühe Bildung",
        "Entering childcare: bridges into early education",
        "teilhabe",
        ("S3.1",),
        "FB 40",
        ("FB 58",),
        "dept:FB 40",
        120000,
        "2",
        ("kita-u3",),
        "miss_second",
        45,
        "delayed",
    ),
    (
        "M-05",
        "Sprachförderung in Grundschulen im Ganztag",
        "Language support in all-day primary schools",
        "teilhabe",
        ("S3.1",),
        "FB 40",
        (),
        "dept:FB 40",
        140000,
        "",
        (),
        "miss_last",
        50,
        "on_track",
    ),
    (
        "M-06",
        "Schulungen zur interkulturellen Öffnung der Verwaltung",
        "Training for the intercultural opening of the administration",
        "integrationspolitik",
        ("S1.2",),
        "FB 15",
        ("B-IM",),
        "office",
        40000,
        "1",
        ("ausbildung-vielfalt",),
        "all",
        80,
        "on_track",
    ),
    (
        "M-07",
        "Jährlicher Integrationsbericht aller Dienststellen",
        "Yearly integration report of every department",
        "integrationspolitik",
        ("S1.1",),
        "B-IM",
        ("FB 15",),
        "office",
        15000,
        "",
        (),
        "all",
        90,
        "on_track",
    ),
    (
        "M-08",
        "Anlaufstelle gegen Diskriminierung in den Stadtteilen",
        "Contact points against discrimination in the districts",
        "zusammenleben",
        ("S4.1",),
        "B-IM",
        ("FB 50",),
        "body:migrationsbeirat",
        70000,
        "2",
        ("antidis-faelle",),
        "all",
        65,
        "at_risk",
    ),
    (
        "M-09",
        "Interreligiöse Dialogreihe in allen Stadtbezirken",
        "Interreligious dialogue series in every district",
        "zusammenleben",
        ("S4.2",),
        "B-IM",
        (),
        "org:",
        25000,
        "",
        (),
        "all",
        70,
        "on_track",
    ),
    (
        "M-10",
        "Mentoring für Beschäftigte mit Migrationsgeschichte",
        "Mentoring for employees with a history of migration",
        "integrationspolitik",
        ("S1.2",),
        "FB 15",
        (),
        "office",
        20000,
        "",
        (),
        "all",
        100,
        "done",
    ),
    (
        "M-11",
        "Gesundheitslotsen in mehreren Sprachen",
        "Health guides in several languages",
        "teilhabe",
        ("S3.2", "S2.1"),
        "FB 58",
        ("FB 50",),
        "org:",
        55000,
        "",
        (),
        "all",
        60,
        "on_track",
    ),
]


def mannheim_plan(anchor: date) -> Plan:
    year = anchor.year
    day = anchor.__add__
    programme = "Maßnahmenprogramm Integration"
    measures: list[MP] = []
    for (
        key,
        de,
        en,
        field_key,
        goals,
        lead,
        shared,
        proposer,
        money,
        weight,
        indicators,
        reports,
        progress,
        status,
    ) in MANNHEIM_PROGRAMME:
        steps = [
            Step("pruefen", day(timedelta(days=-480))),
            Step("beirat", day(timedelta(days=-448)), "meeting:mb"),
            Step("ausschuss", day(timedelta(days=-434)), "meeting:ia"),
            Step(
                "beschluss",
                day(timedelta(days=-420)),
                "meeting:gr",
                "Der Gemeinderat hat die Maßnahme in das Maßnahmenprogramm aufgenommen.",
                True,
            ),
            Step("start", day(timedelta(days=-400))),
        ]
        if status == "done":
            steps.append(Step("abschluss", day(timedelta(days=-20))))
        measures.append(
            MP(
                key=key,
                de=de,
                en=en,
                fields=(field_key,),
                goals=goals,
                lead=lead,
                shared=shared,
                proposer=proposer,
                proposed=day(timedelta(days=-500)),
                steps=tuple(steps),
                start=day(timedelta(days=-400)),
                end=date(year + 2, 12, 31),
                budget=dict.fromkeys(range(year - 1, year + 3), money),
                weight=weight or None,
                indicators=indicators,
                reports=reports,
                progress=progress,
                status=status,
                partners=2 if proposer == "org:" else 1,
                target_groups="Neuzugewanderte; Familien"
                if field_key == "neuzuwanderung"
                else "Kinder und Eltern"
                if field_key == "teilhabe"
                else "alle Mannheimerinnen und Mannheimer",
            )
        )

    def item(body: str, name: str) -> str:
        return f"item:{body}:{name}"

    foerder = "Förderrichtlinie für Migrantenorganisationen"
    measures += [
        MP(
            "M-12",
            "Förderprogramm für Migrantenorganisationen",
            "Funding programme for migrant organisations",
            ("teilhabe",),
            ("S3.2",),
            "B-IM",
            "body:migrationsbeirat",
            day(timedelta(days=-200)),
            steps=(
                Step("pruefen", day(timedelta(days=-190))),
                Step("beirat", day(timedelta(days=-175)), item("migrationsbeirat", foerder)),
                Step("ausschuss", day(timedelta(days=-98)), item("integrationsausschuss", foerder)),
                Step(
                    "beschluss",
                    day(timedelta(days=-70)),
                    item("gemeinderat", foerder),
                    "Der Gemeinderat hat die Förderrichtlinie beschlossen; die Maßnahme ist in "
                    "das Programm aufgenommen.",
                    True,
                ),
                Step("start", day(timedelta(days=-60))),
            ),
            shared=("FB 50",),
            start=day(timedelta(days=-60)),
            budget={year: 150000, year + 1: 150000},
            reports="all",
            progress=15,
            partners=3,
        ),
        MP(
            "M-13",
            "Mehrsprachige Informationen zur Kommunalwahl",
            "Multilingual information on the local elections",
            ("integrationspolitik",),
            ("S1.1",),
            "FB 33",
            "body:migrationsbeirat",
            day(timedelta(days=-320)),
            steps=(
                Step("pruefen", day(timedelta(days=-310))),
                Step(
                    "beirat",
                    day(timedelta(days=-301)),
                    item("migrationsbeirat", "Mehrsprachige Informationen zur Kommunalwahl"),
                ),
                Step(
                    "ausschuss",
                    day(timedelta(days=-280)),
                    item("integrationsausschuss", "Mehrsprachige Informationen zur Kommunalwahl"),
                ),
            ),
            budget={year + 1: 30000},
            reports="none",
        ),
        MP(
            "M-14",
            "Unabhängige Antidiskriminierungsberatung",
            "Independent anti-discrimination counselling",
            ("zusammenleben",),
            ("S4.1",),
            "B-IM",
            "office",
            day(timedelta(days=-30)),
            steps=(Step("pruefen", day(timedelta(days=-20))),),
            budget={year + 1: 210000, year + 2: 210000},
            reports="none",
        ),
        MP(
            "M-15",
            "Sprachcafés in Stadtteilbibliotheken",
            "Language cafés in district libraries",
            ("neuzuwanderung",),
            ("S2.2",),
            "",
            "org:",
            day(timedelta(days=-9)),
            reports="none",
            description="Vorschlag eines Vereins: offene Sprachcafés an zwei Abenden je Woche.",
        ),
        MP(
            "M-16",
            "Hausaufgabenhilfe in Gemeinschaftsunterkünften",
            "Homework help in shared accommodation",
            ("teilhabe",),
            ("S3.1",),
            "FB 40",
            "dept:FB 40",
            day(timedelta(days=-5)),
            reports="none",
        ),
        MP(
            "M-17",
            "Eigene Integrationsbeauftragte in jedem Stadtbezirk",
            "An integration officer of its own in every district",
            ("integrationspolitik",),
            ("S1.1",),
            "",
            "org:",
            day(timedelta(days=-250)),
            steps=(
                Step("pruefen", day(timedelta(days=-240))),
                Step(
                    "ablehnen",
                    day(timedelta(days=-230)),
                    "",
                    "Vielen Dank für den Vorschlag. Die Bezirke werden durch die "
                    "Stadtteilkoordination erreicht; eigene Beauftragte sind nicht vorgesehen.",
                    True,
                ),
            ),
            reports="none",
        ),
    ]
    gr, ia, mb = (day(timedelta(days=d)) for d in (-420, -434, -448))
    meetings = [
        Meeting(
            "mb",
            "migrationsbeirat",
            mb,
            f"{programme} {gr.year}",
            "programm",
            "recommended",
            "Der Migrationsbeirat empfiehlt das Maßnahmenprogramm.",
        ),
        Meeting(
            "ia",
            "integrationsausschuss",
            ia,
            f"{programme} {gr.year}",
            "programm",
            "recommended",
            "Der Ausschuss empfiehlt dem Gemeinderat, das Programm zu beschließen.",
        ),
        Meeting(
            "gr",
            "gemeinderat",
            gr,
            f"{programme} {gr.year}",
            "programm",
            "adopted",
            "Der Gemeinderat beschließt das Maßnahmenprogramm Integration.",
        ),
    ]
    first = gr + timedelta(days=3)
    second = day(timedelta(days=-67))
    return Plan(
        states=MANNHEIM_STATES,
        transitions=MANNHEIM_TRANSITIONS,
        measures=measures,
        editions=[
            Edition(
                first.year, first, f"{programme} {first.year}, Stand {first.strftime('%d.%m.%Y')}"
            ),
            Edition(
                second.year,
                second,
                f"{programme} {second.year}, Stand {second.strftime('%d.%m.%Y')}",
            ),
        ],
        meetings=meetings,
        papers=[
            ("programm", f"V {mb.year}/071", f"{programme} {gr.year}", mb - timedelta(days=20))
        ],
        interval="quarterly",
    )


PLANS = {"mannheim": mannheim_plan, "bamberg": bamberg_plan}
