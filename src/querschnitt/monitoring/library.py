"""The standard indicators that ship with Querschnitt, installed wherever the data allows.

Each refers to figures by key: the four tables counted from a register extract
(`extract_format.FIGURES`) and the usual tables of the employment agency, the child and youth
welfare statistics, the naturalisation statistics and the school statistics (keys below).
Codes follow the Länder set (integrationsmonitoring-laender.de) where an indicator follows it;
where a municipality lacks the Länder's source (the microcensus), the municipal form is named
as such in its method notes.
"""

from typing import Any

FOREIGN = {"numerator": {"citizenship": ["foreign"]}, "denominator": {"citizenship": ["foreign"]}}
GERMAN = {"numerator": {"citizenship": ["de"]}, "denominator": {"citizenship": ["de"]}}
ALL: dict[str, Any] = {"numerator": {}, "denominator": {}}


def series(key: str, de: str, en: str, base: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "label": {"de": de, "en": en}, **base}


STANDARD: list[dict[str, Any]] = [
    {
        "key": "einwohner",
        "topic": "population",
        "unit": "count",
        "decimals": 0,
        "numerator": "population",
        "name": {"de": "Einwohnerinnen und Einwohner", "en": "Residents"},
        "description": {
            "de": "Einwohnerinnen und Einwohner mit Hauptwohnsitz am Stichtag.",
            "en": "Residents with their main residence on the reference date.",
        },
        "relevance": {
            "de": "Die Bezugsgröße aller Anteile: wie viele Menschen in der Stadt und in "
            "jedem Stadtbezirk leben.",
            "en": "The base of every share: how many people live in the city and each district.",
        },
        "method": {
            "de": "Ausgezählt aus dem anonymisierten Auszug des Melderegisters.",
            "en": "Counted from the anonymised extract of the population register.",
        },
    },
    {
        "key": "migrationshintergrund",
        "topic": "population",
        "unit": "percent",
        "numerator": "population",
        "numerator_filter": {"migration": ["mh"]},
        "denominator": "population",
        "name": {
            "de": "Anteil der Bevölkerung mit Migrationshintergrund",
            "en": "Share of residents with a migration background",
        },
        "description": {
            "de": "Einwohnerinnen und Einwohner mit Migrationshintergrund je 100 Einwohner.",
            "en": "Residents with a migration background per 100 residents.",
        },
        "relevance": {
            "de": "Zeigt, wie vielfältig die Stadtgesellschaft ist und wo Angebote der "
            "Integration besonders gebraucht werden.",
            "en": "Shows how diverse the city is and where integration services are most needed.",
        },
        "method": {
            "de": "Migrationshintergrund nach dem Verfahren MigraPro aus dem Melderegister "
            "abgeleitet; Kinder über die Eltern im selben Haushalt.",
            "en": "Migration background derived from the register by the MigraPro procedure; "
            "children through their parents in the same household.",
        },
    },
    {
        "key": "einwanderungsgeschichte",
        "topic": "population",
        "unit": "percent",
        "numerator": "population_eg",
        "numerator_filter": {"migration": ["eg"]},
        "denominator": "population_eg",
        "series": [
            series("", "mit Einwanderungsgeschichte", "with immigration history", ALL),
            series(
                "eg1",
                "selbst eingewandert",
                "immigrated themselves",
                {"numerator": {"migration": ["eg1"]}, "denominator": {}},
            ),
            series(
                "eg2",
                "Nachkommen",
                "descendants",
                {"numerator": {"migration": ["eg2"]}, "denominator": {}},
            ),
        ],
        "name": {
            "de": "Anteil der Bevölkerung mit Einwanderungsgeschichte",
            "en": "Share of residents with an immigration history",
        },
        "description": {
            "de": "Selbst Eingewanderte und Nachkommen zweier eingewanderter Elternteile je "
            "100 Einwohner.",
            "en": "People who immigrated themselves and descendants of two immigrated parents "
            "per 100 residents.",
        },
        "relevance": {
            "de": "Die neuere Definition der Fachkommission Integrationsfähigkeit (2021); sie "
            "zählt die Nachkommen nur, wenn beide Eltern eingewandert sind.",
            "en": "The newer definition of the expert commission (2021); it counts descendants "
            "only if both parents immigrated.",
        },
        "method": {
            "de": "Aus dem Melderegister: im Ausland geboren; Kinder über die Eltern im selben "
            "Haushalt.",
            "en": "From the register: born abroad; children through their parents in the same "
            "household.",
        },
    },
    {
        "key": "auslaenderanteil",
        "topic": "citizenship",
        "unit": "percent",
        "numerator": "population",
        "numerator_filter": {"migration": ["foreign"]},
        "denominator": "population",
        "name": {"de": "Ausländeranteil", "en": "Share of foreign nationals"},
        "description": {
            "de": "Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit je 100 "
            "Einwohner.",
            "en": "Residents without German citizenship per 100 residents.",
        },
        "relevance": {
            "de": "Ausländerinnen und Ausländer sind vom Wahlrecht bei Landtags- und "
            "Bundestagswahlen ausgeschlossen; der Anteil zeigt, wie viele Menschen davon "
            "betroffen sind.",
            "en": "Foreign nationals cannot vote in state and federal elections; the share "
            "shows how many people are affected.",
        },
        "method": {
            "de": "Erste Staatsangehörigkeit im Melderegister nicht deutsch.",
            "en": "First nationality in the register not German.",
        },
    },
    {
        "key": "altersstruktur",
        "code": "A1a",
        "topic": "population",
        "unit": "percent",
        "numerator": "population",
        "denominator": "population",
        "breakdown": "age",
        "breakdown_in_denominator": False,
        "series": [
            series(
                "mh",
                "mit Migrationshintergrund",
                "with migration background",
                {"numerator": {"migration": ["mh"]}, "denominator": {"migration": ["mh"]}},
            ),
            series(
                "ohne",
                "ohne Migrationshintergrund",
                "without migration background",
                {
                    "numerator": {"migration": ["without"]},
                    "denominator": {"migration": ["without"]},
                },
            ),
        ],
        "name": {
            "de": "Altersstruktur nach Migrationshintergrund",
            "en": "Age structure by migration background",
        },
        "description": {
            "de": "Anteil jeder Altersgruppe an den Menschen mit und ohne Migrationshintergrund.",
            "en": "Share of each age group among people with and without a migration background.",
        },
        "relevance": {
            "de": "Menschen mit Migrationshintergrund sind im Schnitt jünger; das prägt den "
            "Bedarf an Kitas, Schulen und Ausbildung.",
            "en": "People with a migration background are younger on average; this shapes the "
            "need for childcare, schools and training.",
        },
        "method": {
            "de": "Wie A1a des Integrationsmonitorings der Länder, aber aus dem Melderegister "
            "statt dem Mikrozensus.",
            "en": "As A1a of the Länder monitoring, but from the register instead of the "
            "microcensus.",
        },
    },
    {
        "key": "staatsangehoerigkeiten",
        "topic": "citizenship",
        "unit": "count",
        "decimals": 0,
        "numerator": "foreign_nationality",
        "breakdown": "nationality",
        "name": {
            "de": "Die größten Gruppen nach Staatsangehörigkeit",
            "en": "The largest groups by nationality",
        },
        "description": {
            "de": "Ausländische Einwohnerinnen und Einwohner nach Staatsangehörigkeit.",
            "en": "Foreign residents by nationality.",
        },
        "relevance": {
            "de": "Wer neu ankommt und welche Sprachen gesprochen werden: Grundlage für "
            "Beratung, Übersetzung und Beiräte.",
            "en": "Who arrives and which languages are spoken: the base for counselling, "
            "translation and advisory councils.",
        },
        "method": {
            "de": "Erste Staatsangehörigkeit; kleinere Staaten zusammengefasst.",
            "en": "First nationality; smaller countries grouped.",
        },
    },
    {
        "key": "aufenthaltsdauer",
        "topic": "citizenship",
        "unit": "percent",
        "numerator": "foreign_residence",
        "numerator_filter": {"residence": ["8+"]},
        "denominator": "foreign_residence",
        "direction": "neutral",
        "name": {
            "de": "Ausländerinnen und Ausländer mit mindestens acht Jahren Wohndauer",
            "en": "Foreign nationals resident for at least eight years",
        },
        "description": {
            "de": "Anteil der ausländischen Einwohner, die seit mindestens acht Jahren in der "
            "Stadt wohnen.",
            "en": "Share of foreign residents who have lived in the city for at least eight years.",
        },
        "relevance": {
            "de": "Nach acht Jahren rechtmäßigen Aufenthalts ist die Einbürgerung möglich.",
            "en": "After eight years of lawful residence, naturalisation becomes possible.",
        },
        "method": {
            "de": "Gezählt ab dem Zuzug in die Stadt (das Melderegister kennt nur diesen); "
            "der Aufenthalt in Deutschland kann länger sein.",
            "en": "Counted from moving into the city (the only date the register holds); the "
            "residence in Germany may be longer.",
        },
    },
    {
        "key": "einbuergerungen-b2a",
        "code": "B2a",
        "topic": "citizenship",
        "unit": "percent",
        "decimals": 2,
        "direction": "higher",
        "numerator": "naturalisations",
        "denominator": "foreign_residence",
        "denominator_filter": {"residence": ["8+"]},
        "denominator_year_offset": -1,
        "name": {
            "de": "Einbürgerungsquote (ausgeschöpftes Potenzial)",
            "en": "Naturalisation rate (realised potential)",
        },
        "description": {
            "de": "Einbürgerungen im Jahr je 100 Ausländerinnen und Ausländer mit mindestens "
            "acht Jahren Aufenthalt am Ende des Vorjahres.",
            "en": "Naturalisations in the year per 100 foreign nationals with at least eight "
            "years of residence at the end of the previous year.",
        },
        "relevance": {
            "de": "Die Einbürgerung ist der Schritt zur vollen politischen Teilhabe.",
            "en": "Naturalisation is the step to full political participation.",
        },
        "method": {
            "de": "Wie B2a der Länder; Wohndauer aus dem Melderegister.",
            "en": "As B2a of the Länder set; length of residence from the register.",
        },
    },
    {
        "key": "einbuergerungen-b2b",
        "code": "B2b",
        "topic": "citizenship",
        "unit": "percent",
        "decimals": 2,
        "direction": "higher",
        "numerator": "naturalisations",
        "denominator": "population",
        "denominator_filter": {"migration": ["foreign"]},
        "denominator_year_offset": -1,
        "name": {"de": "Einbürgerungsquote", "en": "Naturalisation rate"},
        "description": {
            "de": "Einbürgerungen im Jahr je 100 Ausländerinnen und Ausländer am Ende des "
            "Vorjahres.",
            "en": "Naturalisations in the year per 100 foreign nationals at the end of the "
            "previous year.",
        },
        "relevance": {
            "de": "Wie viele Menschen jedes Jahr Deutsche werden, gemessen an allen Ausländern.",
            "en": "How many people become German each year, compared with all foreign nationals.",
        },
        "method": {"de": "Wie B2b der Länder.", "en": "As B2b of the Länder set."},
    },
    {
        "key": "kita-unter-3",
        "code": "C1a",
        "topic": "childcare",
        "unit": "percent",
        "numerator": "kita_children",
        "numerator_filter": {"age": ["0-2"], "migration": ["mh"]},
        "denominator": "kita_children",
        "denominator_filter": {"age": ["0-2"]},
        "name": {
            "de": "Kinder unter 3 Jahren in Kitas: Anteil mit Migrationshintergrund",
            "en": "Children under 3 in childcare: share with a migration background",
        },
        "description": {
            "de": "Anteil der Kinder mit mindestens einem Elternteil ausländischer Herkunft an "
            "allen Kindern unter 3 Jahren in Tageseinrichtungen.",
            "en": "Share of children with at least one parent of foreign origin among all "
            "children under 3 in day care.",
        },
        "relevance": {
            "de": "Frühe Bildung erleichtert den Spracherwerb und den Übergang in die Schule.",
            "en": "Early education eases language learning and the start of school.",
        },
        "method": {
            "de": "Kinder- und Jugendhilfestatistik, Stichtag 1. März.",
            "en": "Child and youth welfare statistics, reference date 1 March.",
        },
    },
    {
        "key": "kita-3-bis-6",
        "code": "C2a",
        "topic": "childcare",
        "unit": "percent",
        "numerator": "kita_children",
        "numerator_filter": {"age": ["3-5"], "migration": ["mh"]},
        "denominator": "kita_children",
        "denominator_filter": {"age": ["3-5"]},
        "name": {
            "de": "Kinder von 3 bis 6 Jahren in Kitas: Anteil mit Migrationshintergrund",
            "en": "Children aged 3 to 6 in childcare: share with a migration background",
        },
        "description": {
            "de": "Anteil der Kinder mit mindestens einem Elternteil ausländischer Herkunft an "
            "allen Kindern von 3 bis unter 6 Jahren in Tageseinrichtungen.",
            "en": "Share of children with at least one parent of foreign origin among all "
            "children aged 3 to under 6 in day care.",
        },
        "relevance": {
            "de": "Zeigt, ob Kinder mit Migrationshintergrund die Kita so oft besuchen wie andere.",
            "en": "Shows whether children with a migration background attend day care as "
            "often as others.",
        },
        "method": {
            "de": "Kinder- und Jugendhilfestatistik, Stichtag 1. März.",
            "en": "Child and youth welfare statistics, reference date 1 March.",
        },
    },
    {
        "key": "schulabschluesse",
        "code": "D3",
        "topic": "education",
        "unit": "percent",
        "numerator": "school_leavers",
        "denominator": "school_leavers",
        "breakdown": "qualification",
        "breakdown_in_denominator": False,
        "series": [
            series("auslaendisch", "ausländisch", "foreign", FOREIGN),
            series("deutsch", "deutsch", "German", GERMAN),
        ],
        "name": {
            "de": "Schulabgängerinnen und Schulabgänger nach Abschluss",
            "en": "School leavers by qualification",
        },
        "description": {
            "de": "Anteil jedes Abschlusses an allen Abgängern allgemeinbildender Schulen, "
            "für Deutsche und Ausländer.",
            "en": "Share of each qualification among all leavers of general schools, for "
            "Germans and foreign nationals.",
        },
        "relevance": {
            "de": "Der Schulabschluss entscheidet über Ausbildung, Studium und Beruf.",
            "en": "The school-leaving qualification decides on training, study and work.",
        },
        "method": {
            "de": "Schulstatistik; unterschieden wird nur nach Staatsangehörigkeit.",
            "en": "School statistics; only citizenship is distinguished.",
        },
    },
    {
        "key": "schularten-klasse-8",
        "code": "D1",
        "topic": "education",
        "unit": "percent",
        "numerator": "pupils_grade8",
        "denominator": "pupils_grade8",
        "breakdown": "school_type",
        "breakdown_in_denominator": False,
        "series": [
            series("auslaendisch", "ausländisch", "foreign", FOREIGN),
            series("deutsch", "deutsch", "German", GERMAN),
        ],
        "name": {"de": "Achtklässler nach Schulart", "en": "Eighth-graders by type of school"},
        "description": {
            "de": "Anteil jeder Schulart an allen Schülerinnen und Schülern der 8. Klasse, für "
            "Deutsche und Ausländer.",
            "en": "Share of each type of school among all pupils in grade 8, for Germans and "
            "foreign nationals.",
        },
        "relevance": {
            "de": "Zeigt, ob Kinder ohne deutschen Pass seltener das Gymnasium besuchen.",
            "en": "Shows whether children without a German passport attend grammar school "
            "less often.",
        },
        "method": {"de": "Schulstatistik.", "en": "School statistics."},
    },
    {
        "key": "arbeitslosigkeit",
        "code": "E5",
        "topic": "labour",
        "unit": "percent",
        "direction": "lower",
        "numerator": "unemployed",
        "denominator": "population",
        "denominator_filter": {"age": ["15-64"]},
        "series": [
            series("", "insgesamt", "all", ALL),
            series("auslaendisch", "ausländisch", "foreign", FOREIGN),
            series("deutsch", "deutsch", "German", GERMAN),
        ],
        "name": {
            "de": "Arbeitslose je 100 Einwohner von 15 bis 64 Jahren",
            "en": "Unemployed per 100 residents aged 15 to 64",
        },
        "description": {
            "de": "Bei der Agentur für Arbeit und dem Jobcenter gemeldete Arbeitslose je 100 "
            "Einwohner im Alter von 15 bis unter 65 Jahren, nach Staatsangehörigkeit.",
            "en": "Unemployed registered with the employment agency and the job centre per 100 "
            "residents aged 15 to under 65, by citizenship.",
        },
        "relevance": {
            "de": "Arbeit sichert das Einkommen und ist ein Ort der Begegnung.",
            "en": "Work secures income and is a place where people meet.",
        },
        "method": {
            "de": "Kommunale Form von E5: die amtliche Quote bezieht sich auf alle zivilen "
            "Erwerbspersonen, die es für Stadtbezirke nicht gibt; hier bezogen auf die "
            "Einwohner im erwerbsfähigen Alter (Arbeitslosendichte).",
            "en": "Municipal form of E5: the official rate refers to the civilian labour "
            "force, which is not available for districts; here it refers to residents of "
            "working age.",
        },
    },
    {
        "key": "beschaeftigung",
        "topic": "labour",
        "unit": "percent",
        "direction": "higher",
        "numerator": "employees",
        "denominator": "population",
        "denominator_filter": {"age": ["15-64"]},
        "series": [
            series("", "insgesamt", "all", ALL),
            series("auslaendisch", "ausländisch", "foreign", FOREIGN),
            series("deutsch", "deutsch", "German", GERMAN),
        ],
        "name": {
            "de": "Beschäftigungsquote (sozialversicherungspflichtig)",
            "en": "Employment rate (subject to social insurance)",
        },
        "description": {
            "de": "Sozialversicherungspflichtig Beschäftigte am Wohnort je 100 Einwohner von 15 "
            "bis unter 65 Jahren, nach Staatsangehörigkeit.",
            "en": "Employees subject to social insurance by place of residence per 100 "
            "residents aged 15 to under 65, by citizenship.",
        },
        "relevance": {
            "de": "Wer sozialversicherungspflichtig arbeitet, ist abgesichert und kann von "
            "seiner Arbeit leben.",
            "en": "Those in insured employment are protected and can live from their work.",
        },
        "method": {
            "de": "Beschäftigungsstatistik der Bundesagentur für Arbeit, Stichtag 30. Juni.",
            "en": "Employment statistics of the Federal Employment Agency, 30 June.",
        },
    },
    {
        "key": "wahlberechtigte-mit-mh",
        "code": "A3",
        "topic": "population",
        "unit": "percent",
        "numerator": "population",
        "numerator_filter": {"age": ["18+"], "migration": ["german_mh"]},
        "denominator": "population",
        "denominator_filter": {"age": ["18+"], "citizenship": ["de"]},
        "name": {
            "de": "Erwachsene Deutsche mit Migrationshintergrund",
            "en": "Adult Germans with a migration background",
        },
        "description": {
            "de": "Deutsche ab 18 Jahren mit Migrationshintergrund je 100 Deutsche ab 18 "
            "Jahren: ein Näherungswert für die Wahlberechtigten.",
            "en": "Germans aged 18 and over with a migration background per 100 Germans aged "
            "18 and over: an approximation of eligible voters.",
        },
        "relevance": {
            "de": "Zeigt, wie groß der Anteil der Wählerschaft mit Migrationsgeschichte ist.",
            "en": "Shows how large the share of the electorate with a migration history is.",
        },
        "method": {
            "de": "Wie A3 der Länder, aus dem Melderegister.",
            "en": "As A3 of the Länder set, from the register.",
        },
    },
]
