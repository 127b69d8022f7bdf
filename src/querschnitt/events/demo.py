"""Demo events for Mannheim and Bamberg.

Bamberg: a Runder Tisch Integration and a Fachforum Integration a year (last year's and this
year's), two working groups founded at them, an external calendar subscribed to (the file in
`demo_files/`). Mannheim: the MigrationsFORUM's public meetings in the calendar, a
MigrationsFORUM workshop that is full (waiting list, an offer pending), a network meeting just
held (check-in done, closing report to write), and the einander.Aktionstage month of the
Bündnis with about 75 events that organisations of the network submitted (most accepted, some
waiting for review, a few declined).

Dates count from today; rows are written in bulk. Registrations of dates older than the
retention period are stored as they would be after it: without names (the counts stay). Left
alone once a municipality has formats.
"""

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from querschnitt.accounts.models import User
from querschnitt.bodies.models import Body, Meeting, Membership, Person
from querschnitt.core.models import Municipality
from querschnitt.events.models import (
    CalendarSubscription,
    ClosingReport,
    Event,
    EventDate,
    Format,
    Question,
    Registration,
    WorkingGroup,
    WorkingGroupOrganisation,
    WorkingGroupResult,
)
from querschnitt.events.services.imports import subscription_import
from querschnitt.network.demo import BAMBERG_REPRESENTED, MANNHEIM_REPRESENTED
from querschnitt.network.models import Organisation

DEMO_CALENDAR = Path(__file__).parent / "demo_files" / "sprachcafe-kompass.ics"
# Registrations of dates that ended longer ago than this are stored without names, as the
# retention job leaves them (`events.registrations`, 90 days by default).
KEEP_NAMES_DAYS = 80
GIVEN = [
    "Aylin", "Mehmet", "Olena", "Dmytro", "Fatima", "Yusuf", "Maria", "Jonas", "Leila", "Reza",
    "Svetlana", "Ahmad", "Hannah", "Ali", "Sofia", "Nour", "Emre", "Katarzyna", "Tomasz",
    "Amina", "Lukas", "Zeynep", "Samir", "Irina", "Giulia", "Daniel", "Hiba", "Kemal", "Lea",
    "Oksana", "Mariam", "Paul", "Elif", "Tarek", "Anna", "Bilal", "Nadia", "Felix", "Rania",
]  # fmt: skip
FAMILY = [
    "Yılmaz", "Kowalski", "Schneider", "Haddad", "Petrenko", "Nguyen", "Ahmadi", "Fischer",
    "Rossi", "Demir", "Bondarenko", "Al-Khatib", "Weber", "Hosseini", "Popescu", "Ivanova",
    "Kaya", "Becker", "Mansour", "Novak", "Schmidt", "Öztürk", "Karimi", "Wagner", "Abdi",
]  # fmt: skip
ASCII = str.maketrans({"ı": "i", "ö": "oe", "ü": "ue", "ä": "ae", "ß": "ss", "Ö": "Oe", "-": ""})


@dataclass
class Registrant:
    name: str
    email: str


class Builder:
    """Writes the demo rows of one municipality."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.today = timezone.localdate()
        self.rng = random.Random(f"events-demo-{municipality.slug}")  # noqa: S311 - demo data
        self.people = 0
        self.codes: dict[int, set[str]] = {}

    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        day = self.today + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())

    def person(self) -> Registrant:
        self.people += 1
        given, family = self.rng.choice(GIVEN), self.rng.choice(FAMILY)
        handle = f"{given}.{family}".translate(ASCII).lower()
        return Registrant(f"{given} {family}", f"{handle}.{self.people}@example.org")

    def format(
        self, name: str, slug: str, purpose: tuple[str, str], rhythm: str, **extra: Any
    ) -> Format:
        return Format.objects.create(
            municipality=self.municipality,
            name=name,
            slug=slug,
            purpose={"de": purpose[0], "en": purpose[1]},
            rhythm=rhythm,
            **extra,
        )

    def event(
        self,
        *,
        title: tuple[str, str],
        description: tuple[str, str],
        starts: Iterable[tuple[datetime, datetime]],
        state: str = Event.State.PUBLISHED,
        **fields: Any,
    ) -> tuple[Event, list[EventDate]]:
        starts = list(starts)
        event = Event.objects.create(
            municipality=self.municipality,
            title={"de": title[0], "en": title[1]} if title[1] else {"de": title[0]},
            description={"de": description[0], "en": description[1]}
            if description[1]
            else {"de": description[0]},
            state=state,
            start=starts[0][0],
            end=starts[0][1],
            published_at=self.now - timedelta(days=60) if state == Event.State.PUBLISHED else None,
            **fields,
        )
        dates = EventDate.objects.bulk_create(
            EventDate(
                municipality=self.municipality,
                event=event,
                start=start,
                end=end,
                day=timezone.localtime(start).date(),
            )
            for start, end in starts
        )
        return event, dates

    def registrations(
        self,
        date: EventDate,
        states: list[tuple[str, int]],
        *,
        families: bool = False,
        checked_in: float = 0.0,
        questions: list[Question] | None = None,
    ) -> list[Registration]:
        """`states`: (state, how many) in the order of arrival."""
        anonymous = date.end < self.now - timedelta(days=KEEP_NAMES_DAYS)
        rows = []
        arrival = date.arrivals
        taken = self.codes.setdefault(date.pk, set())
        for state, count in states:
            for _index in range(count):
                arrival += 1
                person = self.person()
                code = self._code(taken)
                places = self.rng.choice([1, 1, 2, 3, 4]) if families else 1
                registered = min(date.start, self.now) - timedelta(
                    days=self.rng.randint(3, 30), minutes=arrival
                )
                confirmed = state in ("confirmed", "offered") or state == "waiting"
                came = (
                    state == "confirmed" and date.end < self.now and self.rng.random() < checked_in
                )
                row = Registration(
                    municipality=self.municipality,
                    date=date,
                    arrival=arrival,
                    state=state,
                    places=places,
                    name="" if anonymous else person.name,
                    email="" if anonymous else person.email,
                    language=self.rng.choice(["de", "de", "de", "en", "tr", "ar", "uk"]),
                    answers={} if anonymous else self._answers(questions or []),
                    secret="" if anonymous else secrets.token_hex(16),
                    code=code,
                    email_confirmed_at=registered + timedelta(minutes=20) if confirmed else None,
                    confirm_by=registered + timedelta(hours=24),
                    confirmed_at=registered if state == "confirmed" else None,
                    offered_at=self.now - timedelta(hours=18) if state == "offered" else None,
                    offer_expires_at=self.now + timedelta(hours=30) if state == "offered" else None,
                    checked_in_at=date.start + timedelta(minutes=self.rng.randint(-15, 20))
                    if came
                    else None,
                    anonymised_at=self.now if anonymous else None,
                )
                rows.append(row)
        Registration.objects.bulk_create(rows)
        Registration.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=registered)
        date.arrivals = arrival
        if anonymous:
            date.personal_data_removed_at = self.now
        date.save(update_fields=["arrivals", "personal_data_removed_at"])
        return rows

    def _code(self, taken: set[str]) -> str:
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        while True:
            code = "".join(self.rng.choice(alphabet) for _i in range(6))
            if code not in taken:
                taken.add(code)
                return code

    def _answers(self, questions: list[Question]) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for question in questions:
            if question.kind == Question.Kind.CHOICE:
                answers[str(question.pk)] = self.rng.choice(question.choices)["de"]
            elif question.kind == Question.Kind.YES_NO:
                answers[str(question.pk)] = self.rng.random() < 0.3
            elif question.kind == Question.Kind.TEXT and self.rng.random() < 0.3:
                answers[str(question.pk)] = self.rng.choice(["Arabisch", "Türkisch", "Ukrainisch"])
        return answers

    def questions(self, event: Event) -> list[Question]:
        return Question.objects.bulk_create(
            [
                Question(
                    municipality=self.municipality,
                    event=event,
                    label={"de": "Essen", "en": "Food"},
                    kind=Question.Kind.CHOICE,
                    choices=[
                        {"de": "keine Vorgabe", "en": "no preference"},
                        {"de": "vegetarisch", "en": "vegetarian"},
                        {"de": "vegan", "en": "vegan"},
                        {"de": "halal", "en": "halal"},
                    ],
                    required=True,
                    order=1,
                ),
                Question(
                    municipality=self.municipality,
                    event=event,
                    label={
                        "de": "Brauchen Sie eine Verdolmetschung? In welche Sprache?",
                        "en": "Do you need interpreting? Into which language?",
                    },
                    kind=Question.Kind.TEXT,
                    order=2,
                ),
                Question(
                    municipality=self.municipality,
                    event=event,
                    label={"de": "Kinderbetreuung gewünscht", "en": "Childcare wanted"},
                    kind=Question.Kind.YES_NO,
                    order=3,
                ),
            ]
        )


def load_events(municipality: Municipality, city: dict[str, Any]) -> None:
    """The city's formats, events, registrations and working groups; left alone once there."""
    plan = PLANS.get(city["slug"])
    if plan is None or Format.objects.filter(municipality=municipality).exists():
        return
    plan(Builder(municipality))


# Mannheim ---------------------------------------------------------------------------------

AKTIONSTAGE_TITLES = [
    ("Interkulturelles Frühstück", "Intercultural breakfast"),
    ("Offene Tür: Wir stellen uns vor", "Open day: who we are"),
    ("Lesung: Geschichten vom Ankommen", "Reading: stories of arriving"),
    ("Fußballturnier für alle", "Football tournament for everyone"),
    ("Kochen aus aller Welt", "Cooking from around the world"),
    ("Stadtteilspaziergang: Orte der Einwanderung", "Walk: places of immigration"),
    ("Workshop: Was tun gegen Rassismus im Alltag?", "Workshop: everyday racism"),
    ("Tag der offenen Moschee", "Open mosque day"),
    ("Kirchencafé der Begegnung", "Church café of encounter"),
    ("Erzählcafé: Mannheim gestern und heute", "Story café: Mannheim then and now"),
    ("Filmabend mit Gespräch", "Film night with discussion"),
    ("Nähwerkstatt für Frauen", "Sewing workshop for women"),
    ("Sprachtandem-Treffen", "Language tandem meeting"),
    ("Konzert: Musik ohne Grenzen", "Concert: music without borders"),
    ("Beratung zu Anerkennung ausländischer Abschlüsse", "Advice on foreign qualifications"),
    ("Spielenachmittag für Familien", "Games afternoon for families"),
    ("Podiumsgespräch: Mitreden in der Stadtgesellschaft", "Panel: having a say"),
    ("Gemeinsames Gärtnern im Quartier", "Gardening together"),
    ("Ausstellung: Gesichter der Vielfalt", "Exhibition: faces of diversity"),
    ("Tanzabend: Tänze aus vielen Ländern", "Dance night: dances of many countries"),
    ("Infoabend: Ehrenamt für Neuzugewanderte", "Info evening: volunteering"),
    ("Jugenddebatte: Heimat ist …", "Youth debate: home is …"),
    ("Kinderfest im Park", "Children's party in the park"),
    ("Interreligiöser Dialog", "Interreligious dialogue"),
    ("Bewerbungstraining", "Job application training"),
]
PLACES_MANNHEIM = [
    ("Jungbusch", "68159"), ("Neckarstadt-West", "68169"), ("Innenstadt", "68161"),
    ("Schönau", "68307"), ("Waldhof", "68305"), ("Lindenhof", "68163"), ("Rheinau", "68219"),
    ("Vogelstang", "68309"), ("Käfertal", "68309"), ("Neckarau", "68199"),
]  # fmt: skip


def mannheim(b: Builder) -> None:
    municipality = b.municipality
    forum_body = Body.objects.filter(municipality=municipality, slug="migrationsforum").first()
    forum = b.format(
        "MigrationsFORUM",
        "migrationsforum",
        (
            "Offenes Forum für migrantische Organisationen, Initiativen und alle "
            "Interessierten: Austausch mit Stadtverwaltung und Politik, koordiniert vom "
            "Beauftragten für Integration und Migration.",
            "An open forum for migrant organisations, initiatives and everyone interested, "
            "coordinated by the Commissioner for Integration and Migration.",
        ),
        "zwei- bis dreimal im Jahr",
        body=forum_body,
    )
    aktionstage = b.format(
        "einander.Aktionstage",
        "einander-aktionstage",
        (
            "Einen Monat lang zeigen die Partner des Mannheimer Bündnisses für ein "
            "Zusammenleben in Vielfalt mit eigenen Veranstaltungen, wie Vielfalt in Mannheim "
            "gelebt wird.",
            "For a month, the partners of the Mannheim alliance show with their own events "
            "how diversity is lived in Mannheim.",
        ),
        "jedes Jahr einen Monat lang",
        accepts_submissions=True,
    )
    network = b.format(
        "Netzwerktreffen des Bündnisses",
        "netzwerktreffen",
        (
            "Die Unterzeichnenden der Mannheimer Erklärung treffen sich, planen gemeinsam "
            "und lernen einander kennen.",
            "The signatories of the Mannheim Declaration meet, plan together and get to know "
            "each other.",
        ),
        "zweimal im Jahr",
    )
    office_place: dict[str, Any] = {
        "place_name": "Stadthaus N 1",
        "room": "Bürgersaal",
        "street_address": "N 1",
        "postal_code": "68161",
        "locality": "Mannheim",
        "step_free": True,
        "hearing_loop": True,
        "accessible_toilet": True,
        "childcare": None,
    }
    # The MigrationsFORUM's published meetings, shown through events linked to them.
    if forum_body is not None:
        for meeting in Meeting.objects.filter(
            municipality=municipality, body=forum_body, published_at__isnull=False
        ).select_related("location"):
            place = meeting.location
            b.event(
                title=(meeting.name, ""),
                description=(f"Öffentliche Sitzung des {forum_body.name}.", ""),
                starts=[(meeting.start, meeting.end or meeting.start + timedelta(hours=2))],
                format=forum,
                organiser=Event.Organiser.BODY,
                organiser_body=forum_body,
                meeting=meeting,
                target_groups=["everyone", "organisations"],
                languages=["de"],
                place_name=place.description if place else "",
                street_address=place.street_address if place else "",
                postal_code=place.postal_code if place else "",
                locality=place.locality if place else "",
                step_free=place.step_free if place else None,
                hearing_loop=place.hearing_loop if place else None,
                accessible_toilet=place.accessible_toilet if place else None,
            )
    # A MigrationsFORUM workshop that is full: places offered with a deadline, one pending.
    workshop, (workshop_date,) = b.event(
        title=(
            "MigrationsFORUM-Werkstatt: Mitreden im Quartier",
            "MigrationsFORUM workshop: having a say in the neighbourhood",
        ),
        description=(
            "Wie bringen migrantische Vereine ihre Anliegen in die Bezirksbeiräte? Eine "
            "Werkstatt mit Beispielen aus Jungbusch und Neckarstadt-West, mit Verdolmetschung.",
            "How do migrant associations bring their concerns to the district councils? A "
            "workshop with examples from Jungbusch and Neckarstadt-West, with interpreting.",
        ),
        starts=[(b.at(23, 17), b.at(23, 20, 30))],
        format=forum,
        languages=["de", "tr", "ar"],
        interpreting=["tr", "ar", "uk"],
        target_groups=["organisations", "volunteers"],
        registration=True,
        capacity=30,
        max_places=4,
        freed_places=Event.FreedPlaces.OFFER,
        registration_closes_at=b.at(21, 12),
        **office_place,
    )
    questions = b.questions(workshop)
    b.registrations(workshop_date, [("confirmed", 29), ("offered", 1)], questions=questions)
    b.registrations(workshop_date, [("waiting", 8)], families=True, questions=questions)
    # The network meeting five days ago: check-in done, the closing report still to write.
    held, (held_date,) = b.event(
        title=("Netzwerktreffen des Bündnisses: Frühjahr", "Network meeting of the alliance"),
        description=(
            "Rückblick auf die Aktionstage, Planung des nächsten Jahres, Kennenlernen neuer "
            "Unterzeichnender.",
            "",
        ),
        starts=[(b.at(-5, 18), b.at(-5, 20, 30))],
        format=network,
        target_groups=["organisations"],
        languages=["de"],
        registration=True,
        capacity=80,
        max_places=2,
        **office_place,
    )
    b.registrations(held_date, [("confirmed", 41), ("cancelled", 3)], checked_in=0.8)
    _working_groups(
        b,
        [
            GroupPlan(
                "AG Mitreden im Quartier",
                "ag-mitreden-im-quartier",
                held,
                "Migrantische Vereine in den Bezirksbeiräten hörbar machen.",
                "Beispiele aus drei Stadtteilen sammeln, eine Handreichung für Vereine schreiben "
                "und dem MigrationsFORUM vorstellen.",
                b.today - timedelta(days=5),
                b.today + timedelta(days=360),
                "Teilhabe",
                "Auftakt mit zwölf Vereinen",
            )
        ],
        organisations_from=20,
    )
    # The next one, open for registration.
    b.event(
        title=("Netzwerktreffen des Bündnisses: Herbst", "Network meeting of the alliance"),
        description=("Vorstellung der Arbeitsschwerpunkte, Austausch in Tischgruppen.", ""),
        starts=[(b.at(120, 18), b.at(120, 20, 30))],
        format=network,
        target_groups=["organisations"],
        languages=["de"],
        registration=True,
        capacity=80,
        max_places=2,
        **office_place,
    )
    # An online information evening: the link only for people with a place.
    _online, (online_date,) = b.event(
        title=(
            "Online-Infoabend: Einbürgerung – wie geht das?",
            "Online information evening: naturalisation",
        ),
        description=(
            "Die Einbürgerungsbehörde erklärt Schritte, Unterlagen und Fristen und beantwortet "
            "Fragen. Mit Verdolmetschung ins Arabische und Ukrainische.",
            "The naturalisation office explains steps, documents and deadlines.",
        ),
        starts=[(b.at(9, 18, 30), b.at(9, 20))],
        online=True,
        online_url="https://konferenz.mannheim.example/einbuergerung",
        languages=["de"],
        interpreting=["ar", "uk"],
        target_groups=["newcomers"],
        registration=True,
        capacity=100,
    )
    b.registrations(online_date, [("confirmed", 37)])
    _aktionstage(b, aktionstage)


def _aktionstage(b: Builder, aktionstage: Format) -> None:
    """The Aktionstage month: about 75 events submitted by organisations of the network."""
    municipality = b.municipality
    first = (b.today + timedelta(days=45)).replace(day=1)
    days = ((first + timedelta(days=32)).replace(day=1) - first).days
    partners = list(
        Organisation.objects.filter(municipality=municipality, status="published")
        .exclude(name=MANNHEIM_REPRESENTED)
        .order_by("pk")[:120]
    )
    represented = Organisation.objects.filter(
        municipality=municipality, name=MANNHEIM_REPRESENTED
    ).first()
    submitter = User.objects.filter(email="verein@mannheim.example").first()
    chosen = b.rng.sample(partners, min(72, len(partners)))
    if represented is not None:
        chosen = [represented, represented, represented, *chosen]
    for index, organisation in enumerate(chosen):
        title = AKTIONSTAGE_TITLES[index % len(AKTIONSTAGE_TITLES)]
        _district, postal_code = PLACES_MANNHEIM[index % len(PLACES_MANNHEIM)]
        day = first + timedelta(days=b.rng.randrange(days))
        hour = b.rng.choice([10, 14, 15, 16, 17, 18, 19])
        start = datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())
        length = timedelta(hours=b.rng.choice([1.5, 2, 2, 3, 4]))
        if index < 3 and represented is not None:
            state = [Event.State.PUBLISHED, Event.State.SUBMITTED, Event.State.REJECTED][index]
        elif index % 11 == 5:
            state = Event.State.SUBMITTED
        elif index % 29 == 7:
            state = Event.State.REJECTED
        else:
            state = Event.State.PUBLISHED
        b.event(
            title=title,
            description=(
                f"{title[0]} – ein Beitrag von {organisation.name} zu den einander.Aktionstagen.",
                "",
            ),
            starts=[(start, start + length)],
            state=state,
            format=aktionstage,
            organiser=Event.Organiser.ORGANISATION,
            organiser_organisation=organisation,
            place_name=organisation.name[:200],
            street_address=organisation.street or "",
            postal_code=organisation.postal_code or postal_code,
            locality=organisation.city or "Mannheim",
            step_free=b.rng.choice([True, True, False, None]),
            hearing_loop=b.rng.choice([None, None, False, True]),
            accessible_toilet=b.rng.choice([True, None, False]),
            childcare=b.rng.choice([None, True, False]),
            languages=b.rng.sample(["de", "tr", "ar", "uk", "ru", "en", "fa", "pl"], 2)
            if b.rng.random() < 0.5
            else ["de"],
            target_groups=b.rng.sample(
                ["everyone", "families", "youth", "women", "newcomers", "seniors"], 1
            ),
            free=b.rng.random() < 0.9,
            submitted_by=submitter if organisation == represented else None,
            submitted_at=b.now - timedelta(days=b.rng.randint(2, 20)),
            review_note="Bitte ergänzen Sie den Ort: Das Vereinsheim ist ohne Straße nicht "
            "zu finden."
            if state == Event.State.REJECTED
            else "",
        )


# Bamberg ----------------------------------------------------------------------------------


def bamberg(b: Builder) -> None:
    municipality = b.municipality
    runder_tisch = b.format(
        "Runder Tisch Integration",
        "runder-tisch-integration",
        (
            "Fachlicher Austausch und themenspezifischer Diskurs aller integrationsrelevanten "
            "Institutionen, Vereine und Organisationen.",
            "Professional exchange and themed discussion of all institutions, associations and "
            "organisations working on integration.",
        ),
        "einmal im Jahr, im Frühjahr",
    )
    fachforum = b.format(
        "Fachforum Integration",
        "fachforum-integration",
        (
            "Fachtagung mit Weiterbildungsangeboten und Informationsaustausch; mindestens "
            "eine große Veranstaltung im Jahr.",
            "A conference with training and exchange of information; at least one large event "
            "a year.",
        ),
        "einmal im Jahr, im Herbst",
    )
    place: dict[str, Any] = {
        "place_name": "Rathaus Maxplatz",
        "room": "Spiegelsaal",
        "street_address": "Maximiliansplatz 3",
        "postal_code": "96047",
        "locality": "Bamberg",
        "step_free": True,
        "hearing_loop": None,
        "accessible_toilet": True,
        "childcare": True,
    }
    last_table, (last_table_date,) = b.event(
        title=("Runder Tisch Integration", "Round table on integration"),
        description=("Schwerpunkt: Sprache und Sport. Austausch in Tischgruppen.", ""),
        starts=[(b.at(-220, 14), b.at(-220, 17))],
        format=runder_tisch,
        languages=["de"],
        target_groups=["organisations", "professionals"],
        registration=True,
        capacity=60,
        **place,
    )
    b.registrations(last_table_date, [("confirmed", 48), ("cancelled", 4)], checked_in=0.85)
    ClosingReport.objects.create(
        municipality=municipality,
        date=last_table_date,
        attendees=43,
        other_organisations="Volkshochschule Bamberg Stadt\nJobcenter Bamberg Stadt",
        minutes="Begrüßung durch den Fachbereich; drei Tischgruppen zu Sprache im Verein, "
        "Ehrenamt und Übergang Schule–Beruf.",
        results="Gründung der AG Sprachförderung im Sport mit Auftrag bis Jahresende.",
    )
    next_table, (next_table_date,) = b.event(
        title=("Runder Tisch Integration", "Round table on integration"),
        description=(
            "Schwerpunkt in diesem Jahr: Teilhabe am Arbeitsmarkt. Mit Berichten der "
            "Arbeitsgruppen.",
            "This year's focus: access to work. With reports of the working groups.",
        ),
        starts=[(b.at(38, 14), b.at(38, 17))],
        format=runder_tisch,
        languages=["de"],
        interpreting=["ar", "uk"],
        target_groups=["organisations", "professionals", "volunteers"],
        registration=True,
        capacity=60,
        max_places=3,
        **place,
    )
    b.registrations(next_table_date, [("confirmed", 23)], questions=b.questions(next_table))
    last_forum, (last_forum_date,) = b.event(
        title=("Fachforum Integration", "Integration conference"),
        description=("Vorträge und Workshops zur interkulturellen Öffnung der Verwaltung.", ""),
        starts=[(b.at(-130, 9), b.at(-130, 16))],
        format=fachforum,
        languages=["de"],
        target_groups=["professionals", "organisations"],
        registration=True,
        capacity=120,
        **place,
    )
    b.registrations(last_forum_date, [("confirmed", 104)], checked_in=0.9)
    ClosingReport.objects.create(
        municipality=municipality,
        date=last_forum_date,
        attendees=95,
        minutes="Vier Workshops; Podium mit dem Migranten- und Integrationsbeirat.",
        results="Gründung der AG Interkulturelle Öffnung der Verwaltung.",
    )
    # This year's Fachforum over two days: full, with a waiting list that moves up at once.
    _forum, (forum_date,) = b.event(
        title=("Fachforum Integration: Zwei Tage Weiterbildung", "Integration conference"),
        description=(
            "Zwei Tage mit Fachvorträgen, Workshops und Markt der Möglichkeiten.",
            "Two days of talks, workshops and a market of initiatives.",
        ),
        starts=[(b.at(150, 9), b.at(151, 16))],
        format=fachforum,
        languages=["de"],
        interpreting=["en"],
        target_groups=["professionals", "organisations", "volunteers"],
        registration=True,
        capacity=40,
        **place,
    )
    b.registrations(forum_date, [("confirmed", 40), ("waiting", 6)])
    _working_groups(
        b,
        [
            GroupPlan(
                "AG Sprachförderung im Sport",
                "ag-sprachfoerderung-im-sport",
                last_table,
                "Sprachpatenschaften in zehn Bamberger Sportvereinen aufbauen.",
                "Ein Konzept für Sprachpatenschaften im Verein erarbeiten und mit zwei Vereinen "
                "erproben; dem Runden Tisch berichten.",
                b.today - timedelta(days=210),
                b.today + timedelta(days=35),
                "Sprache",
                "Leitfaden Sprachpatenschaft",
            ),
            GroupPlan(
                "AG Interkulturelle Öffnung der Verwaltung",
                "ag-interkulturelle-oeffnung",
                last_forum,
                "Mehrsprachige Informationen und Ansprechpersonen in den Ämtern mit dem meisten "
                "Kundenkontakt.",
                "Bestandsaufnahme in fünf Ämtern, Empfehlungen an die Lenkungsgruppe.",
                b.today - timedelta(days=120),
                b.today + timedelta(days=300),
                "Teilhabe am Arbeitsmarkt",
                "Bestandsaufnahme abgeschlossen",
            ),
        ],
    )
    _subscription(b)


@dataclass(frozen=True)
class GroupPlan:
    name: str
    slug: str
    founded_at: Event
    goal: str
    mandate: str
    start: date
    end: date
    topic: str
    result: str


def _working_groups(b: Builder, plans: list[GroupPlan], organisations_from: int = 0) -> None:
    """Working groups (bodies of kind "working group") with the demo body member of the city
    in them, a few organisations of the network and a first result."""
    municipality = b.municipality
    organisations = list(
        Organisation.objects.filter(municipality=municipality, status="published").order_by("pk")[
            organisations_from : organisations_from + 6
        ]
    )
    user = User.objects.filter(email=f"gremium@{municipality.slug}.example").first()
    member = Person.objects.filter(municipality=municipality, user=user).first() if user else None
    for index, plan in enumerate(plans):
        body = Body.objects.create(
            municipality=municipality,
            name=plan.name,
            slug=plan.slug,
            kind=Body.Kind.WORKING_GROUP,
            purpose={"de": f"Gegründet beim {plan.founded_at}."},
            goal={"de": plan.goal},
            mandate={"de": plan.mandate},
            start_date=plan.start,
            planned_end_date=plan.end,
        )
        group = WorkingGroup.objects.create(
            municipality=municipality,
            body=body,
            founded_at=plan.founded_at,
            focus_topic=plan.topic,
            focus_year=b.today.year,
        )
        WorkingGroupOrganisation.objects.bulk_create(
            WorkingGroupOrganisation(
                municipality=municipality, group=group, organisation=organisation, since=plan.start
            )
            for organisation in organisations[index * 3 : index * 3 + 3]
        )
        if member is not None:
            Membership.objects.create(
                municipality=municipality,
                body=body,
                person=member,
                role=Membership.Role.CHAIR if index == 0 else Membership.Role.MEMBER,
                start_date=plan.start,
            )
        WorkingGroupResult.objects.create(
            municipality=municipality,
            group=group,
            title=plan.result,
            achieved_on=b.today - timedelta(days=3),
        )


def _subscription(b: Builder) -> None:
    municipality = b.municipality
    organisation = Organisation.objects.filter(
        municipality=municipality, name=BAMBERG_REPRESENTED
    ).first()
    treff = b.format(
        "Sprachcafé und Treffpunkte",
        "sprachcafe",
        (
            "Offene Treffpunkte der Vereine, aus ihren eigenen Kalendern übernommen.",
            "Open meeting points of the associations, taken over from their own calendars.",
        ),
        "wöchentlich",
    )
    subscription = CalendarSubscription.objects.create(
        municipality=municipality,
        format=treff,
        url="https://cloud.sportfreunde-kompass.example/remote.php/dav/public-calendars/"
        "sprachcafe?export",
        organisation=organisation,
        every_hours=12,
    )
    subscription_import(subscription=subscription, content=DEMO_CALENDAR.read_bytes())


PLANS = {"mannheim": mannheim, "bamberg": bamberg}
