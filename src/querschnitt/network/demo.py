"""Demo data of the network: Mannheim's declaration, alliance and its (fictional) signatories,
Bamberg's directory of (fictional) actors.

Every organisation here is invented and marked `is_example=True`. The names are generated from
word lists so that they sound like local actors without naming a real institution. The data is
deterministic (seeded random) and the loader is idempotent: natural keys are the organisation's
name within its municipality and (organisation, declaration) for signatures. It writes rows in
bulk, not through the services, because it runs at the start of every test session and must
stay fast; `search_text` is still built by `network.search.build_search_text`.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from querschnitt.accounts.models import User
from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.models import (
    Alliance,
    Declaration,
    DeclarationVersion,
    District,
    NetworkSettings,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
    Representative,
    Signature,
    Topic,
)
from querschnitt.network.search import build_search_text

BERLIN = ZoneInfo("Europe/Berlin")
Kind = Organisation.Kind
Status = Organisation.Status
State = Signature.State

# ---------------------------------------------------------------------------------------------
# Stable names that tests and access tables of other modules may rely on.
# ---------------------------------------------------------------------------------------------
DECLARATION_SLUG = "mannheimer-erklaerung"
ALLIANCE_SLUG = "mannheimer-buendnis"
# The organisation that verein@<city>.example represents (an alliance member in Mannheim).
MANNHEIM_REPRESENTED = "Nachbarschaftsverein Lindenhain e. V."
BAMBERG_REPRESENTED = "Sportfreunde Kompass Bamberg e. V."
# Figures of the Mannheim demo (see `mannheim_plan`).
MANNHEIM_FIGURES = {
    State.ACCEPTED: 335,
    State.PENDING_REVIEW: 8,
    State.UNCONFIRMED: 3,
    State.DECLINED: 2,
    State.WITHDRAWN: 2,
}
LAUNCH_DAY = date(2016, 10, 5)
LAUNCH_DAY_SIGNATORIES = 138

# ---------------------------------------------------------------------------------------------
# Places. Stadtbezirke of Mannheim (code, name, centre, postal code); Stadtteile of Bamberg.
# ---------------------------------------------------------------------------------------------
MANNHEIM_DISTRICTS = [
    ("01", "Innenstadt/Jungbusch", 49.4880, 8.4660, "68161"),
    ("02", "Neckarstadt-West", 49.4985, 8.4625, "68169"),
    ("03", "Neckarstadt-Ost", 49.5010, 8.4860, "68167"),
    ("04", "Schwetzingerstadt/Oststadt", 49.4830, 8.4860, "68165"),
    ("05", "Lindenhof", 49.4730, 8.4600, "68163"),
    ("06", "Sandhofen", 49.5460, 8.4640, "68307"),
    ("07", "Schönau", 49.5330, 8.4760, "68307"),
    ("08", "Waldhof", 49.5200, 8.4700, "68305"),
    ("09", "Neuostheim/Neuhermsheim", 49.4760, 8.5100, "68163"),
    ("10", "Seckenheim", 49.4610, 8.5700, "68239"),
    ("11", "Friedrichsfeld", 49.4480, 8.5700, "68229"),
    ("12", "Käfertal", 49.5100, 8.5150, "68309"),
    ("13", "Vogelstang", 49.5050, 8.5400, "68309"),
    ("14", "Wallstadt", 49.5060, 8.5600, "68259"),
    ("15", "Feudenheim", 49.4900, 8.5380, "68259"),
    ("16", "Neckarau", 49.4560, 8.4850, "68199"),
    ("17", "Rheinau", 49.4480, 8.5150, "68219"),
]
MANNHEIM_BOUNDS = (49.441, 49.559, 8.421, 8.589)

BAMBERG_DISTRICTS = [
    ("", "Innenstadt", 49.8920, 10.8880, "96047"),
    ("", "Gereuth", 49.8780, 10.8840, "96049"),
    ("", "Gaustadt", 49.9050, 10.8620, "96049"),
    ("", "Wunderburg", 49.8830, 10.9020, "96050"),
    ("", "Bug", 49.8740, 10.8700, "96049"),
    ("", "Bamberg-Ost", 49.8980, 10.9150, "96052"),
    ("", "Bamberg-Süd", 49.8790, 10.8950, "96050"),
]
BAMBERG_BOUNDS = (49.871, 49.919, 10.851, 10.929)

STREETS = [
    "Hauptstraße",
    "Schulstraße",
    "Gartenstraße",
    "Lindenstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Ringstraße",
    "Parkweg",
    "Mühlenweg",
    "Am Marktplatz",
    "Friedensstraße",
    "Rosenweg",
    "Ahornallee",
    "Birkenweg",
    "Uferstraße",
    "Wiesenstraße",
    "Bergstraße",
    "Feldstraße",
    "Sonnenstraße",
    "Brunnengasse",
]

# ---------------------------------------------------------------------------------------------
# Names. A real city's directory mixes many kinds of names: registered associations with a
# founding year, gGmbHs, parishes, mosque communities, parents' associations, counselling
# centres named after a person or an idea, cafés, acronyms. The pieces below are invented
# (fictional places, people and ideas) so that no name is a real institution's, and each
# template is used once before any is used again, so the list does not repeat one pattern.
# ---------------------------------------------------------------------------------------------
PLACES = [
    "Auenhof", "Weidenufer", "Lerchenfeld", "Mühlbach", "Kastanienplatz", "Ziegelhütte",
    "Schillerwiese", "Hafenkante", "Birkenhain", "Kirschgarten", "Brunnenviertel", "Rosenhöhe",
    "Sonnenfeld", "Kranichwiese", "Tannenbühl", "Eulengrund", "Lindenplatz", "Rheinbogen",
    "Mühlenviertel", "Uferpark", "Holunderweg", "Steinacker", "Fasanengarten", "Wiesengrund",
]  # fmt: skip
PEOPLE = [
    "Lina Sommer", "Emil Haas", "Rosa Adler", "Yusuf Aydın", "Marta Nowak", "Clara Wendt",
    "Hamid Rahimi", "Ida Brenner", "Olga Koval", "Paul Seidel", "Amina Diallo", "Greta Lorenz",
]  # fmt: skip
IDEAS = [
    "Brückenschlag", "Kompass", "Weitblick", "Mosaik", "Wegweiser", "Anker", "Lichtblick",
    "Zusammenklang", "Perspektive", "Neustart", "Gemeinsinn", "Zuversicht", "Horizont",
]  # fmt: skip
YEARS = ["1898", "1908", "1921", "1946", "1962", "1974", "1987", "1993", "2004", "2015"]

KIND_PATTERNS: dict[str, list[str]] = {
    Kind.ASSOCIATION: [
        "Nachbarschaftsverein {place} e. V.",
        "Förderverein Stadtteilbibliothek {place} e. V.",
        "Bürgerverein {place} {year} e. V.",
        "Elternverein Kita {place} e. V.",
        "Freundeskreis Asyl {place}",
        "Frauentreff {idea} e. V.",
        "Seniorenkreis {place}",
        "Gemeinschaftsgarten {place} e. V.",
        "Patenschaften {idea} e. V.",
        "Verein für Begegnung und Bildung {place} e. V.",
        "Repair-Café {place}",
        "Tafel {place} e. V.",
    ],
    Kind.MIGRANT_ORGANISATION: [
        "Türkischer Elternverein {place} e. V.",
        "Deutsch-Polnische Gesellschaft {place} e. V.",
        "Italienische Katholische Mission {place}",
        "Afrikanischer Dachverband Rhein-Neckar-Süd e. V.",
        "Syrisches Haus {place} e. V.",
        "Ukrainische Samstagsschule {place} e. V.",
        "Kroatischer Kulturverein Zora {place} e. V.",
        "Rumänisch-Deutsches Forum {year} e. V.",
        "Kurdisches Gemeinschaftszentrum {place} e. V.",
        "Griechische Gemeinde {place} e. V.",
        "Bulgarischer Kulturklub Roden Kraj e. V.",
        "Afghanische Frauen-Initiative Nawa e. V.",
        "Eritreische Gemeinschaft {place} e. V.",
        "Casa Latina {place} e. V.",
        "Vietnamesischer Kulturverein Sen Vàng e. V.",
        "Russischsprachiger Elternclub Rodnik e. V.",
        "Polnischer Chor Echo {place}",
        "Iranische Gemeinde {place} e. V.",
    ],
    Kind.RELIGIOUS_COMMUNITY: [
        "Evangelische Kirchengemeinde {place}",
        "Katholische Pfarrei St. Ansgar {place}",
        "Moscheegemeinde {place} e. V.",
        "Islamische Gemeinde Ar-Rahma {place} e. V.",
        "Alevitische Gemeinde {place} e. V.",
        "Freie evangelische Gemeinde {place}",
        "Rumänisch-orthodoxe Gemeinde Hl. Nikolaus {place}",
        "Christlich-Islamische Gesellschaft {place} e. V.",
        "Buddhistisches Zentrum {idea} e. V.",
        "Eritreisch-orthodoxe Gemeinde {place}",
        "Jüdischer Lehrhausverein {place} e. V.",
    ],
    Kind.WELFARE: [
        "Beratungsstelle {idea}",
        "Migrationsdienst {place}",
        "Perspektive Arbeit {place} gGmbH",
        "Flüchtlingshilfe {place} e. V.",
        "Familienzentrum {place}",
        "Frauenberatung {person}",
        "Jugendhilfe {idea} gGmbH",
        "Antidiskriminierungsbüro {place}",
        "Lotsenprojekt {idea} e. V.",
        "Wohnungsnotfallhilfe {place} gGmbH",
        "Psychosoziales Zentrum {person}",
        "Schuldnerberatung {place}",
    ],
    Kind.SPORTS_CLUB: [
        "Sportfreunde {place} {year} e. V.",
        "TSG {place} {year} e. V.",
        "FC {idea} {place} e. V.",
        "Boxclub {place} e. V.",
        "Schachclub {person} e. V.",
        "Kanuclub {place} e. V.",
        "Tischtennisfreunde {place} e. V.",
        "Lauftreff {place}",
        "Basketball {place} e. V.",
        "Ringerverein {place} {year} e. V.",
        "Cricket Club {place} e. V.",
    ],
    Kind.CULTURAL_INSTITUTION: [
        "Kulturhaus {place}",
        "Theater {idea} e. V.",
        "Chor der Nationen {place} e. V.",
        "Tanzprojekt {idea}",
        "Jazzkeller {place} e. V.",
        "Galerie {person}",
        "Café Palaver {place}",
        "Kino im {place} e. V.",
        "Literaturhaus {person}",
        "Musikschule {place} e. V.",
        "Erzählcafé {place}",
    ],
    Kind.EDUCATION: [
        "Grundschule {place}",
        "{person}-Gemeinschaftsschule",
        "Sprachschule {idea}",
        "Bildungswerk {place} e. V.",
        "Kita {idea}",
        "Lernwerkstatt {place}",
        "Hausaufgabenhilfe {place} e. V.",
        "Berufskolleg {place}",
        "Sprachcafé {place}",
        "Volkshochschul-Treff {place}",
        "Alphabetisierungskurse {idea} e. V.",
    ],
    Kind.COMPANY: [
        "{place} Logistik GmbH",
        "Pflegedienst {person} GmbH",
        "Bäckerei {person}",
        "{idea} Software GmbH",
        "Baugesellschaft {place} GmbH",
        "Gebäudeservice {place} GmbH",
        "Reisebüro {idea}",
        "Druckhaus {place} GmbH",
        "Gärtnerei {person}",
        "Handwerkerhof {place} eG",
    ],
    Kind.PUBLIC_INSTITUTION: [
        "Jugendhaus {place}",
        "Quartiersbüro {place}",
        "Seniorenbegegnungsstätte {place}",
        "Bürgerhaus {place}",
        "Stadtteiltreff {place}",
        "Familienbüro {place}",
    ],
}


def name_for(kind: str, rng: random.Random, cycles: dict[str, list[str]]) -> str:
    """A fictional name of this kind; the templates of a kind are used in a shuffled cycle."""
    if not cycles.get(kind):
        cycles[kind] = rng.sample(KIND_PATTERNS[kind], k=len(KIND_PATTERNS[kind]))
    template = cycles[kind].pop()
    return template.format(
        place=rng.choice(PLACES),
        person=rng.choice(PEOPLE),
        idea=rng.choice(IDEAS),
        year=rng.choice(YEARS),
    )


KIND_TOPICS: dict[str, list[str]] = {
    Kind.ASSOCIATION: [Topic.VOLUNTEERING, Topic.FAMILY, Topic.SENIORS, Topic.WOMEN, Topic.YOUTH],
    Kind.MIGRANT_ORGANISATION: [
        Topic.CULTURE,
        Topic.COUNSELLING,
        Topic.LANGUAGE,
        Topic.DEMOCRACY,
        Topic.REFUGEES,
    ],
    Kind.RELIGIOUS_COMMUNITY: [Topic.RELIGION, Topic.FAMILY, Topic.SENIORS, Topic.REFUGEES],
    Kind.WELFARE: [
        Topic.COUNSELLING,
        Topic.HOUSING,
        Topic.HEALTH,
        Topic.REFUGEES,
        Topic.ANTI_DISCRIMINATION,
    ],
    Kind.SPORTS_CLUB: [Topic.SPORTS, Topic.YOUTH, Topic.HEALTH],
    Kind.CULTURAL_INSTITUTION: [Topic.CULTURE, Topic.YOUTH, Topic.DEMOCRACY],
    Kind.EDUCATION: [Topic.EDUCATION, Topic.LANGUAGE, Topic.YOUTH, Topic.FAMILY],
    Kind.COMPANY: [Topic.WORK, Topic.LANGUAGE],
    Kind.PUBLIC_INSTITUTION: [Topic.YOUTH, Topic.SENIORS, Topic.DEMOCRACY, Topic.COUNSELLING],
}

KIND_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    Kind.ASSOCIATION: (
        "Ein Verein aus der Nachbarschaft, der Begegnungen organisiert und Ehrenamtliche "
        "zusammenbringt.",
        "A neighbourhood association that organises encounters and brings volunteers together.",
    ),
    Kind.MIGRANT_ORGANISATION: (
        "Eine Migrantenorganisation, die Kultur pflegt, berät und die Stimme ihrer Mitglieder "
        "in die Stadtgesellschaft trägt.",
        "A migrant organisation that cultivates culture, gives advice and carries its members' "
        "voice into the city.",
    ),
    Kind.RELIGIOUS_COMMUNITY: (
        "Eine Religionsgemeinschaft mit offenen Angeboten für Familien und den Dialog der "
        "Religionen.",
        "A religious community with open offers for families and interreligious dialogue.",
    ),
    Kind.WELFARE: (
        "Ein Träger der sozialen Arbeit mit Beratung und Begleitung für Zugewanderte.",
        "A social welfare provider offering counselling and support for newcomers.",
    ),
    Kind.SPORTS_CLUB: (
        "Ein Sportverein, in dem Menschen jeden Alters und jeder Herkunft gemeinsam trainieren.",
        "A sports club where people of every age and origin train together.",
    ),
    Kind.CULTURAL_INSTITUTION: (
        "Eine Kultureinrichtung mit Konzerten, Workshops und Projekten in vielen Sprachen.",
        "A cultural institution with concerts, workshops and projects in many languages.",
    ),
    Kind.EDUCATION: (
        "Eine Bildungseinrichtung, die Kinder, Jugendliche und Erwachsene beim Lernen begleitet.",
        "An education provider supporting children, young people and adults in learning.",
    ),
    Kind.COMPANY: (
        "Ein Unternehmen, das Ausbildung und Arbeit für Menschen aus vielen Ländern bietet.",
        "A company offering training and work to people from many countries.",
    ),
    Kind.PUBLIC_INSTITUTION: (
        "Eine öffentliche Einrichtung im Stadtteil, offen für alle Bewohnerinnen und Bewohner.",
        "A public institution in the neighbourhood, open to all residents.",
    ),
}

KIND_LANGUAGES: dict[str, list[str]] = {
    Kind.MIGRANT_ORGANISATION: ["tr", "pl", "it", "ar", "uk", "hr", "ro", "ku", "el", "bg", "fa"],
}
COMMON_LANGUAGES = ["en", "tr", "ar", "pl", "it", "ru", "uk", "ro", "bg", "fr", "es", "fa"]

MANNHEIM_KIND_WEIGHTS: dict[str, int] = {
    Kind.ASSOCIATION: 20,
    Kind.MIGRANT_ORGANISATION: 16,
    Kind.RELIGIOUS_COMMUNITY: 8,
    Kind.WELFARE: 12,
    Kind.SPORTS_CLUB: 10,
    Kind.CULTURAL_INSTITUTION: 10,
    Kind.EDUCATION: 12,
    Kind.COMPANY: 8,
    Kind.PUBLIC_INSTITUTION: 4,
}
# Bamberg's text names social, sports, cultural and religious organisations.
BAMBERG_KIND_WEIGHTS: dict[str, int] = {
    Kind.WELFARE: 6,
    Kind.ASSOCIATION: 4,
    Kind.SPORTS_CLUB: 10,
    Kind.CULTURAL_INSTITUTION: 10,
    Kind.RELIGIOUS_COMMUNITY: 10,
}

DECLINE_REASONS = [
    "Die Unterzeichnung wurde von einer Privatperson eingereicht; dem Bündnis können nur "
    "Institutionen beitreten.",
    "Die Organisation hat ihren Sitz und ihre Tätigkeit nicht in Mannheim.",
]


@dataclass
class DemoOrganisation:
    """What the demo wants an organisation to look like (its natural key is the name)."""

    name: str
    kind: str
    district: str
    street: str
    postal_code: str
    city: str
    latitude: Decimal
    longitude: Decimal
    topics: list[str]
    languages: list[str]
    description: dict[str, str]
    wheelchair_accessible: bool | None
    public_email: str = ""
    website: str = ""
    status: str = Status.PUBLISHED
    visibility: str = Visibility.PUBLIC
    published_at: datetime | None = None
    email_confirmed_at: datetime | None = None
    requested_by_name: str = ""
    requested_by_email: str = ""
    signature: dict[str, Any] | None = field(default=None)


def load_network(municipality: Municipality, city: dict[str, Any]) -> None:
    """Load the network of one demo city (idempotent)."""
    from querschnitt.network.demo_contacts import load_demo_contacts
    from querschnitt.network.search import listed_words_fold, search_vocabulary_rebuild

    if city["slug"] == "mannheim":
        load_mannheim(municipality)
    elif city["slug"] == "bamberg":
        load_bamberg(municipality)
    # Internal contacts of the contacts module, at the organisations loaded above.
    load_demo_contacts(municipality)
    # The bulk writes above bypass the services that record known words for typo correction.
    search_vocabulary_rebuild(municipality_id=municipality.pk)
    listed_words_fold()


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def step_free(draw: float) -> bool | None:
    """Yes for about half, not known for a third, no for the rest (one draw, as before)."""
    if draw < 0.55:
        return True
    return None if draw < 0.85 else False


def _slugify_mail(name: str) -> str:
    allowed = "abcdefghijklmnopqrstuvwxyz0123456789"
    folded = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    folded = folded.replace("ß", "ss").replace("e. v.", "").replace("ggmbh", "").replace("gmbh", "")
    return "".join(c if c in allowed else "-" for c in folded).strip("-").replace("--", "-")[:40]


def unique_handle(name: str, handles: set[str]) -> str:
    """The part of an organisation's web and mail address: from its name, never another's."""
    base = _slugify_mail(name) or "verein"
    handle, number = base, 1
    while handle in handles:
        number += 1
        handle = f"{base}-{number}"
    handles.add(handle)
    return handle


def _point(
    rng: random.Random,
    centre_lat: float,
    centre_lon: float,
    bounds: tuple[float, ...],
    spread: float,
) -> tuple[Decimal, Decimal]:
    lat = min(max(centre_lat + rng.uniform(-spread, spread), bounds[0]), bounds[1])
    lon = min(max(centre_lon + rng.uniform(-spread, spread) * 1.5, bounds[2]), bounds[3])
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def generate_organisations(
    *,
    rng: random.Random,
    count: int,
    weights: dict[str, int],
    districts: list[tuple[str, str, float, float, str]],
    bounds: tuple[float, ...],
    city: str,
    mail_domain: str,
    taken: set[str],
    spread: float = 0.006,
    handles: set[str] | None = None,
) -> list[DemoOrganisation]:
    """`count` fictional organisations with unique names and addresses on the web, spread over
    the districts."""
    handles = set() if handles is None else handles
    kinds = list(weights)
    kind_weights = [weights[kind] for kind in kinds]
    organisations: list[DemoOrganisation] = []
    cycles: dict[str, list[str]] = {}
    while len(organisations) < count:
        kind = rng.choices(kinds, kind_weights)[0]
        name = name_for(kind, rng, cycles)
        if name in taken:
            continue
        taken.add(name)
        _code, district, lat, lon, postal_code = rng.choice(districts)
        latitude, longitude = _point(rng, lat, lon, bounds, spread)
        topics = rng.sample(KIND_TOPICS[kind], k=min(len(KIND_TOPICS[kind]), rng.randint(1, 3)))
        pool = KIND_LANGUAGES.get(kind, COMMON_LANGUAGES)
        languages = ["de", *rng.sample(pool, k=rng.randint(0, 3))]
        if kind == Kind.MIGRANT_ORGANISATION and len(languages) == 1:
            languages.append(rng.choice(pool))
        description_de, description_en = KIND_DESCRIPTIONS[kind]
        handle = unique_handle(name, handles)
        organisations.append(
            DemoOrganisation(
                name=name,
                kind=kind,
                district=district,
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postal_code=postal_code,
                city=city,
                latitude=latitude,
                longitude=longitude,
                topics=topics,
                languages=languages,
                description={"de": description_de, "en": description_en},
                wheelchair_accessible=step_free(rng.random()),
                public_email=f"kontakt@{handle}.{mail_domain}" if rng.random() < 0.7 else "",
                website=f"https://{handle}.{mail_domain}/" if rng.random() < 0.5 else "",
            )
        )
    return organisations


def name_as(organisation: DemoOrganisation, name: str, mail_domain: str) -> None:
    """Give a generated organisation a fixed name, and the web and mail address of that name
    (not those of the name it was generated with)."""
    organisation.name = name
    handle = _slugify_mail(name)
    organisation.public_email = f"kontakt@{handle}.{mail_domain}"
    organisation.website = f"https://{handle}.{mail_domain}/"


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=BERLIN) + timedelta(
        minutes=rng.randint(0, 8 * 60)
    )


def _signer(rng: random.Random, organisation: DemoOrganisation, mail_domain: str) -> dict:
    first = rng.choice(
        ["Aylin", "Jonas", "Maria", "Kemal", "Olena", "Luca", "Fatima", "Piotr", "Anna", "Samir"]
    )
    last = rng.choice(
        ["Beispiel", "Muster", "Probe", "Vorlage", "Demo", "Schablone", "Entwurf", "Skizze"]
    )
    function = rng.choice(
        ["Vorsitz", "Geschäftsführung", "Leitung", "Vorstand", "Schulleitung", "Pfarramt"]
    )
    return {
        "signer_name": f"{first} {last}",
        "signer_function": function,
        "signer_email": f"{first.lower()}.{last.lower()}@{_slugify_mail(organisation.name)}."
        f"{mail_domain}",
    }


def mannheim_plan(today: date) -> list[DemoOrganisation]:
    """Mannheim's example organisations and the signature each one has (if any)."""
    rng = random.Random(20161005)  # noqa: S311 - demo data, not security
    taken = {MANNHEIM_REPRESENTED}
    handles = {_slugify_mail(MANNHEIM_REPRESENTED)}
    total = sum(MANNHEIM_FIGURES.values()) + 12  # signatories plus a few directory-only actors
    organisations = generate_organisations(
        rng=rng,
        count=total - 1,
        weights=MANNHEIM_KIND_WEIGHTS,
        districts=MANNHEIM_DISTRICTS,
        bounds=MANNHEIM_BOUNDS,
        city="Mannheim",
        mail_domain="mannheim.example",
        taken=taken,
        handles=handles,
    )
    represented = generate_organisations(
        rng=random.Random(1),  # noqa: S311
        count=1,
        weights={Kind.ASSOCIATION: 1},
        districts=MANNHEIM_DISTRICTS[4:5],
        bounds=MANNHEIM_BOUNDS,
        city="Mannheim",
        mail_domain="mannheim.example",
        taken=set(),
    )[0]
    name_as(represented, MANNHEIM_REPRESENTED, "mannheim.example")
    organisations.insert(0, represented)

    accepted_count = MANNHEIM_FIGURES[State.ACCEPTED]
    # Acceptances run up to a fixed day, so that the data does not change from day to day.
    later_days = (min(today - timedelta(days=60), date(2026, 9, 30)) - LAUNCH_DAY).days
    accepted_days = [LAUNCH_DAY] * LAUNCH_DAY_SIGNATORIES + sorted(
        LAUNCH_DAY + timedelta(days=rng.randint(1, later_days))
        for _ in range(accepted_count - LAUNCH_DAY_SIGNATORIES)
    )
    position = 0

    def take(n: int) -> list[DemoOrganisation]:
        nonlocal position
        chunk = organisations[position : position + n]
        position += n
        return chunk

    for organisation, decided_on in zip(take(accepted_count), accepted_days, strict=True):
        decided = _at(decided_on, rng)
        submitted = decided - timedelta(days=rng.randint(10, 50), hours=rng.randint(0, 8))
        organisation.published_at = submitted
        organisation.signature = {
            "state": State.ACCEPTED,
            "submitted_at": submitted,
            "confirmed_at": submitted + timedelta(hours=rng.randint(1, 40)),
            "decided_at": decided,
            **_signer(rng, organisation, "mannheim.example"),
        }
    # One member keeps its entry internal: the alliance counts it but does not name it.
    organisations[accepted_count - 1].visibility = Visibility.INTERNAL

    now = datetime.combine(today, time(10, 0), tzinfo=BERLIN)
    # Waiting for review: some within the six-week target, three past it.
    for index, (organisation, waited) in enumerate(
        zip(
            take(MANNHEIM_FIGURES[State.PENDING_REVIEW]),
            [2, 9, 16, 24, 33, 47, 58, 76],
            strict=True,
        )
    ):
        confirmed = now - timedelta(days=waited, hours=rng.randint(0, 6))
        if index % 4 == 1:  # signed by an institution that was not yet in the directory
            organisation.status = Status.REQUESTED
            organisation.published_at = None
            organisation.email_confirmed_at = confirmed
        signer = _signer(rng, organisation, "mannheim.example")
        if organisation.status == Status.REQUESTED:
            organisation.requested_by_name = signer["signer_name"]
            organisation.requested_by_email = signer["signer_email"]
        organisation.signature = {
            "state": State.PENDING_REVIEW,
            "submitted_at": confirmed - timedelta(hours=rng.randint(1, 20)),
            "confirmed_at": confirmed,
            **signer,
        }
    for index, (organisation, age) in enumerate(
        zip(take(MANNHEIM_FIGURES[State.UNCONFIRMED]), [1, 2, 4], strict=True)
    ):
        signer = _signer(rng, organisation, "mannheim.example")
        if index == 0:
            organisation.status = Status.REQUESTED
            organisation.published_at = None
            organisation.requested_by_name = signer["signer_name"]
            organisation.requested_by_email = signer["signer_email"]
        organisation.signature = {
            "state": State.UNCONFIRMED,
            "submitted_at": now - timedelta(days=age, hours=rng.randint(0, 6)),
            **signer,
        }
    for index, (organisation, decided_on) in enumerate(
        zip(
            take(MANNHEIM_FIGURES[State.DECLINED]),
            # Within the retention period of declined signatures (`network.retention`).
            [today - timedelta(days=150), today - timedelta(days=45)],
            strict=True,
        )
    ):
        decided = _at(decided_on, rng)
        submitted = decided - timedelta(days=rng.randint(20, 40))
        if index == 1:
            organisation.status = Status.ARCHIVED
        organisation.signature = {
            "state": State.DECLINED,
            "submitted_at": submitted,
            "confirmed_at": submitted + timedelta(hours=3),
            "decided_at": decided,
            "decline_reason": DECLINE_REASONS[index],
            **_signer(rng, organisation, "mannheim.example"),
        }
    for organisation, (decided_on, withdrawn_on) in zip(
        take(MANNHEIM_FIGURES[State.WITHDRAWN]),
        # Withdrawn within the last year: the signers' names are still kept.
        [
            (LAUNCH_DAY, today - timedelta(days=300)),
            (date(2018, 4, 17), today - timedelta(days=60)),
        ],
        strict=True,
    ):
        decided = _at(decided_on, rng)
        submitted = decided - timedelta(days=rng.randint(10, 40))
        organisation.published_at = decided
        organisation.signature = {
            "state": State.WITHDRAWN,
            "submitted_at": submitted,
            "confirmed_at": submitted + timedelta(hours=5),
            "decided_at": decided,
            "withdrawn_at": _at(withdrawn_on, rng),
            **_signer(rng, organisation, "mannheim.example"),
        }
    # The rest are in the directory without a signature; one asks for an entry (in review).
    rest = organisations[position:]
    rest[0].status = Status.IN_REVIEW
    rest[0].published_at = None
    rest[0].email_confirmed_at = now - timedelta(days=5)
    rest[0].requested_by_name = "Nora Beispiel"
    rest[0].requested_by_email = "nora.beispiel@example.org"
    for organisation in organisations:
        if organisation.status == Status.PUBLISHED and organisation.published_at is None:
            organisation.published_at = _at(LAUNCH_DAY - timedelta(days=rng.randint(30, 900)), rng)
    return organisations


def bamberg_plan(today: date) -> list[DemoOrganisation]:
    """Bamberg's directory: fictional social, sports, cultural and religious organisations."""
    rng = random.Random(96047)  # noqa: S311 - demo data, not security
    taken = {BAMBERG_REPRESENTED}
    handles = {_slugify_mail(BAMBERG_REPRESENTED)}
    organisations = generate_organisations(
        rng=rng,
        count=39,
        weights=BAMBERG_KIND_WEIGHTS,
        districts=BAMBERG_DISTRICTS,
        bounds=BAMBERG_BOUNDS,
        city="Bamberg",
        mail_domain="bamberg.example",
        taken=taken,
        spread=0.004,
        handles=handles,
    )
    represented = generate_organisations(
        rng=random.Random(2),  # noqa: S311
        count=1,
        weights={Kind.SPORTS_CLUB: 1},
        districts=BAMBERG_DISTRICTS[3:4],
        bounds=BAMBERG_BOUNDS,
        city="Bamberg",
        mail_domain="bamberg.example",
        taken=set(),
        spread=0.003,
    )[0]
    name_as(represented, BAMBERG_REPRESENTED, "bamberg.example")
    organisations.insert(0, represented)
    now = datetime.combine(today, time(10, 0), tzinfo=BERLIN)
    organisations[-1].status = Status.IN_REVIEW
    organisations[-1].email_confirmed_at = now - timedelta(days=3)
    organisations[-1].requested_by_name = "Ben Beispiel"
    organisations[-1].requested_by_email = "ben.beispiel@example.org"
    organisations[-2].visibility = Visibility.NETWORK
    for organisation in organisations:
        if organisation.status == Status.PUBLISHED:
            organisation.published_at = _at(
                date(2018, 1, 15) + timedelta(rng.randint(0, 2500)), rng
            )
    return organisations


# ---------------------------------------------------------------------------------------------
# Writing (bulk and idempotent)
# ---------------------------------------------------------------------------------------------

ORGANISATION_FIELDS = [
    "kind",
    "description",
    "street",
    "postal_code",
    "city",
    "district_id",
    "latitude",
    "longitude",
    "wheelchair_accessible",
    "public_email",
    "website",
    "visibility",
    "status",
    "is_example",
    "published_at",
    "email_confirmed_at",
    "requested_by_name",
    "requested_by_email",
]


def ensure_districts(
    municipality: Municipality, districts: list[tuple[str, str, float, float, str]]
) -> dict[str, District]:
    existing = {d.name: d for d in District.objects.filter(municipality=municipality)}
    missing = [
        District(municipality=municipality, name=name, code=code)
        for code, name, *_rest in districts
        if name not in existing
    ]
    District.objects.bulk_create(missing)
    for district in missing:
        existing[district.name] = district
    changed = []
    for code, name, *_rest in districts:
        if existing[name].code != code:
            existing[name].code = code
            changed.append(existing[name])
    District.objects.bulk_update(changed, ["code"])
    return existing


def ensure_organisations(
    municipality: Municipality, plan: list[DemoOrganisation], districts: dict[str, District]
) -> dict[str, Organisation]:
    """Create or correct the planned organisations, their topics and languages."""
    existing = {
        o.name: o
        for o in Organisation.objects.filter(
            municipality=municipality, name__in=[p.name for p in plan]
        )
    }
    to_create, to_update = [], []
    for item in plan:
        values = {
            "kind": item.kind,
            "description": item.description,
            "street": item.street,
            "postal_code": item.postal_code,
            "city": item.city,
            "district_id": districts[item.district].pk,
            "latitude": item.latitude,
            "longitude": item.longitude,
            "wheelchair_accessible": item.wheelchair_accessible,
            "public_email": item.public_email,
            "website": item.website,
            "visibility": item.visibility,
            "status": item.status,
            "is_example": True,
            "published_at": item.published_at,
            "email_confirmed_at": item.email_confirmed_at,
            "requested_by_name": item.requested_by_name,
            "requested_by_email": item.requested_by_email,
        }
        organisation = existing.get(item.name)
        if organisation is None:
            organisation = Organisation(municipality=municipality, name=item.name, **values)
            organisation.search_text = build_search_text(
                organisation, topics=item.topics, languages=item.languages
            )
            to_create.append(organisation)
            existing[item.name] = organisation
            continue
        changed = False
        for name, value in values.items():
            if getattr(organisation, name) != value:
                setattr(organisation, name, value)
                changed = True
        search_text = build_search_text(organisation, topics=item.topics, languages=item.languages)
        if organisation.search_text != search_text:
            organisation.search_text = search_text
            changed = True
        if changed:
            to_update.append(organisation)
    Organisation.objects.bulk_create(to_create, batch_size=200)
    if to_update:
        Organisation.objects.bulk_update(
            to_update, [*ORGANISATION_FIELDS, "search_text"], batch_size=200
        )
    _ensure_related(
        municipality,
        OrganisationTopic,
        "topic",
        {(existing[p.name].pk, topic) for p in plan for topic in p.topics},
        [existing[p.name].pk for p in plan],
    )
    _ensure_related(
        municipality,
        OrganisationLanguage,
        "language",
        {(existing[p.name].pk, language) for p in plan for language in p.languages},
        [existing[p.name].pk for p in plan],
    )
    return existing


def _ensure_related(
    municipality: Municipality,
    model: Any,
    attribute: str,
    wanted: set[tuple[int, str]],
    organisation_ids: Iterable[int],
) -> None:
    rows = model.objects.filter(
        municipality=municipality, organisation_id__in=list(organisation_ids)
    ).values_list("pk", "organisation_id", attribute)
    have = {(organisation_id, value): pk for pk, organisation_id, value in rows}
    surplus = [pk for key, pk in have.items() if key not in wanted]
    if surplus:
        model.objects.filter(pk__in=surplus).delete()
    model.objects.bulk_create(
        [
            model(municipality=municipality, organisation_id=organisation_id, **{attribute: value})
            for organisation_id, value in sorted(wanted - set(have))
        ],
        batch_size=500,
    )


SIGNATURE_FIELDS = [
    "version_id",
    "signer_name",
    "signer_function",
    "signer_email",
    "state",
    "submitted_at",
    "confirmed_at",
    "decided_at",
    "decided_by_id",
    "decline_reason",
    "withdrawn_at",
]


def ensure_signatures(
    municipality: Municipality,
    declaration: Declaration,
    version: DeclarationVersion,
    plan: list[DemoOrganisation],
    organisations: dict[str, Organisation],
    reviewer: User | None,
) -> None:
    existing = {
        s.organisation_id: s
        for s in Signature.objects.filter(municipality=municipality, declaration=declaration)
    }
    to_create, to_save = [], []
    for item in plan:
        if item.signature is None:
            continue
        organisation = organisations[item.name]
        values = {
            "version_id": version.pk,
            "signer_function": "",
            "confirmed_at": None,
            "decided_at": None,
            "decided_by_id": None,
            "decline_reason": "",
            "withdrawn_at": None,
            **item.signature,
        }
        if values["decided_at"] is not None:
            values["decided_by_id"] = reviewer.pk if reviewer else None
        signature = existing.get(organisation.pk)
        if signature is None:
            signature = Signature(
                municipality=municipality,
                declaration=declaration,
                organisation=organisation,
                **values,
            )
            to_create.append(signature)
            to_save.append(signature)
            continue
        if any(getattr(signature, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(signature, name, value)
            to_save.append(signature)
    planned_submitted = [signature.submitted_at for signature in to_create]
    Signature.objects.bulk_create(to_create, batch_size=200)
    # bulk_create stamps `submitted_at` (auto_now_add) with the present; set the planned dates.
    for signature, submitted_at in zip(to_create, planned_submitted, strict=True):
        signature.submitted_at = submitted_at
    if to_save:
        Signature.objects.bulk_update(to_save, SIGNATURE_FIELDS, batch_size=200)


def ensure_representative(
    municipality: Municipality, organisation: Organisation, email: str
) -> None:
    user = User.objects.filter(email=email).first()
    if user is not None:
        Representative.objects.get_or_create(
            municipality=municipality, organisation=organisation, user=user
        )


# ---------------------------------------------------------------------------------------------
# The cities
# ---------------------------------------------------------------------------------------------

DECLARATION_TITLE = {
    "de": "Mannheimer Erklärung für ein Zusammenleben in Vielfalt",
    "en": "Mannheim Declaration for Living Together in Diversity",
}
DECLARATION_SUMMARY = {
    "de": "Der Gemeinderat der Stadt Mannheim hat die Mannheimer Erklärung für ein "
    "Zusammenleben in Vielfalt am 22. Dezember 2009 einstimmig beschlossen. Am 3. Mai 2016 wurde "
    "sie um die Vielfaltsmerkmale der Allgemeinen Erklärung der Menschenrechte und des "
    "Allgemeinen Gleichbehandlungsgesetzes (AGG) erweitert. Institutionen – keine "
    "Einzelpersonen – können sie unterzeichnen; die unterzeichnete Erklärung ist zugleich der "
    "Antrag auf Aufnahme in das Mannheimer Bündnis für ein Zusammenleben in Vielfalt. Die "
    "Koordinierungsstelle prüft jede Unterzeichnung (etwa sechs Wochen) und begrüßt die neuen "
    "Partner.",
    "en": "Mannheim's city council adopted the Mannheim Declaration for Living Together in "
    "Diversity unanimously on 22 December 2009. On 3 May 2016 it was extended to the grounds of "
    "diversity named in the Universal Declaration of Human Rights and the General Equal "
    "Treatment Act (AGG). Institutions – not individuals – can sign it; the signed declaration "
    "is also the application to join the Mannheim Alliance for Living Together in Diversity. "
    "The coordination office reviews each signature (about six weeks) and welcomes the new "
    "partners.",
}
SIGNING_MEANING = {
    "de": "Die Unterzeichnung ist eine freiwillige Selbstverpflichtung der Institution, sich im "
    "eigenen Wirkungsbereich für ein Zusammenleben in Vielfalt einzusetzen. Sie ist, wie die "
    "Stadt Mannheim selbst schreibt, „weder Gütesiegel noch Ausdruck eines bereits erreichten "
    "Ziels“.",
    "en": "Signing is a voluntary self-commitment of the institution to work for living "
    "together in diversity within its own sphere. In the City of Mannheim's own words it is "
    "„weder Gütesiegel noch Ausdruck eines bereits erreichten Ziels“ (neither a seal of quality "
    "nor a sign of a goal already reached).",
}
DEMO_NOTE = {
    "de": "Demo-Paraphrase, nicht der Wortlaut der Erklärung. ",
    "en": "Demo paraphrase, not the wording of the declaration. ",
}
VERSION_TEXTS = {
    "2009": {
        "de": DEMO_NOTE["de"] + "Die Fassung von 2009 beschreibt das Ziel eines Zusammenlebens "
        "in Vielfalt in Mannheim: Die unterzeichnenden Institutionen verstehen Vielfalt als Teil "
        "der Stadtgesellschaft, treten Ausgrenzung entgegen und setzen sich in ihrem eigenen "
        "Bereich für gleiche Chancen und gegenseitigen Respekt ein.",
        "en": DEMO_NOTE["en"] + "The 2009 version describes the aim of living together in "
        "diversity in Mannheim: the signing institutions see diversity as part of the city's "
        "society, oppose exclusion and work within their own sphere for equal opportunities and "
        "mutual respect.",
    },
    "2016 (erweitert)": {
        "de": DEMO_NOTE["de"] + "Die erweiterte Fassung von 2016 nennt zusätzlich die "
        "Vielfaltsmerkmale der Allgemeinen Erklärung der Menschenrechte und des Allgemeinen "
        "Gleichbehandlungsgesetzes – darunter ethnische Herkunft, Geschlecht, Religion und "
        "Weltanschauung, Behinderung, Alter und sexuelle Identität. Die unterzeichnenden "
        "Institutionen verpflichten sich freiwillig, in ihrem Wirkungsbereich gegen "
        "Diskriminierung aus diesen Gründen einzutreten und Vielfalt zu fördern.",
        "en": DEMO_NOTE["en"] + "The extended version of 2016 also names the grounds of "
        "diversity of the Universal Declaration of Human Rights and of the General Equal "
        "Treatment Act – among them ethnic origin, sex, religion or belief, disability, age and "
        "sexual identity. The signing institutions commit themselves voluntarily to oppose "
        "discrimination on these grounds within their sphere and to promote diversity.",
    },
}
ALLIANCE_NAME = {
    "de": "Mannheimer Bündnis für ein Zusammenleben in Vielfalt",
    "en": "Mannheim Alliance for Living Together in Diversity",
}
ALLIANCE_DESCRIPTION = {
    "de": "Das Mannheimer Bündnis für ein Zusammenleben in Vielfalt wurde am 5. Oktober 2016 mit "
    "138 Institutionen gegründet. Ihm gehören Institutionen an, die die Mannheimer Erklärung "
    "unterzeichnet haben: Vereine, Migrantenorganisationen, Religionsgemeinschaften, Träger der "
    "sozialen Arbeit, Sportvereine, Kultur- und Bildungseinrichtungen, Unternehmen und "
    "öffentliche Einrichtungen. Die Organisationen in dieser Demo sind erfunden.",
    "en": "The Mannheim Alliance for Living Together in Diversity was launched on 5 October 2016 "
    "with 138 institutions. Its members are institutions that have signed the Mannheim "
    "Declaration: associations, migrant organisations, religious communities, welfare "
    "providers, sports clubs, cultural and educational institutions, companies and public "
    "institutions. The organisations in this demo are fictional.",
}


def load_mannheim(municipality: Municipality) -> None:
    NetworkSettings.objects.update_or_create(
        municipality=municipality, defaults={"signature_review_days": 42}
    )
    districts = ensure_districts(municipality, MANNHEIM_DISTRICTS)
    declaration, _created = Declaration.objects.update_or_create(
        municipality=municipality,
        slug=DECLARATION_SLUG,
        defaults={
            "title": DECLARATION_TITLE,
            "summary": DECLARATION_SUMMARY,
            "signing_meaning": SIGNING_MEANING,
            "is_open_for_signing": True,
        },
    )
    versions = {}
    for label, adopted_on in [("2009", date(2009, 12, 22)), ("2016 (erweitert)", date(2016, 5, 3))]:
        versions[label], _created = DeclarationVersion.objects.update_or_create(
            municipality=municipality,
            declaration=declaration,
            label=label,
            defaults={"text": VERSION_TEXTS[label], "adopted_on": adopted_on},
        )
    Alliance.objects.update_or_create(
        municipality=municipality,
        slug=ALLIANCE_SLUG,
        defaults={
            "declaration": declaration,
            "name": ALLIANCE_NAME,
            "description": ALLIANCE_DESCRIPTION,
            "launched_on": LAUNCH_DAY,
        },
    )
    plan = mannheim_plan(timezone.localdate())
    organisations = ensure_organisations(municipality, plan, districts)
    reviewer = User.objects.filter(email="team@mannheim.example").first()
    ensure_signatures(
        municipality, declaration, versions["2016 (erweitert)"], plan, organisations, reviewer
    )
    ensure_representative(
        municipality, organisations[MANNHEIM_REPRESENTED], "verein@mannheim.example"
    )


def load_bamberg(municipality: Municipality) -> None:
    NetworkSettings.objects.get_or_create(municipality=municipality)
    districts = ensure_districts(municipality, BAMBERG_DISTRICTS)
    plan = bamberg_plan(timezone.localdate())
    organisations = ensure_organisations(municipality, plan, districts)
    ensure_representative(
        municipality, organisations[BAMBERG_REPRESENTED], "verein@bamberg.example"
    )
