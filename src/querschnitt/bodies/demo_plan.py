"""What the demo's bodies, members, meetings and papers are (`demo.py` loads them).

Built from the seed texts and `reference/domain.md` section 3: Mannheim's Integrationsausschuss
(12 councillors + 11 members of the Migrationsbeirat, who vote there) and Migrationsbeirat (20
members for 5 years, gender-balanced, appointed by the council), the MigrationsFORUM and the
Gemeinderat; Bamberg's Migranten- und Integrationsbeirat (elected for 6 years, seats by
nationality group as allocated in 2024), the Lenkungsgruppe, the Beratungs- und
Entscheidungsgremium and the Stadtrat. Every person is fictional. Dates count from the Monday
of the current week, so the demo always has a year behind it and meetings ahead.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class P:
    """A person."""

    key: str
    given: str
    family: str
    gender: str
    title: str = ""
    status: str = ""
    address: str = ""  # "Frau", "Herr"
    user_email: str = ""


@dataclass(frozen=True)
class Seat:
    person: str
    role: str = "member"
    seat_group: str = ""
    group: str = ""
    voting: bool = True


@dataclass(frozen=True)
class B:
    """A body."""

    key: str
    name: str
    slug: str
    kind: str
    purpose_de: str
    purpose_en: str
    short_name: str = ""
    is_public: bool = True
    legal_basis: str = ""
    composition_rule: str = ""
    term_years: int | None = None
    gender_balanced: bool = False
    records_individual_votes: bool = False
    department: str = ""
    location: str = ""
    seat_groups: tuple[tuple[str, int, bool, str], ...] = ()
    seats: tuple[Seat, ...] = ()
    # (name, first day, last day) of the body's own term; else the municipality's term
    term: tuple[str, date, date] | None = None


@dataclass(frozen=True)
class Item:
    name: str
    public: bool = True
    paper: str = ""
    role: str = ""  # the consultation's role, when a paper is on the item
    result: str = ""
    resolution: str = ""
    votes: tuple[int, int, int] | None = None
    to_carry_out: bool = False
    responsible: str = ""
    due_days: int = 0
    personal_votes: bool = False


@dataclass(frozen=True)
class M:
    """A meeting: `day` counts from the anchor, negative in the past."""

    body: str
    day: int
    hour: int
    items: tuple[Item, ...]
    location: str = ""
    published: bool = True
    invited: bool = False
    minutes: bool = True
    name: str = ""


@dataclass(frozen=True)
class Paper:
    key: str
    reference: str
    name: str
    paper_type: str
    day: int
    text: tuple[str, ...]
    public: bool = True
    department: str = ""
    by_persons: tuple[str, ...] = ()
    by_bodies: tuple[str, ...] = ()
    annexes: tuple[tuple[str, bool, tuple[str, ...]], ...] = ()
    # steps without a meeting yet: (body, role, decides)
    planned: tuple[tuple[str, str, bool], ...] = ()
    publish: bool = False


@dataclass(frozen=True)
class L:
    key: str
    description: str
    room: str
    street: str
    postal_code: str
    sub_locality: str
    locality: str
    latitude: float
    longitude: float
    step_free: bool | None
    accessible_toilet: bool | None
    hearing_loop: bool | None
    note: str


@dataclass
class Plan:
    locations: list[L]
    persons: list[P]
    bodies: list[B]
    papers: list[Paper]
    meetings: list[M]
    # the municipality's own terms (for bodies without terms of their own)
    terms: list[tuple[str, date, date]] = field(default_factory=list)


WELCOME = Item("Eröffnung, Begrüßung und Feststellung der Beschlussfähigkeit")
OTHER = Item("Verschiedenes")


def _year(anchor: date, offset: int = 0) -> int:
    return anchor.year + offset


# --- Mannheim ---------------------------------------------------------------------------------

MANNHEIM_COUNCILLORS = [
    ("ma-c1", "Helga", "Brenner", "female", "Neckarliste"),
    ("ma-c2", "Jörg", "Keller", "male", "Neckarliste"),
    ("ma-c3", "Sabine", "Wolff", "female", "Quadrateliste"),
    ("ma-c4", "Tobias", "Hahn", "male", "Quadrateliste"),
    ("ma-c5", "Ayşe", "Demirci", "female", "Rheinfraktion"),
    ("ma-c6", "Markus", "Lindner", "male", "Rheinfraktion"),
    ("ma-c7", "Claudia", "Roth-Weber", "female", "Freie Liste"),
    ("ma-c8", "Stefan", "Vogt", "male", "Freie Liste"),
    ("ma-c9", "Nadine", "Schröder", "female", "Liste Vielfalt"),
    ("ma-c10", "Dimitrios", "Papadakis", "male", "Liste Vielfalt"),
    ("ma-c11", "Katrin", "Maurer", "female", "Neckarliste"),
    ("ma-c12", "Oliver", "Scholz", "male", "Quadrateliste"),
]
MANNHEIM_ADVISORY = [
    # key, given, family, gender; the first eleven also sit on the Integrationsausschuss
    ("ma-b1", "Leyla", "Aksoy", "female"),
    ("ma-b2", "Mehmet", "Yıldız", "male"),
    ("ma-b3", "Olena", "Kovalenko", "female"),
    ("ma-b4", "Adebayo", "Okafor", "male"),
    ("ma-b5", "Mariana", "Popescu", "female"),
    ("ma-b6", "Giorgos", "Nikolaidis", "male"),
    ("ma-b7", "Fatima", "El Idrissi", "female"),
    ("ma-b8", "Kamil", "Nowak", "male"),
    ("ma-b9", "Ana", "Silva Ferreira", "female"),
    ("ma-b10", "Tran", "Van Long", "male"),
    ("ma-b11", "Zehra", "Kaya", "female"),
    ("ma-b12", "Ivan", "Petrov", "male"),
    ("ma-b13", "Sofia", "Rossi", "female"),
    ("ma-b14", "Bilal", "Haddad", "male"),
    ("ma-b15", "Agnieszka", "Wiśniewska", "female"),
    ("ma-b16", "Emre", "Çelik", "male"),
    ("ma-b17", "Amina", "Hassan", "female"),
    ("ma-b18", "Lukas", "Horvat", "male"),
]


def mannheim(anchor: date) -> Plan:
    council_start = date(_year(anchor, -2), 7, 1)
    council_term = (
        f"Gemeinderat {council_start.year}–{council_start.year + 5}",
        council_start,
        date(council_start.year + 5, 6, 30),
    )
    previous_term = (
        f"Gemeinderat {council_start.year - 5}–{council_start.year}",
        date(council_start.year - 5, 7, 1),
        date(council_start.year, 6, 30),
    )
    advisory_start = date(_year(anchor, -1), 3, 1)
    advisory_term = (
        f"Migrationsbeirat {advisory_start.year}–{advisory_start.year + 5}",
        advisory_start,
        date(advisory_start.year + 5, 2, 28),
    )
    y = anchor.year
    persons = [
        P("ma-chair", "Ruth", "Sommer", "female", "Dr.", "Bürgermeisterin", "Frau"),
        P(
            "ma-gremium",
            "Gül",
            "Gremium",
            "female",
            "",
            "Mitglied des Migrationsbeirats",
            "Frau",
            "gremium@mannheim.example",
        ),
        *[
            P(
                k,
                g,
                f,
                s,
                status="Stadträtin" if s == "female" else "Stadtrat",
                address="Frau" if s == "female" else "Herr",
            )
            for k, g, f, s, _group in MANNHEIM_COUNCILLORS
        ],
        *[
            P(k, g, f, s, address="Frau" if s == "female" else "Herr")
            for k, g, f, s in MANNHEIM_ADVISORY
        ],
    ]
    committee_seats = (
        Seat("ma-chair", "chair", voting=True),
        *[
            Seat(k, "member", "Mitglieder des Gemeinderats", group)
            for k, _g, _f, _s, group in MANNHEIM_COUNCILLORS
        ],
        *[
            Seat(k, "member", "Mitglieder des Migrationsbeirats")
            for k, *_rest in MANNHEIM_ADVISORY[:11]
        ],
    )
    advisory_seats = (
        Seat("ma-b1", "chair", "Mitglieder"),
        Seat("ma-b2", "deputy_chair", "Mitglieder"),
        Seat("ma-gremium", "member", "Mitglieder"),
        *[Seat(k, "member", "Mitglieder") for k, *_rest in MANNHEIM_ADVISORY[2:]],
    )
    bodies = [
        B(
            "ia",
            "Integrationsausschuss",
            "integrationsausschuss",
            "committee",
            "Beratender Ausschuss des Gemeinderats für Integration und Migration. Er berät die "
            "Vorlagen vor, über die der Gemeinderat entscheidet. Die Geschäftsführung liegt beim "
            "Beauftragten für Integration und Migration.",
            "Advisory committee of the city council on integration and migration. It deliberates "
            "on the papers before the council decides. The Commissioner for Integration and "
            "Migration runs its business.",
            legal_basis="§ 41 GemO Baden-Württemberg (beratender Ausschuss); Hauptsatzung",
            composition_rule="12 Mitglieder des Gemeinderats und 11 Mitglieder des "
            "Migrationsbeirats; die Mitglieder des Migrationsbeirats sind stimmberechtigt. "
            "Vorsitz: Bürgermeisterin.",
            department="Beauftragter für Integration und Migration",
            location="n1",
            seat_groups=(
                ("Mitglieder des Gemeinderats", 12, True, "vom Gemeinderat entsandt"),
                ("Mitglieder des Migrationsbeirats", 11, True, "vom Migrationsbeirat entsandt"),
            ),
            seats=committee_seats,
        ),
        B(
            "mb",
            "Migrationsbeirat",
            "migrationsbeirat",
            "advisory_council",
            "Der Migrationsbeirat vertritt die Interessen der Mannheimerinnen und Mannheimer mit "
            "Migrationsgeschichte. Er hat seit 2018 Rede-, Anhörungs- und Antragsrecht im "
            "Gemeinderat, aber kein Stimmrecht, und entsendet sachkundige Einwohnerinnen und "
            "Einwohner in neun Ausschüsse.",
            "The advisory council on migration represents the people of Mannheim with a history "
            "of migration. Since 2018 it may speak, be heard and table motions in the council, "
            "without a vote, and it sends expert residents into nine committees.",
            legal_basis="Satzung über den Migrationsbeirat der Stadt Mannheim",
            composition_rule="20 Mitglieder, vom Gemeinderat für 5 Jahre bestellt, von einer "
            "Auswahlkommission vorgeschlagen (seit 2010 nicht mehr gewählt), "
            "geschlechterparitätisch.",
            term_years=5,
            gender_balanced=True,
            records_individual_votes=True,
            department="Beauftragter für Integration und Migration",
            location="e5",
            seat_groups=(("Mitglieder", 20, True, "vom Gemeinderat bestellt"),),
            seats=advisory_seats,
            term=advisory_term,
        ),
        B(
            "forum",
            "MigrationsFORUM",
            "migrationsforum",
            "forum",
            "Offenes Forum für migrantische Organisationen, Initiativen und alle Interessierten; "
            "koordiniert vom Beauftragten für Integration und Migration.",
            "An open forum for migrant organisations, initiatives and everyone interested; "
            "coordinated by the Commissioner for Integration and Migration.",
            department="Beauftragter für Integration und Migration",
            location="feuerwache",
        ),
        B(
            "gr",
            "Gemeinderat",
            "gemeinderat",
            "council",
            "Hauptorgan der Stadt. Er entscheidet über die Vorlagen, die der "
            "Integrationsausschuss vorberät. Seine Mitglieder führt das Ratsinformationssystem "
            "der Stadt.",
            "The city's main body. It decides on the papers that the integration committee "
            "deliberates on first. Its members are kept in the city's council information system.",
            composition_rule="48 Stadträtinnen und Stadträte, Vorsitz: Oberbürgermeister",
            location="n1",
        ),
    ]
    papers = [
        Paper(
            "foerder",
            f"V {y}/031",
            "Förderrichtlinie für Migrantenorganisationen",
            "submission",
            -190,
            (
                "Die Verwaltung schlägt eine Förderrichtlinie vor, mit der Migrantenorganisationen "
                "Zuschüsse für Projekte der Teilhabe und des Zusammenlebens beantragen können.",
                "Gefördert werden Sprachcafés, Elternarbeit, Begegnungsfeste und die "
                "Qualifizierung ehrenamtlicher Vereinsvorstände. Der Zuschuss beträgt bis zu "
                "5.000 Euro je Projekt und Jahr.",
                "Der Migrationsbeirat wird angehört; der Integrationsausschuss berät vor, der "
                "Gemeinderat entscheidet.",
            ),
            department="Beauftragter für Integration und Migration",
            annexes=(
                (
                    "Anlage 1: Förderkriterien",
                    True,
                    (
                        "Antragsberechtigt sind gemeinnützige Vereine mit Sitz in Mannheim.",
                        "Vorrang haben Projekte in Stadtteilen mit hohem Anteil Neuzugewanderter.",
                    ),
                ),
            ),
        ),
        Paper(
            "suedost",
            f"M {y}/012",
            f"Bericht zur Neuzuwanderung aus Südosteuropa {y - 1}",
            "communication",
            -250,
            (
                "Der Bericht beschreibt die Zuwanderung aus Bulgarien und Rumänien im vergangenen "
                "Jahr, die Wohnsituation in der Neckarstadt-West und die Angebote der "
                "Erstorientierung.",
                "Die Zahl der Beratungskontakte in der Anlaufstelle stieg um ein Fünftel; "
                "Schwerpunkte waren Schulanmeldung, Krankenversicherung und Arbeitsverträge.",
            ),
            department="Beauftragter für Integration und Migration",
        ),
        Paper(
            "wahl",
            f"A {y}/007",
            "Mehrsprachige Informationen zur Kommunalwahl",
            "motion",
            -310,
            (
                "Der Migrationsbeirat beantragt, die Informationen zur Kommunalwahl in leichter "
                "Sprache und in den zehn häufigsten Herkunftssprachen zu veröffentlichen.",
                "Unionsbürgerinnen und Unionsbürger sind bei Kommunalwahlen wahlberechtigt, "
                "kennen dieses Recht aber oft nicht.",
            ),
            by_bodies=("mb",),
            planned=(("gr", "decision", True),),
        ),
        Paper(
            "kurse",
            f"I {y}/019",
            "Wartezeiten bei Integrationskursen",
            "inquiry",
            -40,
            (
                "Wie lange warten Zugewanderte in Mannheim derzeit auf einen Platz im "
                "Integrationskurs, und welche Träger bieten Kurse mit Kinderbetreuung an?",
                "Antwort der Verwaltung: Die Wartezeit beträgt im Mittel sieben Wochen; vier "
                "Träger bieten Kurse mit Kinderbetreuung an.",
            ),
            by_persons=("ma-c5",),
        ),
        Paper(
            "aktionstage",
            f"M {y}/044",
            f"einander.Aktionstage {y}: Bilanz und Ausblick",
            "communication",
            -60,
            (
                "Vom 27. September bis 27. Oktober fanden 75 Veranstaltungen des Mannheimer "
                "Bündnisses für ein Zusammenleben in Vielfalt statt.",
                "Im kommenden Jahr sollen mehr Schulen und Sportvereine mitwirken.",
            ),
            department="Beauftragter für Integration und Migration",
        ),
        Paper(
            "haerte",
            f"V {y}/052",
            "Zuschüsse aus dem Härtefallfonds",
            "submission",
            -20,
            ("Einzelfallentscheidungen über Zuschüsse aus dem Härtefallfonds für Sprachkurse.",),
            public=False,
            department="Beauftragter für Integration und Migration",
        ),
        Paper(
            "antidis",
            f"V {y}/060",
            "Konzept Antidiskriminierungsberatung",
            "submission",
            2,
            (
                "Die Verwaltung legt ein Konzept für eine unabhängige Antidiskriminierungsberatung "
                "vor, die Betroffene berät und Fälle dokumentiert.",
                "Die Beratung soll mehrsprachig und in zwei Stadtteilbüros erreichbar sein.",
            ),
            department="Beauftragter für Integration und Migration",
            planned=(("gr", "decision", True),),
        ),
        Paper(
            "jahresbericht",
            f"M {y}/038",
            "Jahresbericht des Migrationsbeirats",
            "communication",
            -120,
            (
                "Der Migrationsbeirat berichtet über seine Sitzungen, Stellungnahmen und Projekte "
                "des vergangenen Jahres, darunter die Mitwirkung an der Förderrichtlinie.",
            ),
            by_bodies=("mb",),
        ),
    ]
    meetings = [
        M(
            "mb",
            -301,
            18,
            (
                WELCOME,
                Item(
                    "Antrag: Mehrsprachige Informationen zur Kommunalwahl",
                    paper="wahl",
                    role="decision",
                    result="adopted",
                    resolution="Der Migrationsbeirat beschließt den Antrag und legt "
                    "ihn dem Gemeinderat vor.",
                    votes=(15, 0, 1),
                    personal_votes=True,
                ),
                OTHER,
            ),
        ),
        M(
            "ia",
            -280,
            16,
            (
                WELCOME,
                Item(
                    "Mehrsprachige Informationen zur Kommunalwahl",
                    paper="wahl",
                    role="preliminary",
                    result="recommended",
                    resolution="Der Integrationsausschuss empfiehlt dem Gemeinderat, "
                    "dem Antrag zuzustimmen.",
                    votes=(19, 2, 1),
                ),
                OTHER,
            ),
        ),
        M(
            "mb",
            -238,
            18,
            (
                WELCOME,
                Item(
                    "Bericht zur Neuzuwanderung aus Südosteuropa",
                    paper="suedost",
                    role="noting",
                    result="noted",
                ),
                Item(
                    "Nachbesetzung eines Sitzes",
                    public=False,
                    result="adopted",
                    resolution="Der Beirat schlägt dem Gemeinderat eine Nachfolgerin vor.",
                    votes=(16, 0, 0),
                ),
                OTHER,
            ),
        ),
        M(
            "ia",
            -189,
            16,
            (
                WELCOME,
                Item(
                    "Bericht zur Neuzuwanderung aus Südosteuropa",
                    paper="suedost",
                    role="noting",
                    result="noted",
                ),
                OTHER,
            ),
        ),
        M(
            "mb",
            -175,
            18,
            (
                WELCOME,
                Item(
                    "Förderrichtlinie für Migrantenorganisationen",
                    paper="foerder",
                    role="hearing",
                    result="recommended",
                    resolution="Der Migrationsbeirat empfiehlt die Richtlinie mit der "
                    "Bitte, Sprachcafés ausdrücklich zu fördern.",
                    votes=(14, 1, 2),
                    personal_votes=True,
                ),
                OTHER,
            ),
        ),
        M(
            "forum",
            -150,
            17,
            (
                Item("Begrüßung"),
                Item("Vorstellung der Förderrichtlinie für Migrantenorganisationen"),
                Item("Austausch in Arbeitsgruppen: Elternarbeit, Sport, Sprache"),
            ),
            minutes=True,
            name="MigrationsFORUM im Frühjahr",
        ),
        M(
            "mb",
            -112,
            18,
            (
                WELCOME,
                Item(
                    "Jahresbericht des Migrationsbeirats",
                    paper="jahresbericht",
                    role="noting",
                    result="noted",
                ),
                OTHER,
            ),
        ),
        M(
            "ia",
            -98,
            16,
            (
                WELCOME,
                Item(
                    "Förderrichtlinie für Migrantenorganisationen",
                    paper="foerder",
                    role="preliminary",
                    result="recommended",
                    resolution="Der Integrationsausschuss empfiehlt dem Gemeinderat, "
                    "die Förderrichtlinie zu beschließen.",
                    votes=(20, 1, 2),
                ),
                OTHER,
            ),
        ),
        M(
            "gr",
            -70,
            15,
            (
                Item(
                    "Förderrichtlinie für Migrantenorganisationen",
                    paper="foerder",
                    role="decision",
                    result="adopted",
                    resolution="Der Gemeinderat beschließt die Förderrichtlinie für "
                    "Migrantenorganisationen. Die Verwaltung wird beauftragt, sie "
                    "zum 1. Januar in Kraft zu setzen und die Vereine zu informieren.",
                    votes=(38, 6, 3),
                    to_carry_out=True,
                    responsible="Beauftragter für Integration und Migration",
                    due_days=60,
                ),
            ),
            name="Sitzung des Gemeinderats",
        ),
        M(
            "mb",
            -49,
            18,
            (
                WELCOME,
                Item(
                    "einander.Aktionstage: Bilanz",
                    paper="aktionstage",
                    role="noting",
                    result="noted",
                ),
                OTHER,
            ),
        ),
        M(
            "ia",
            -7,
            16,
            (
                WELCOME,
                Item(
                    "Anfrage: Wartezeiten bei Integrationskursen",
                    paper="kurse",
                    role="noting",
                    result="noted",
                ),
                Item(
                    "einander.Aktionstage: Bilanz und Ausblick",
                    paper="aktionstage",
                    role="noting",
                    result="noted",
                ),
                Item(
                    "Zuschüsse aus dem Härtefallfonds",
                    public=False,
                    paper="haerte",
                    role="decision",
                    result="adopted",
                    resolution="Der Ausschuss bewilligt die vorgeschlagenen Zuschüsse.",
                    votes=(21, 0, 0),
                    to_carry_out=True,
                    responsible="Beauftragter für Integration und Migration",
                    due_days=21,
                ),
                OTHER,
            ),
            minutes=False,
        ),
        M(
            "mb",
            16,
            18,
            (
                WELCOME,
                Item("Konzept Antidiskriminierungsberatung", paper="antidis", role="hearing"),
                Item("Nachbesetzung eines Sitzes", public=False),
                OTHER,
            ),
            invited=True,
        ),
        M(
            "ia",
            23,
            16,
            (
                WELCOME,
                Item("Konzept Antidiskriminierungsberatung", paper="antidis", role="preliminary"),
                OTHER,
            ),
            invited=True,
        ),
        M(
            "gr",
            30,
            15,
            (Item("Mehrsprachige Informationen zur Kommunalwahl", paper="wahl"),),
            name="Sitzung des Gemeinderats",
        ),
        M(
            "forum",
            44,
            17,
            (
                Item("Begrüßung"),
                Item("Antidiskriminierungsberatung: Ihre Erfahrungen"),
            ),
            name="MigrationsFORUM im Winter",
        ),
        M("mb", 79, 18, (WELCOME, OTHER), published=False),
    ]
    return Plan(
        locations=[
            L(
                "n1",
                "Stadthaus N 1",
                "Ratssaal",
                "N 1",
                "68161",
                "Innenstadt",
                "Mannheim",
                49.487459,
                8.466039,
                True,
                True,
                True,
                "Eingang N 1 ebenerdig, Aufzug zum Ratssaal, Induktionsschleife im Saal.",
            ),
            L(
                "e5",
                "Rathaus E 5",
                "Sitzungssaal 2",
                "E 5",
                "68159",
                "Innenstadt",
                "Mannheim",
                49.486780,
                8.462510,
                True,
                True,
                None,
                "Rampe am Seiteneingang E 5, 16; Aufzug im Innenhof.",
            ),
            L(
                "feuerwache",
                "Alte Feuerwache",
                "Saal",
                "Brückenstraße 2",
                "68167",
                "Neckarstadt-West",
                "Mannheim",
                49.494840,
                8.469480,
                True,
                True,
                None,
                "Saal im Erdgeschoss, stufenlos erreichbar.",
            ),
        ],
        persons=persons,
        bodies=bodies,
        papers=papers,
        meetings=meetings,
        terms=[previous_term, council_term],
    )


# --- Bamberg ----------------------------------------------------------------------------------

BAMBERG_SEATS = [
    # nationality group (as the municipality names it), seats, members (given, family, gender)
    (
        "Syrien",
        3,
        [
            ("Rami", "Haddad", "male"),
            ("Nour", "Al-Khatib", "female"),
            ("Yousef", "Darwish", "male"),
        ],
    ),
    ("Russland", 2, [("Tatjana", "Wolkowa", "female"), ("Sergej", "Iwanow", "male")]),
    ("Türkei", 2, [("Gül", "Gremium", "female"), ("Murat", "Aydın", "male")]),
    ("Ukraine", 2, [("Oksana", "Bondarenko", "female"), ("Taras", "Melnyk", "male")]),
    ("Afghanistan", 1, [("Farid", "Noori", "male")]),
    ("Albanien", 1, [("Elira", "Hoxha", "female")]),
    ("China", 1, [("Li", "Mei", "female")]),
    ("Georgien", 1, [("Giorgi", "Beridze", "male")]),
    ("Griechenland", 1, [("Eleni", "Papadopoulou", "female")]),
    ("Indien", 1, [("Arjun", "Mehta", "male")]),
    ("Iran", 1, [("Shirin", "Rahimi", "female")]),
    ("Italien", 1, [("Marco", "Bianchi", "male")]),
    ("Kosovo", 1, [("Arben", "Krasniqi", "male")]),
    ("Marokko", 1, [("Samira", "Benali", "female")]),
    ("Polen", 1, [("Katarzyna", "Zielińska", "female")]),
    ("Rumänien", 1, [("Andrei", "Ionescu", "male")]),
    ("Spanien", 1, [("Lucía", "Martínez", "female")]),
    ("Tunesien", 1, [("Karim", "Trabelsi", "male")]),
    ("Ungarn", 1, []),  # the seat became vacant; a by-election is under way
    ("USA", 1, [("Emily", "Carter", "female")]),
]


def bamberg(anchor: date) -> Plan:
    term_start = date(_year(anchor, -2), 5, 1)
    mib_term = (
        f"Migranten- und Integrationsbeirat {term_start.year}–{term_start.year + 6}",
        term_start,
        date(term_start.year + 6, 4, 30),
    )
    city_term = (
        f"Stadtrat {term_start.year}–{term_start.year + 6}",
        term_start,
        date(term_start.year + 6, 4, 30),
    )
    y = anchor.year
    persons: list[P] = []
    mib_seats: list[Seat] = []
    for group, _seats, members in BAMBERG_SEATS:
        for given, family, gender in members:
            key = f"ba-{family.lower()}"
            email = "gremium@bamberg.example" if family == "Gremium" else ""
            persons.append(
                P(
                    key,
                    given,
                    family,
                    gender,
                    address="Frau" if gender == "female" else "Herr",
                    user_email=email,
                )
            )
            mib_seats.append(Seat(key, "member", group, group))
    mib_seats[0] = Seat("ba-haddad", "chair", "Syrien", "Syrien")
    mib_seats[3] = Seat("ba-wolkowa", "deputy_chair", "Russland", "Russland")
    persons += [
        P("ba-ob", "Andreas", "Berger", "male", "", "Oberbürgermeister", "Herr"),
        P("ba-bm1", "Johanna", "Seidl", "female", "", "Bürgermeisterin", "Frau"),
        P("ba-bm2", "Georg", "Hofmann", "male", "Dr.", "Bürgermeister", "Herr"),
        P("ba-ref5", "Christine", "Lang", "female", "", "Sozialreferentin", "Frau"),
        P(
            "ba-ref4",
            "Matthias",
            "Rauh",
            "male",
            "",
            "Referent für Bildung, Schulen und Sport",
            "Herr",
        ),
        P("ba-ref3", "Birgit", "Endres", "female", "", "Finanzreferentin", "Frau"),
        P(
            "ba-fb",
            "Petra",
            "Kraus",
            "female",
            "",
            "Leiterin des Fachbereichs Integration, Ehrenamt und Familie",
            "Frau",
        ),
        P(
            "ba-fb2",
            "Daniel",
            "Fuchs",
            "male",
            "",
            "Fachbereich Integration, Ehrenamt und Familie",
            "Herr",
        ),
        P("ba-abh", "Sandra", "Winkler", "female", "", "Ausländerbehörde", "Frau"),
        P("ba-kultur", "Thomas", "Brandl", "male", "", "Amt für Kultur", "Herr"),
    ]
    bodies = [
        B(
            "mib",
            "Migranten- und Integrationsbeirat",
            "migranten-und-integrationsbeirat",
            "advisory_council",
            "Der Migranten- und Integrationsbeirat nimmt für alle Akteure der Integration eine "
            "wichtige beratende Rolle ein und führt darüber hinaus eigene, die Integration von "
            "Migrantinnen und Migranten fördernde Projekte durch.",
            "The advisory council of migrants and integration advises all actors of integration "
            "and runs projects of its own that further the integration of migrants.",
            short_name="MIB",
            legal_basis="Satzung für den Migranten- und Integrationsbeirat der Stadt Bamberg",
            composition_rule="Seit 1994 in Briefwahl für sechs Jahre gewählt; bis zu 30 Sitze, "
            "verteilt nach der Größe der Nationalitätengruppen (Verteilung 2024).",
            term_years=6,
            records_individual_votes=True,
            department="Fachbereich Integration, Ehrenamt und Familie",
            location="rathaus",
            seat_groups=tuple(
                (group, seats, True, "in Briefwahl gewählt")
                for group, seats, _members in BAMBERG_SEATS
            ),
            seats=tuple(mib_seats),
            term=mib_term,
        ),
        B(
            "lg",
            "Lenkungsgruppe Integration",
            "lenkungsgruppe",
            "steering_group",
            "Steuert die kommunale Integrationsförderung und entwickelt den Maßnahmenkatalog "
            "für das Folgejahr. Tagt nicht öffentlich.",
            "Steers the municipal integration work and drafts the next year's catalogue of "
            "measures. Meets in private.",
            is_public=False,
            composition_rule="Leitung des Fachbereichs Integration, Ehrenamt und Familie, "
            "Vertretungen der Referate und Ämter, zwei Mitglieder des MIB.",
            department="Fachbereich Integration, Ehrenamt und Familie",
            location="zob",
            seats=(
                Seat("ba-fb", "chair"),
                Seat("ba-fb2"),
                Seat("ba-abh"),
                Seat("ba-kultur"),
                Seat("ba-ref4"),
                Seat("ba-haddad", group="MIB"),
                Seat("ba-wolkowa", group="MIB"),
            ),
        ),
        B(
            "beg",
            "Beratungs- und Entscheidungsgremium",
            "beratungs-und-entscheidungsgremium",
            "decision_body",
            "Oberbürgermeister, Bürgermeister und Referenten der Stadt Bamberg beraten den von "
            "der Lenkungsgruppe entwickelten Maßnahmenkatalog und übergeben ihn dem Stadtrat.",
            "The mayor, the deputy mayors and the heads of department discuss the catalogue of "
            "measures drafted by the steering group and hand it to the city council.",
            composition_rule="Oberbürgermeister, Bürgermeister und berufsmäßige Referentinnen "
            "und Referenten",
            department="Sozialreferat",
            location="rathaus",
            seats=(
                Seat("ba-ob", "chair"),
                Seat("ba-bm1", "deputy_chair"),
                Seat("ba-bm2"),
                Seat("ba-ref5"),
                Seat("ba-ref4"),
                Seat("ba-ref3"),
            ),
        ),
        B(
            "sr",
            "Stadtrat",
            "stadtrat",
            "council",
            "Der Stadtrat entscheidet jedes Jahr über den Maßnahmenkatalog und über die "
            "Ausrichtung der kommunalen Integrationsförderung.",
            "The city council decides every year on the catalogue of measures and on the course "
            "of the municipal integration work.",
            composition_rule="44 Stadträtinnen und Stadträte und der Oberbürgermeister",
            location="rathaus",
        ),
    ]
    papers = [
        Paper(
            "katalog",
            f"V {y}/014",
            f"Maßnahmenkatalog Integration {y + 1}",
            "submission",
            -150,
            (
                "Die Lenkungsgruppe legt den Maßnahmenkatalog für das kommende Jahr vor. Er "
                "bündelt die Vorschläge der Arbeitsgruppen zu Sprache, Bildung, Arbeit und "
                "Zusammenleben.",
                "Neu sind ein Dolmetscherpool für Elterngespräche, Sprachpatenschaften im Sport "
                "und ein Fachforum Integration im Herbst.",
                "Das Beratungs- und Entscheidungsgremium berät den Katalog; der Stadtrat "
                "entscheidet.",
            ),
            department="Fachbereich Integration, Ehrenamt und Familie",
            annexes=(
                (
                    "Anlage 1: Übersicht der Maßnahmen",
                    True,
                    (
                        "Sprachpatenschaften im Sportverein; Dolmetscherpool; Fachforum "
                        "Integration; Willkommensmappe für Neuzugewanderte.",
                    ),
                ),
                (
                    "Anlage 2: Kostenschätzung",
                    False,
                    (
                        "Vertrauliche Kostenschätzung mit Angeboten der Träger: "
                        "Honorarkalkulation Sprachmittlung.",
                    ),
                ),
            ),
        ),
        Paper(
            "pool",
            f"A {y}/022",
            "Dolmetscherpool für Elterngespräche an Schulen",
            "motion",
            -215,
            (
                "Der Migranten- und Integrationsbeirat beantragt einen Pool ehrenamtlicher und "
                "honorierter Sprachmittlerinnen und Sprachmittler für Elterngespräche an Schulen "
                "und Kindertagesstätten.",
            ),
            by_bodies=("mib",),
        ),
        Paper(
            "fachforum",
            f"M {y}/009",
            f"Fachforum Integration {y - 1}: Dokumentation",
            "communication",
            -295,
            (
                "Die Dokumentation fasst die Vorträge und Workshops des Fachforums Integration "
                "zusammen: Ehrenamt, Sprachförderung, interkulturelle Öffnung der Verwaltung.",
            ),
            department="Fachbereich Integration, Ehrenamt und Familie",
        ),
        Paper(
            "abh",
            f"I {y}/031",
            "Beratungsangebote der Ausländerbehörde in weiteren Sprachen",
            "inquiry",
            -80,
            (
                "Welche Sprachen bietet die Ausländerbehörde in der Beratung an, und ist eine "
                "Terminvergabe in leichter Sprache geplant?",
                "Antwort der Verwaltung: Beratung ist auf Deutsch, Englisch und Arabisch möglich; "
                "Informationsblätter in leichter Sprache erscheinen im Frühjahr.",
            ),
            by_persons=("ba-noori",),
        ),
        Paper(
            "schwerpunkt",
            f"V {y}/040",
            f"Schwerpunktthema {y + 1}: Sprache und Arbeit",
            "submission",
            -40,
            (
                "Die Lenkungsgruppe schlägt als Schwerpunktthema des kommenden Jahres Sprache und "
                "Arbeit vor; eine befristete Arbeitsgruppe soll Maßnahmen erarbeiten.",
            ),
            department="Fachbereich Integration, Ehrenamt und Familie",
            planned=(("sr", "decision", True),),
        ),
        Paper(
            "nachwahl",
            f"V {y}/045",
            "Nachwahl für den Sitz der Gruppe Ungarn",
            "submission",
            -20,
            ("Verfahren der Nachwahl für den frei gewordenen Sitz.",),
            public=False,
            department="Fachbereich Integration, Ehrenamt und Familie",
        ),
    ]
    meetings = [
        M(
            "mib",
            -290,
            18,
            (
                WELCOME,
                Item(
                    f"Fachforum Integration {y - 1}: Dokumentation",
                    paper="fachforum",
                    role="noting",
                    result="noted",
                ),
                OTHER,
            ),
        ),
        M(
            "mib",
            -210,
            18,
            (
                WELCOME,
                Item(
                    "Antrag: Dolmetscherpool für Elterngespräche an Schulen",
                    paper="pool",
                    role="decision",
                    result="adopted",
                    resolution="Der Beirat beschließt den Antrag und bittet den "
                    "Stadtrat, ihm zuzustimmen.",
                    votes=(19, 0, 2),
                    personal_votes=True,
                ),
                OTHER,
            ),
        ),
        M(
            "lg",
            -200,
            14,
            (
                Item(
                    f"Fachforum Integration {y - 1}: Dokumentation",
                    paper="fachforum",
                    role="noting",
                    result="noted",
                ),
                Item("Vorbereitung des Maßnahmenkatalogs"),
            ),
        ),
        M(
            "mib",
            -140,
            18,
            (
                WELCOME,
                Item(
                    f"Maßnahmenkatalog Integration {y + 1}",
                    paper="katalog",
                    role="hearing",
                    result="recommended",
                    resolution="Der Beirat empfiehlt den Katalog; der "
                    "Dolmetscherpool soll Vorrang haben.",
                    votes=(18, 1, 1),
                    personal_votes=True,
                ),
                OTHER,
            ),
        ),
        M(
            "lg",
            -120,
            14,
            (
                Item(
                    f"Maßnahmenkatalog Integration {y + 1}",
                    paper="katalog",
                    role="preliminary",
                    result="adopted",
                    resolution="Die Lenkungsgruppe verabschiedet den Entwurf.",
                ),
                Item(
                    "Einrichtung einer Arbeitsgruppe Wohnen",
                    result="adopted",
                    resolution="Eine Arbeitsgruppe Wohnen wird für ein Jahr eingerichtet.",
                    to_carry_out=True,
                    responsible="Fachbereich Integration, Ehrenamt und Familie",
                    due_days=-10,
                ),
            ),
        ),
        M(
            "beg",
            -100,
            10,
            (
                Item(
                    f"Maßnahmenkatalog Integration {y + 1}",
                    paper="katalog",
                    role="preliminary",
                    result="recommended",
                    resolution="Das Gremium übergibt den Katalog dem Stadtrat.",
                ),
                Item("Personalausstattung des Fachbereichs", public=False, result="noted"),
            ),
        ),
        M(
            "sr",
            -80,
            16,
            (
                Item(
                    f"Maßnahmenkatalog Integration {y + 1}",
                    paper="katalog",
                    role="decision",
                    result="adopted",
                    resolution="Der Stadtrat beschließt den Maßnahmenkatalog. Die "
                    "Verwaltung setzt die Maßnahmen im kommenden Jahr um und berichtet "
                    "im Fachcontrolling.",
                    votes=(37, 5, 2),
                    to_carry_out=True,
                    responsible="Fachbereich Integration, Ehrenamt und Familie",
                    due_days=300,
                ),
            ),
            name="Sitzung des Stadtrats",
        ),
        M(
            "mib",
            -70,
            18,
            (
                WELCOME,
                Item(
                    "Anfrage: Beratungsangebote der Ausländerbehörde",
                    paper="abh",
                    role="noting",
                    result="noted",
                ),
                OTHER,
            ),
        ),
        M(
            "lg",
            -35,
            14,
            (
                Item(
                    f"Schwerpunktthema {y + 1}: Sprache und Arbeit",
                    paper="schwerpunkt",
                    role="preliminary",
                    result="adopted",
                    resolution="Die Lenkungsgruppe schlägt das Schwerpunktthema vor.",
                ),
            ),
        ),
        M(
            "mib",
            -14,
            18,
            (
                WELCOME,
                Item(
                    "Nachwahl für den Sitz der Gruppe Ungarn",
                    public=False,
                    paper="nachwahl",
                    role="decision",
                    result="adopted",
                    resolution="Die Nachwahl findet per Briefwahl statt.",
                    votes=(20, 0, 1),
                    personal_votes=True,
                ),
                OTHER,
            ),
            minutes=False,
        ),
        M("mib", 30, 18, (WELCOME, Item("Bericht aus der Lenkungsgruppe"), OTHER), invited=True),
        M("lg", 40, 14, (Item("Arbeitsgruppe Sprache und Arbeit: Auftrag"),)),
        M(
            "sr",
            45,
            16,
            (
                Item(
                    "Dolmetscherpool für Elterngespräche an Schulen", paper="pool", role="decision"
                ),
            ),
            name="Sitzung des Stadtrats",
        ),
        M(
            "beg",
            50,
            10,
            (
                Item(
                    f"Schwerpunktthema {y + 1}: Sprache und Arbeit",
                    paper="schwerpunkt",
                    role="preliminary",
                ),
            ),
            published=False,
        ),
    ]
    return Plan(
        locations=[
            L(
                "rathaus",
                "Rathaus Maxplatz",
                "Sitzungssaal",
                "Maximiliansplatz 3",
                "96047",
                "Innenstadt",
                "Bamberg",
                49.893980,
                10.887690,
                True,
                True,
                True,
                "Barrierefreier Zugang über den Hof, Aufzug zum Sitzungssaal.",
            ),
            L(
                "zob",
                "Rathaus am ZOB",
                "Besprechungsraum 3",
                "Promenadestraße 2a",
                "96047",
                "Innenstadt",
                "Bamberg",
                49.894800,
                10.892400,
                True,
                None,
                None,
                "",
            ),
        ],
        persons=persons,
        bodies=bodies,
        papers=papers,
        meetings=meetings,
        terms=[city_term],
    )


PLANS = {"mannheim": mannheim, "bamberg": bamberg}


def anchor_for(today: date) -> date:
    """The Monday of the current week: the demo's dates stay the same all week, so the demo's
    documents (cached by content) are made once a week."""
    return today - timedelta(days=today.weekday())
