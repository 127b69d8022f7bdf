"""Demo target systems: Mannheim's goals of 2009 under its four Handlungsschwerpunkte and
Bamberg's Leitbild Integration (FIP, then the new concept of 2017), with indicators for
controlling.

Built from the seed texts and `reference/domain.md` section 3. The wording of the goals below
the guiding principles, the days of adoption and every figure are the demo's own, not the
cities' (the seed texts name the year 2009 and the Leitbild, not their text)."""

from datetime import date
from decimal import Decimal
from typing import Any

from querschnitt.core.models import Municipality
from querschnitt.monitoring.models import Indicator
from querschnitt.strategy.models import (
    ControllingIndicator,
    FieldOfAction,
    Goal,
    GoalVersion,
    IndicatorTarget,
)

# Bamberg's fields of action, as its four FIP working groups defined them (2007–2013), and
# the cross-cutting field of the new concept (2017).
BAMBERG_FIELDS: list[dict[str, Any]] = [
    {
        "key": "sprache-bildung",
        "name": {"de": "Sprache und Bildung", "en": "Language and education"},
        "description": {
            "de": "Sprachförderung von der Kita bis zur Erwachsenenbildung, Elternarbeit, "
            "Übergang Schule–Beruf.",
            "en": "Language support from childcare to adult education, work with parents, "
            "the step from school to work.",
        },
    },
    {
        "key": "arbeit-wirtschaft",
        "name": {"de": "Arbeit und Wirtschaft", "en": "Work and economy"},
        "description": {
            "de": "Ausbildung, Anerkennung von Abschlüssen, Zugang zum Arbeitsmarkt.",
            "en": "Vocational training, recognition of qualifications, access to work.",
        },
    },
    {
        "key": "soziales-wohnen",
        "name": {"de": "Soziales, Gesundheit und Wohnen", "en": "Social affairs, health, housing"},
        "description": {
            "de": "Beratung, Gesundheit, Wohnen und Nachbarschaft.",
            "en": "Counselling, health, housing and neighbourhood.",
        },
    },
    {
        "key": "kultur-sport-religion",
        "name": {"de": "Kultur, Sport und Religion", "en": "Culture, sport and religion"},
        "description": {
            "de": "Begegnung in Vereinen, Kultur und Glaubensgemeinschaften.",
            "en": "Meeting in clubs, culture and faith communities.",
        },
    },
    {
        "key": "querschnitt",
        "name": {
            "de": "Integration als Querschnittsaufgabe der Verwaltung",
            "en": "Integration as a cross-cutting task of the administration",
        },
        "description": {
            "de": "Alle Referate, Ämter und städtischen Unternehmen berücksichtigen die Belange "
            "von Menschen mit Migrationshintergrund (Kommunale Integrationsförderung seit 2017).",
            "en": "Every department, office and municipal company takes account of people with "
            "a migration background (municipal integration work since 2017).",
        },
    },
]

# (key, level, parent key, fields, title de, title en)
G = tuple[str, str, str | None, tuple[str, ...], str, str]

MANNHEIM_GOALS: list[G] = [
    (
        "L",
        "guiding_principle",
        None,
        (),
        "Ziele und Grundsätze der Mannheimer Integrationspolitik",
        "Goals and principles of Mannheim's integration policy",
    ),
    (
        "S1",
        "strategic",
        "L",
        ("integrationspolitik",),
        "Integration wird als Querschnittsaufgabe der ganzen Verwaltung gesteuert",
        "Integration is steered as a cross-cutting task of the whole administration",
    ),
    (
        "S1.1",
        "operational",
        "S1",
        (),
        "Jede Dienststelle benennt Integrationsziele und berichtet jährlich darüber",
        "Every department names integration goals and reports on them every year",
    ),
    (
        "S1.2",
        "operational",
        "S1",
        (),
        "Die Verwaltung öffnet sich interkulturell",
        "The administration opens up interculturally",
    ),
    (
        "S2",
        "strategic",
        "L",
        ("neuzuwanderung",),
        "Neuzugewanderte finden schnell Orientierung, Sprache und Arbeit",
        "Newcomers quickly find their way, the language and work",
    ),
    (
        "S2.1",
        "operational",
        "S2",
        (),
        "Neuzugewanderte erhalten binnen drei Monaten eine Erstberatung",
        "Newcomers get first counselling within three months",
    ),
    (
        "S2.2",
        "operational",
        "S2",
        (),
        "Integrations- und Berufssprachkurse reichen für den Bedarf",
        "Integration and job-related language courses meet the need",
    ),
    (
        "S3",
        "strategic",
        "L",
        ("teilhabe",),
        "Menschen mit Migrationsgeschichte haben gleiche Chancen auf Bildung, Arbeit und Teilhabe",
        "People with a history of migration have equal chances in education, work and "
        "participation",
    ),
    (
        "S3.1",
        "operational",
        "S3",
        (),
        "Kinder mit Migrationsgeschichte besuchen früh eine Kindertagesstätte",
        "Children with a history of migration attend childcare early",
    ),
    (
        "S3.2",
        "operational",
        "S3",
        (),
        "Migrantenorganisationen sind gestärkt und an Entscheidungen beteiligt",
        "Migrant organisations are strong and take part in decisions",
    ),
    (
        "S4",
        "strategic",
        "L",
        ("zusammenleben",),
        "Mannheim ist durch eine solidarische Stadtgesellschaft geprägt und Vorbild für das "
        "Zusammenleben in Metropolen",
        "Mannheim is shaped by a society of solidarity and a model for living together in "
        "metropolises",
    ),
    (
        "S4.1",
        "operational",
        "S4",
        (),
        "Diskriminierung wird erkannt, dokumentiert und bearbeitet",
        "Discrimination is recognised, documented and dealt with",
    ),
    (
        "S4.2",
        "operational",
        "S4",
        (),
        "Interkultureller und interreligiöser Dialog findet in allen Stadtteilen statt",
        "Intercultural and interreligious dialogue takes place in every district",
    ),
    (
        "S4.3",
        "operational",
        "S4",
        (),
        "Das Engagement gegen Rechtsextremismus ist in den Stadtteilen verankert",
        "Engagement against right-wing extremism is rooted in the districts",
    ),
]

BAMBERG_GOALS: list[G] = [
    (
        "L",
        "guiding_principle",
        None,
        (),
        "Bamberger Leitbild Integration",
        "Bamberg's guiding principles of integration",
    ),
    (
        "Z1",
        "strategic",
        "L",
        ("sprache-bildung",),
        "Alle Kinder und Erwachsenen haben Zugang zu Sprache und Bildung",
        "Every child and adult has access to language and education",
    ),
    (
        "Z1.1",
        "operational",
        "Z1",
        (),
        "Sprachförderung erreicht Kinder vor der Einschulung",
        "Language support reaches children before school",
    ),
    (
        "Z1.2",
        "operational",
        "Z1",
        (),
        "Eltern sind an der Bildung ihrer Kinder beteiligt",
        "Parents take part in their children's education",
    ),
    (
        "Z2",
        "strategic",
        "L",
        ("arbeit-wirtschaft",),
        "Zugewanderte finden Ausbildung und Arbeit ihrer Qualifikation gemäß",
        "Immigrants find training and work that match their qualifications",
    ),
    (
        "Z2.1",
        "operational",
        "Z2",
        (),
        "Ausländische Abschlüsse werden anerkannt",
        "Foreign qualifications are recognised",
    ),
    (
        "Z3",
        "strategic",
        "L",
        ("soziales-wohnen",),
        "Beratung, Gesundheit und Wohnen sind für alle zugänglich",
        "Counselling, health and housing are open to all",
    ),
    (
        "Z4",
        "strategic",
        "L",
        ("kultur-sport-religion",),
        "Vereine, Kultur und Glaubensgemeinschaften öffnen sich und begegnen einander",
        "Clubs, culture and faith communities open up and meet each other",
    ),
    (
        "Z5",
        "strategic",
        "L",
        ("querschnitt",),
        "Alle Referate und Ämter berücksichtigen die Belange von Menschen mit "
        "Migrationshintergrund",
        "Every department and office takes account of people with a migration background",
    ),
    (
        "Z5.1",
        "operational",
        "Z5",
        (),
        "Jedes Amt hat seine Angebote für Zugewanderte erfasst (Bestandsaufnahme)",
        "Every office has listed what it offers immigrants (inventory)",
    ),
]

# (key, goal key, name de, name en, unit, decimals, direction, baseline, baseline year,
#  {year: target}, monitoring indicator key)
IndicatorPlan = tuple[str, str, str, str, str, int, str, str, int, dict[int, str], str]


def mannheim_indicators(year: int) -> list[IndicatorPlan]:
    return [
        (
            "erstberatung",
            "S2.1",
            "Neuzugewanderte mit Erstberatung binnen drei Monaten",
            "Newcomers counselled within three months",
            "%",
            0,
            "higher",
            "48",
            year - 2,
            {year - 1: "55", year: "62", year + 1: "70"},
            "",
        ),
        (
            "kursplaetze",
            "S2.2",
            "Plätze in Integrationskursen",
            "Places in integration courses",
            "Plätze",
            0,
            "higher",
            "1800",
            year - 2,
            {year - 1: "1950", year: "2100", year + 1: "2250"},
            "",
        ),
        (
            "kita-u3",
            "S3.1",
            "Kinder unter drei Jahren mit Migrationshintergrund in Kitas",
            "Children under three with a migration background in childcare",
            "Kinder",
            0,
            "higher",
            "640",
            year - 2,
            {year - 1: "700", year: "760", year + 1: "820"},
            "kita-unter-3",
        ),
        (
            "antidis-faelle",
            "S4.1",
            "Dokumentierte Fälle der Antidiskriminierungsberatung",
            "Documented cases of anti-discrimination counselling",
            "Fälle",
            0,
            "higher",
            "90",
            year - 2,
            {year - 1: "110", year: "130", year + 1: "150"},
            "",
        ),
        (
            "ausbildung-vielfalt",
            "S1.2",
            "Anteil der Auszubildenden der Stadt mit Migrationsgeschichte",
            "Share of the city's apprentices with a history of migration",
            "%",
            1,
            "higher",
            "24.0",
            year - 2,
            {year - 1: "26.0", year: "28.0", year + 1: "30.0"},
            "",
        ),
    ]


def bamberg_indicators(year: int) -> list[IndicatorPlan]:
    return [
        (
            "sprachfoerderung-kita",
            "Z1.1",
            "Kinder in vorschulischer Sprachförderung (Vorkurs)",
            "Children in language support before school",
            "Kinder",
            0,
            "higher",
            "210",
            2016,
            {year - 1: "300", year: "320", year + 1: "340"},
            "",
        ),
        (
            "anerkennungsberatung",
            "Z2.1",
            "Beratungen zur Anerkennung ausländischer Abschlüsse",
            "Counselling on the recognition of foreign qualifications",
            "Beratungen",
            0,
            "higher",
            "60",
            2016,
            {year - 1: "120", year: "140", year + 1: "160"},
            "",
        ),
        (
            "aemter-bestandsaufnahme",
            "Z5.1",
            "Ämter mit abgeschlossener Bestandsaufnahme",
            "Offices whose inventory is complete",
            "Ämter",
            0,
            "higher",
            "0",
            2017,
            {year - 1: "10", year: "14", year + 1: "18"},
            "",
        ),
    ]


def load_goals(municipality: Municipality, city: dict[str, Any]) -> None:
    """The city's target system; left alone once there is one."""
    slug = city["slug"]
    if (
        slug not in ("mannheim", "bamberg")
        or Goal.objects.filter(municipality=municipality).exists()
    ):
        return
    from django.utils import timezone

    year = timezone.localdate().year
    if slug == "bamberg":
        for position, field in enumerate(BAMBERG_FIELDS):
            FieldOfAction.objects.update_or_create(
                municipality=municipality,
                key=field["key"],
                defaults={
                    "name": field["name"],
                    "description": field["description"],
                    "position": position,
                },
            )
    fields = {f.key: f for f in FieldOfAction.objects.filter(municipality=municipality)}
    plan = MANNHEIM_GOALS if slug == "mannheim" else BAMBERG_GOALS
    goals: dict[str, Goal] = {}
    for position, (key, level, parent, field_keys, title_de, title_en) in enumerate(plan):
        goal = Goal.objects.create(
            municipality=municipality,
            key=key,
            level=level,
            parent=goals[parent] if parent else None,
            title={"de": title_de, "en": title_en},
            position=position,
        )
        goal.fields_of_action.set([fields[k] for k in field_keys])
        goals[key] = goal
    principle = goals["L"]
    if slug == "mannheim":
        GoalVersion.objects.create(
            municipality=municipality,
            goal=principle,
            number=1,
            text={
                "de": "Integration ist ein gemeinschaftlicher Anpassungsprozess und eine "
                "Aufgabe der gesamten Stadtgesellschaft und ihrer Institutionen. Die Ziele und "
                "Grundsätze bieten einen verbindlichen Orientierungsrahmen für das "
                "integrationspolitische Handeln der Stadt.",
                "en": "Integration is a shared process of adaptation and a task for the whole "
                "of urban society and its institutions. The goals and principles are a "
                "binding frame for the city's integration policy.",
            },
            adopted_on=date(2009, 7, 21),
            adopted_by="Gemeinderat",
        )
    else:
        GoalVersion.objects.bulk_create(
            [
                GoalVersion(
                    municipality=municipality,
                    goal=principle,
                    number=1,
                    text={
                        "de": "Die Stadt Bamberg fördert das gleichberechtigte Zusammenleben "
                        "und gleiche Chancen für alle Mitbürgerinnen und Mitbürger mit und "
                        "ohne Migrationshintergrund (Flächenübergreifendes "
                        "Integrationsprojekt).",
                    },
                    adopted_on=date(2010, 7, 20),
                    adopted_by="Stadtrat",
                ),
                GoalVersion(
                    municipality=municipality,
                    goal=principle,
                    number=2,
                    text={
                        "de": "Integration ist eine Querschnittsaufgabe, die alle Bereiche "
                        "kommunalen Handelns betrifft und von allen Referaten und Ämtern der "
                        "Stadt sowie den städtischen Unternehmen berücksichtigt wird. Ziel ist "
                        "die lebenslagengerechte und gleichberechtigte Teilhabe aller Gruppen "
                        "an der Bamberger Stadtgesellschaft.",
                    },
                    adopted_on=date(2017, 3, 29),
                    adopted_by="Stadtrat",
                    note="Neuausrichtung als Kommunale Integrationsförderung",
                ),
            ]
        )
    monitoring = {i.key: i for i in Indicator.objects.filter(municipality=municipality)}
    plan_indicators = mannheim_indicators(year) if slug == "mannheim" else bamberg_indicators(year)
    for position, (
        key,
        goal,
        de,
        en,
        unit,
        decimals,
        direction,
        baseline,
        baseline_year,
        targets,
        monitoring_key,
    ) in enumerate(plan_indicators):
        indicator = ControllingIndicator.objects.create(
            municipality=municipality,
            key=key,
            goal=goals[goal],
            name={"de": de, "en": en},
            unit=unit,
            decimals=decimals,
            direction=direction,
            baseline=Decimal(baseline),
            baseline_year=baseline_year,
            monitoring_indicator=monitoring.get(monitoring_key),
            position=position,
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(
                municipality=municipality, indicator=indicator, year=y, value=Decimal(v)
            )
            for y, v in targets.items()
        )
