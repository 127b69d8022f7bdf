"""The demo's integration reports: composed, in draft, ready to be produced."""

from querschnitt.core.models import Municipality
from querschnitt.monitoring.models import Indicator, Report, ReportSection

INTRODUCTION = {
    "mannheim": (
        "Integrationsbericht 2022",
        "Der Beauftragte für Integration und Migration berichtet dem Gemeinderat, der "
        "Verwaltung und der Öffentlichkeit über den Stand der Integration in Mannheim. Dieser "
        "Bericht beruht auf dem kommunalen Integrationsmonitoring: Daten des Melderegisters, "
        "der Bundesagentur für Arbeit und der amtlichen Statistik, für die ganze Stadt und "
        "ihre 17 Stadtbezirke.\n\nAlle Zahlen sind Demonstrationsdaten.",
    ),
    "bamberg": (
        "Integrationsbericht 2022 – Fachcontrolling",
        "Integration ist in Bamberg eine Querschnittsaufgabe aller Referate und Ämter. Der "
        "Fachbereich Integration, Ehrenamt und Familie legt mit diesem Bericht die Kennzahlen "
        "für die Zielfindung und das Fachcontrolling vor.\n\nAlle Zahlen sind "
        "Demonstrationsdaten.",
    ),
}
SECTIONS = [
    ("einwohner", "Bevölkerung", False),
    ("migrationshintergrund", "Menschen mit Migrationshintergrund", True),
    ("einwanderungsgeschichte", "Einwanderungsgeschichte", False),
    ("staatsangehoerigkeiten", "Herkunft", False),
    ("einbuergerungen-b2a", "Einbürgerung", False),
    ("kita-3-bis-6", "Frühe Bildung", False),
    ("schulabschluesse", "Schule", False),
    ("arbeitslosigkeit", "Arbeit", False),
]
CLOSING = (
    "Ausblick",
    "Die Kennzahlen werden jährlich fortgeschrieben. Wo ein Wert mit einem Punkt („.“) "
    "erscheint, ist er aus Gründen der statistischen Geheimhaltung nicht veröffentlicht.",
)


def ensure_report(municipality: Municipality, slug: str) -> None:
    title, introduction = INTRODUCTION[slug]
    report, created = Report.objects.get_or_create(
        municipality=municipality, title=title, defaults={"year": 2022, "language": "de"}
    )
    if not created:
        return
    indicators = {i.key: i for i in Indicator.objects.filter(municipality=municipality)}
    sections = [ReportSection(kind="text", heading="Einleitung", body=introduction)]
    for key, heading, show_map in SECTIONS:
        if key in indicators:
            sections.append(
                ReportSection(
                    kind="indicator",
                    heading=heading,
                    indicator=indicators[key],
                    show_map=show_map and slug == "mannheim",
                )
            )
    sections.append(ReportSection(kind="segregation", heading="Wohnen in den Stadtteilen"))
    sections.append(ReportSection(kind="text", heading=CLOSING[0], body=CLOSING[1]))
    for position, section in enumerate(sections):
        section.municipality = municipality
        section.report = report
        section.position = position
    ReportSection.objects.bulk_create(sections)
