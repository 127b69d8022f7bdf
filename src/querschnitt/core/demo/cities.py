"""The two demo municipalities, in their own words (quoted from `shared/seeds/`)."""

from typing import Any

MANNHEIM_DESCRIPTION_DE = (
    "Zuwanderung gehört zum Alltag unserer Stadt und prägt unser aller Zusammenleben. Daher geht "
    "Integration uns alle an. Die Stadt Mannheim versteht Integration als gemeinschaftlichen "
    "Anpassungsprozess und Aufgabe der gesamten Mannheimer Stadtgesellschaft und seinen "
    "Institutionen. Das Team des Beauftragten für Integration und Migration unterstützt und berät "
    "bei der kommunalen Integrationsförderung und ist ansprechbar für Fragen rund um die Themen "
    "Migration, Integration und Zusammenleben in Vielfalt.\n\n"
    "Als Stelle mit Querschnittsfunktion ist der Beauftragte für Integration und Migration die "
    "kommunale Ansprechperson für alle integrations- und migrationsbezogene Fragen. Das "
    "Tätigkeitsfeld umfasst sowohl konzeptionelle und strategische als auch koordinierende und "
    "initiierende Aufgaben."
)
MANNHEIM_DESCRIPTION_EN = (
    "Immigration is part of everyday life in our city and shapes how we all live together. That "
    "is why integration concerns all of us. The City of Mannheim understands integration as a "
    "shared process of adaptation and as a task for the whole of Mannheim's urban society and "
    "its institutions. The team of the Commissioner for Integration and Migration supports and "
    "advises on municipal integration work and answers questions on migration, integration and "
    "living together in diversity.\n\n"
    "As a cross-cutting office, the Commissioner for Integration and Migration is the "
    "municipal contact for all questions of integration and migration. The work covers "
    "conceptual and strategic as well as coordinating and initiating tasks."
)

BAMBERG_DESCRIPTION_DE = (
    "Die erfolgreiche Integration aller Menschen ist für die Stadt Bamberg und ihre "
    "Stadtverwaltung eine zentrale Aufgabe. Gefordert sind hierbei nicht einzelne Ämter oder "
    "Dienststellen, sondern Integration wird als Querschnittsaufgabe begriffen, die alle Bereiche "
    "kommunalen Handels betrifft und nachhaltig von allen Referaten und Ämtern der Stadt sowie den "
    "städtischen Unternehmen berücksichtigt werden muss.\n\n"
    "Der Fachbereich Integration, Ehrenamt und Familie steuert, vernetzt und koordiniert im "
    "Bedarfsfall stadtintern sowie stadtübergreifend."
)
BAMBERG_DESCRIPTION_EN = (
    "The successful integration of all people is a central task for the City of Bamberg and its "
    "administration. It is not a matter for single offices or departments: integration is "
    "understood as a cross-cutting task that concerns every area of municipal action and must be "
    "taken into account, lastingly, by all departments and offices of the city and by the "
    "municipal companies.\n\n"
    "The Department of Integration, Volunteering and Family steers, connects and coordinates "
    "within the city administration and beyond when needed."
)

MANNHEIM_FIELDS_OF_ACTION: list[dict[str, Any]] = [
    {
        "key": "integrationspolitik",
        "name": {"de": "Kommunale Integrationspolitik", "en": "Municipal integration policy"},
        "description": {
            "de": "Strategische Weiterentwicklung kommunaler Integrationsförderung, "
            "Schnittstellenarbeit und Koordination dienststellenübergreifender Arbeit, "
            "integrationspolitische Netzwerkarbeit, Geschäftsführung des Integrationsausschusses, "
            "Berichtswesen für Gemeinderat, Verwaltung und Öffentlichkeit",
            "en": "Strategic development of municipal integration work, coordination across "
            "departments, policy networking, running the business of the Integration Committee, "
            "reporting to the council, the administration and the public",
        },
    },
    {
        "key": "neuzuwanderung",
        "name": {
            "de": "Neuzuwanderung und Erstintegration",
            "en": "New immigration and first integration",
        },
        "description": {
            "de": "Planung, Koordination und Weiterentwicklung von Maßnahmen und Projekte zur "
            "Integration von Neuzugewanderten, Neuzuwanderung aus Südosteuropa, Koordination des "
            "Netzwerks Integrationskurse und Berufssprachkurse",
            "en": "Planning, coordinating and developing measures and projects for newcomers, "
            "new immigration from south-eastern Europe, coordinating the network of integration "
            "courses and job-related language courses",
        },
    },
    {
        "key": "teilhabe",
        "name": {
            "de": "Förderung der Teilhabe & Chancengleichheit",
            "en": "Participation and equal opportunity",
        },
        "description": {
            "de": "Unterstützung von Maßnahmen zur individuellen Integrationsförderung, Stärkung "
            "von Migrant*innen und ihren Organisationen, Koordination des MigrationsFORUMs, "
            "Förderung von Strukturen und Prozessen zur Artikulation migrantischer Perspektiven "
            "und Interessen, Geschäftsstelle des Migrationsbeirats",
            "en": "Supporting individual integration measures, strengthening migrants and their "
            "organisations, coordinating the MigrationsFORUM, structures through which migrant "
            "perspectives and interests are voiced, office of the Migration Advisory Council",
        },
    },
    {
        "key": "zusammenleben",
        "name": {
            "de": "Förderung des Zusammenlebens in Vielfalt",
            "en": "Living together in diversity",
        },
        "description": {
            "de": "Koordinierung und Weiterentwicklung des Mannheimer Bündnisses für ein "
            "Zusammenleben in Vielfalt, Förderung des interkulturellen und interreligiösen "
            "Dialogs, Stärkung und Förderung der lokalen Antidiskriminierungsarbeit, Förderung "
            "des zivilgesellschaftlichen Engagements gegen Rechtsradikalismus, "
            "Muslimfeindlichkeit, Antisemitismus und Antiziganismus",
            "en": "Coordinating and developing the Mannheim Alliance for Living Together in "
            "Diversity, intercultural and interreligious dialogue, local anti-discrimination "
            "work, civic engagement against right-wing extremism, anti-Muslim hatred, "
            "antisemitism and antigypsyism",
        },
    },
]

CITIES: list[dict[str, Any]] = [
    {
        "slug": "mannheim",
        "name": "Mannheim",
        "ags": "08222000",
        "state": "BW",
        "office_name": "Beauftragter für Integration und Migration",
        "office_description": {"de": MANNHEIM_DESCRIPTION_DE, "en": MANNHEIM_DESCRIPTION_EN},
        "description_source": "Stadt Mannheim, Internetseite „Integration & Migration“",
        "contact_email": "integration@mannheim.example",
        "contact_phone": "+49 621 000000 (Demo)",
        "contact_address": "Stadt Mannheim\nBeauftragter für Integration und Migration\n"
        "(Demo-Adresse)\n68159 Mannheim",
        # Baden-Württemberg: the conciliation body of the Landeszentrum Barrierefreiheit
        # (§ 14 L-BGG), Else-Josenhans-Straße 6, 70173 Stuttgart.
        "enforcement_body_name": "Schlichtungsstelle des Landeszentrums Barrierefreiheit "
        "Baden-Württemberg (LZ-BARR)",
        "enforcement_body_url": "https://barrierefreiheit-bw.de/barrierefreiheitdurchsetzen/"
        "schlichtungsantrag",
        "enforcement_body_email": "schlichtung@barrierefreiheit.bwl.de",
        "languages": ["en", "ar", "tr", "uk"],
        "accent_colour": "#1f4e8c",
        "departments": [
            ("Beauftragter für Integration und Migration", "B-IM", "staff_unit"),
            ("Fachbereich Arbeit und Soziales", "FB 50", "office"),
            ("Fachbereich Bildung", "FB 40", "office"),
            ("Fachbereich Jugendamt und Gesundheitsamt", "FB 58", "office"),
            ("Fachbereich Bürgerdienste", "FB 33", "office"),
            ("Fachbereich Demokratie und Strategie", "FB 15", "office"),
        ],
        "liaison_department": "Fachbereich Bildung",
        "fields_of_action": MANNHEIM_FIELDS_OF_ACTION,
    },
    {
        "slug": "bamberg",
        "name": "Bamberg",
        "ags": "09461000",
        "state": "BY",
        "office_name": "Fachbereich Integration, Ehrenamt und Familie",
        "office_description": {"de": BAMBERG_DESCRIPTION_DE, "en": BAMBERG_DESCRIPTION_EN},
        "description_source": "Stadt Bamberg, Internetseite „Integration als Querschnittsaufgabe“",
        "contact_email": "integration@bamberg.example",
        "contact_phone": "+49 951 000000 (Demo)",
        "contact_address": "Stadt Bamberg\nFachbereich Integration, Ehrenamt und Familie\n"
        "(Demo-Adresse)\n96047 Bamberg",
        # Bavaria: the enforcement and monitoring body at the Landesamt für Digitalisierung,
        # Breitband und Vermessung (§ 11 BayDiV), St.-Martin-Straße 47, 81541 München.
        "enforcement_body_name": "Durchsetzungs- und Überwachungsstelle für barrierefreie "
        "Informationstechnik, Landesamt für Digitalisierung, Breitband und Vermessung",
        "enforcement_body_url": "https://www.ldbv.bayern.de/digitalisierung/bitv.html",
        "enforcement_body_email": "bitv@bayern.de",
        "languages": ["en", "ar", "fa", "uk"],
        "accent_colour": "#9b1c31",
        "departments": [
            ("Sozialreferat", "Ref. 5", "division"),
            ("Fachbereich Integration, Ehrenamt und Familie", "FB IEF", "office"),
            ("Referat für Bildung, Schulen und Sport", "Ref. 4", "division"),
            ("Amt für Kultur", "Kulturamt", "office"),
            ("Ordnungsamt – Ausländerbehörde", "ABH", "unit"),
            ("Stadtwerke Bamberg (städtisches Unternehmen)", "STWB", "company"),
        ],
        "department_parents": {
            "Fachbereich Integration, Ehrenamt und Familie": "Sozialreferat",
            "Amt für Kultur": "Referat für Bildung, Schulen und Sport",
        },
        "liaison_department": "Referat für Bildung, Schulen und Sport",
        "fields_of_action": [],
    },
]
