"""Demo monitoring for Mannheim and Bamberg: synthetic register extracts and tables.

The persons are invented (`synthetic.py`, fixed seeds); their sums are those published:
Mannheim 325,691 residents in 17 Stadtbezirke on 31 Dec 2022, 155,591 (47.8 %) of them with a
migration background, the largest foreign groups Turkish, Polish, Italian; Bamberg about
78,000. Three years each. The extracts go through the same checks and aggregation as an
uploaded one (only the counts are stored); the employment, childcare, naturalisation and
school tables are written as the CSV files the sources deliver and imported like them.
Everything else (district shares, age groups, rates) is plausible, not real.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
from django.db import transaction

from querschnitt.core.models import Municipality
from querschnitt.monitoring import register, synthetic
from querschnitt.monitoring.cube import Cube
from querschnitt.monitoring.demo_reports import ensure_report
from querschnitt.monitoring.dimensions import Definition
from querschnitt.monitoring.geo import schematic_boundaries
from querschnitt.monitoring.models import Area, Figure, MonitoringSettings, Source
from querschnitt.monitoring.services.computation import indicators_recompute
from querschnitt.monitoring.services.imports import (
    existing_years,
    import_apply,
    import_check_table,
    register_run,
)
from querschnitt.monitoring.services.indicators import standard_indicators_install

# code, name, centre (lat, lon), weight (residents 2019), share with migration background,
# share of foreign nationals
MANNHEIM_DISTRICTS = [
    ("01", "Innenstadt/Jungbusch", 49.4880, 8.4660, 31286, 0.68, 0.41),
    ("02", "Neckarstadt-West", 49.4985, 8.4625, 21327, 0.72, 0.45),
    ("03", "Neckarstadt-Ost", 49.5010, 8.4860, 33987, 0.45, 0.24),
    ("04", "Schwetzingerstadt/Oststadt", 49.4830, 8.4860, 23407, 0.44, 0.24),
    ("05", "Lindenhof", 49.4730, 8.4600, 13590, 0.36, 0.19),
    ("06", "Sandhofen", 49.5460, 8.4640, 13853, 0.38, 0.19),
    ("07", "Schönau", 49.5330, 8.4760, 12493, 0.54, 0.27),
    ("08", "Waldhof", 49.5200, 8.4700, 25400, 0.56, 0.29),
    ("09", "Neuostheim/Neuhermsheim", 49.4760, 8.5100, 6700, 0.31, 0.14),
    ("10", "Seckenheim", 49.4610, 8.5700, 16100, 0.34, 0.16),
    ("11", "Friedrichsfeld", 49.4480, 8.5700, 5600, 0.35, 0.17),
    ("12", "Käfertal", 49.5100, 8.5150, 24700, 0.50, 0.26),
    ("13", "Vogelstang", 49.5050, 8.5400, 12600, 0.51, 0.22),
    ("14", "Wallstadt", 49.5060, 8.5600, 7600, 0.28, 0.12),
    ("15", "Feudenheim", 49.4900, 8.5380, 15600, 0.29, 0.13),
    ("16", "Neckarau", 49.4560, 8.4850, 19700, 0.43, 0.23),
    ("17", "Rheinau", 49.4480, 8.5150, 25000, 0.50, 0.26),
]
MANNHEIM_BOUNDS = (49.441, 49.559, 8.421, 8.589)
BAMBERG_DISTRICTS = [
    ("01", "Innenstadt", 49.8920, 10.8880, 14000, 0.36, 0.19),
    ("02", "Gereuth", 49.8780, 10.8840, 9000, 0.38, 0.19),
    ("03", "Gaustadt", 49.9050, 10.8620, 9500, 0.22, 0.10),
    ("04", "Wunderburg", 49.8830, 10.9020, 9000, 0.27, 0.13),
    ("05", "Bug", 49.8740, 10.8700, 3500, 0.18, 0.08),
    ("06", "Bamberg-Ost", 49.8980, 10.9150, 18000, 0.33, 0.16),
    ("07", "Bamberg-Süd", 49.8790, 10.8950, 15000, 0.27, 0.13),
]
PLANS: dict[str, dict[str, Any]] = {
    "mannheim": {
        "city": synthetic.City(
            districts=tuple(
                synthetic.District(c, n, w, m, f)
                for c, n, _lat, _lon, w, m, f in MANNHEIM_DISTRICTS
            ),
            years=(
                synthetic.Year(2020, 323_912, 149_870, 81_420),
                synthetic.Year(2021, 322_573, 151_904, 81_967),
                synthetic.Year(2022, 325_691, 155_591, 85_940),
            ),
            nationalities=synthetic.nationality_weights(
                TR=0.165,
                PL=0.10,
                IT=0.085,
                BG=0.075,
                RO=0.07,
                HR=0.045,
                GR=0.04,
                SY=0.035,
                UA=0.035,
            ),
            seed=8222000,
        ),
        "bounds": MANNHEIM_BOUNDS,
        "districts": MANNHEIM_DISTRICTS,
        "register": "Kommunale Statistikstelle Mannheim (Melderegister)",
        "state_office": "Statistisches Landesamt Baden-Württemberg",
        "contributor": "http://dcat-ap.de/def/contributors/metropolregionRheinNeckar",
        "publisher": "Stadt Mannheim",
    },
    "bamberg": {
        "city": synthetic.City(
            districts=tuple(
                synthetic.District(c, n, w, m, f) for c, n, _lat, _lon, w, m, f in BAMBERG_DISTRICTS
            ),
            years=(
                synthetic.Year(2020, 77_151, 22_104, 10_352),
                synthetic.Year(2021, 77_376, 22_448, 10_617),
                synthetic.Year(2022, 78_211, 23_139, 11_234),
            ),
            nationalities=synthetic.nationality_weights(
                SY=0.12,
                UA=0.10,
                TR=0.09,
                RO=0.08,
                RU=0.05,
                IT=0.05,
                PL=0.05,
                AF=0.04,
                IQ=0.04,
                HR=0.03,
            ),
            seed=9461000,
        ),
        "bounds": None,
        "districts": BAMBERG_DISTRICTS,
        "register": "Stadt Bamberg, Statistik (Melderegister)",
        "state_office": "Bayerisches Landesamt für Statistik",
        "contributor": "http://dcat-ap.de/def/contributors/openDataBayern",
        "publisher": "Stadt Bamberg",
    },
}
EMPLOYMENT_AGENCY = "Bundesagentur für Arbeit, Statistik"


def load_monitoring(municipality: Municipality, city: dict[str, Any]) -> None:
    plan = PLANS.get(city["slug"])
    if plan is None:
        return
    with transaction.atomic():
        sources = ensure_sources(municipality, plan)
        ensure_areas(municipality, plan)
        MonitoringSettings.objects.update_or_create(
            municipality=municipality,
            defaults={"contributor_id": plan["contributor"], "publisher_name": plan["publisher"]},
        )
        years = [year.year for year in plan["city"].years]
        if {y for key, y in existing_years(municipality, ["population"])} != set(years):
            load_statistics(municipality, city["slug"], sources)
        ensure_report(municipality, city["slug"])


def ensure_sources(municipality: Municipality, plan: dict[str, Any]) -> dict[str, Source]:
    specs = {
        "register": (plan["register"], "", 1, plan["publisher"]),
        "employment": (
            EMPLOYMENT_AGENCY,
            "Bundesagentur für Arbeit",
            10,
            "Statistik der Bundesagentur für Arbeit",
        ),
        "state": (plan["state_office"], plan["state_office"], 1, plan["state_office"]),
    }
    sources = {}
    for key, (name, publisher, rounding, attribution) in specs.items():
        sources[key], _created = Source.objects.update_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "publisher": publisher or plan["publisher"],
                "rounding": rounding,
                "attribution": attribution,
            },
        )
    return sources


def ensure_areas(municipality: Municipality, plan: dict[str, Any]) -> None:
    districts = plan["districts"]
    boundaries: list[Any] = [None] * len(districts)
    if plan["bounds"] is not None:
        boundaries = schematic_boundaries(
            [(lat, lon) for _c, _n, lat, lon, *_r in districts], plan["bounds"]
        )
    for (code, name, *_rest), boundary in zip(districts, boundaries, strict=True):
        Area.objects.update_or_create(
            municipality=municipality, code=code, defaults={"name": name, "boundary": boundary}
        )


@dataclass(frozen=True)
class DemoFiles:
    """What the demo imports for a city: the counted register extracts and the tables."""

    extracts: dict[int, register.Aggregated]
    tables: dict[str, str]


@cache
def demo_files(slug: str) -> DemoFiles:
    """Generated once per process (deterministic, so the result never changes): the demo is
    loaded again for every browser test, and generating 325,691 persons takes a while."""
    city: synthetic.City = PLANS[slug]["city"]
    codes = [district.code for district in city.districts]
    extracts = {}
    for year in city.years:
        frame = synthetic.extract(city, year)
        reference = date(year.year, 12, 31)
        aggregated = register.aggregate_frame(frame, reference_date=reference, area_codes=codes)
        assert aggregated.ok, aggregated.problems[:3]
        extracts[year.year] = aggregated
    populations = {year: found.cubes["population"] for year, found in extracts.items()}
    residence = {year: found.cubes["foreign_residence"] for year, found in extracts.items()}
    rng = np.random.default_rng(city.seed)
    return DemoFiles(
        extracts=extracts,
        tables={
            "unemployed": labour_csv(populations, rng, {"de": 0.045, "foreign": 0.105}),
            "employees": labour_csv(populations, rng, {"de": 0.64, "foreign": 0.49}),
            "kita_children": kita_csv(populations, rng),
            "naturalisations": naturalisation_csv(residence, rng),
            "school_leavers": school_leavers_csv(populations, rng),
            "pupils_grade8": grade8_csv(populations, rng),
        },
    )


# key: file name, source, definition of migration background, name
TABLES = {
    "unemployed": ("arbeitslose.csv", "employment", Definition.CITIZENSHIP,
                   {"de": "Arbeitslose", "en": "Unemployed"}),
    "employees": ("beschaeftigte-wohnort.csv", "employment", Definition.CITIZENSHIP,
                  {"de": "Sozialversicherungspflichtig Beschäftigte am Wohnort",
                   "en": "Employees subject to social insurance, by place of residence"}),
    "kita_children": ("kita-kinder.csv", "state", Definition.CHILDCARE,
                      {"de": "Kinder in Tageseinrichtungen", "en": "Children in day care"}),
    "naturalisations": ("einbuergerungen.csv", "state", Definition.CITIZENSHIP,
                        {"de": "Einbürgerungen", "en": "Naturalisations"}),
    "school_leavers": ("schulabgaenger.csv", "state", Definition.CITIZENSHIP,
                       {"de": "Abgänger allgemeinbildender Schulen",
                        "en": "Leavers of general schools"}),
    "pupils_grade8": ("klasse-8.csv", "state", Definition.CITIZENSHIP,
                      {"de": "Schülerinnen und Schüler der 8. Klasse", "en": "Pupils in grade 8"}),
}  # fmt: skip


def load_statistics(municipality: Municipality, slug: str, sources: dict[str, Source]) -> None:
    files = demo_files(slug)
    for year, aggregated in files.extracts.items():
        reference = date(year, 12, 31)
        common = {
            "municipality": municipality,
            "by": None,
            "kind": "register",
            "file_name": f"melderegister-{year}-demo.csv",
            "metadata": {
                "reference_date": reference.isoformat(),
                "source": sources["register"].pk,
                "encoding": "utf-8",
            },
        }
        run = register_run(common, aggregated, set())
        import_apply(run=run, by=None, recompute=False)
    for key, (file_name, source, definition, name) in TABLES.items():
        figure = Figure.objects.filter(municipality=municipality, key=key).first()
        new_figure = {"key": key, "name": name, "source": sources[source], "definition": definition}
        arguments: dict[str, Any] = {"figure": figure} if figure else {"new_figure": new_figure}
        run = import_check_table(
            municipality=municipality,
            by=None,
            file_name=file_name,
            content=files.tables[key].encode(),
            **arguments,
        )
        assert run.state == "checked", (key, run.report["problems"][:3])
        import_apply(run=run, by=None, recompute=False)
    standard_indicators_install(municipality=municipality)
    indicators_recompute(municipality=municipality)


# ---------------------------------------------------------------------------------------------
# Tables of the other sources, derived from the residents so that the rates are plausible

WORKING_AGE = slice(4, 10)  # the age bands 15-17 … 55-64


def by_citizenship(cube: Cube) -> np.ndarray:
    """Residents aged 15–64: area × sex × (German, foreign)."""
    inner = cube.interior()[:, :, WORKING_AGE, :].sum(axis=2)  # area, sex, migration
    return np.stack([inner[:, :, 0] + inner[:, :, 2], inner[:, :, 1]], axis=-1)


def labour_csv(
    populations: dict[int, Cube], rng: np.random.Generator, rates: dict[str, float]
) -> str:
    lines = ["Stichtag;Gebiet;Staatsangehörigkeit;Geschlecht;Anzahl"]
    for year, cube in sorted(populations.items()):
        base = by_citizenship(cube)
        trend = 1 + 0.03 * (year - 2021)
        totals = np.zeros((2, 2), dtype=np.int64)
        for a, area in enumerate(cube.categories[0]):
            factor = 0.75 + 0.5 * rng.random()
            for c, (citizenship, rate) in enumerate(rates.items()):
                for s, sex in enumerate(("männlich", "weiblich")):
                    sex_factor = 1.08 if s == 0 else 0.92
                    count = int(base[a, s, c] * rate * factor * sex_factor * trend)
                    totals[c, s] += count
                    label = "deutsch" if citizenship == "de" else "ausländisch"
                    lines.append(f"30.06.{year};{area};{label};{sex};{count}")
        for c, citizenship in enumerate(("deutsch", "ausländisch")):
            for s, sex in enumerate(("männlich", "weiblich")):
                lines.append(f"30.06.{year};Stadt;{citizenship};{sex};{totals[c, s]}")
    return "\n".join(lines) + "\n"


def kita_csv(populations: dict[int, Cube], rng: np.random.Generator) -> str:
    """Wide: the migration background spread over columns, with a checked total column."""
    lines = [
        "Stichtag;Gebiet;Altersgruppe;mit Migrationshintergrund;ohne Migrationshintergrund;"
        "Insgesamt"
    ]
    rates = {"0-2": (0.22, 0.38), "3-5": (0.86, 0.95)}
    for year, cube in sorted(populations.items()):
        inner = cube.interior()
        for a, area in enumerate(cube.categories[0]):
            for band, age_index in (("0-2", 0), ("3-5", 1)):
                children = inner[a, :, age_index, :].sum(axis=0)  # without, foreign, german_mh
                with_mh = int(
                    (children[1] + children[2]) * rates[band][0] * (0.9 + 0.2 * rng.random())
                )
                without = int(children[0] * rates[band][1] * (0.9 + 0.2 * rng.random()))
                label = "unter 3 Jahre" if band == "0-2" else "3 bis unter 6 Jahre"
                lines.append(f"01.03.{year};{area};{label};{with_mh};{without};{with_mh + without}")
    return "\n".join(lines) + "\n"


def naturalisation_csv(residence: dict[int, Cube], rng: np.random.Generator) -> str:
    """Wide: the years as columns; the whole municipality, by sex, with totals."""
    years = sorted(residence)
    counts = {}
    for year in years:
        eligible = int(residence[year].values[-1, 3:5].sum())  # 8-14 and 15+ years
        total = int(eligible * (0.021 + 0.004 * rng.random()))
        women = int(total * 0.52)
        counts[year] = (total - women, women)
    lines = ["Gebiet;Geschlecht;" + ";".join(str(y) for y in years)]
    for index, sex in enumerate(("männlich", "weiblich")):
        lines.append(f"Stadt;{sex};" + ";".join(str(counts[y][index]) for y in years))
    lines.append("Stadt;insgesamt;" + ";".join(str(sum(counts[y])) for y in years))
    return "\n".join(lines) + "\n"


QUALIFICATIONS = {
    # German, foreign
    "ohne Hauptschulabschluss": (0.05, 0.13),
    "Hauptschulabschluss": (0.14, 0.28),
    "Mittlerer Schulabschluss": (0.40, 0.36),
    "Fachhochschulreife": (0.05, 0.04),
    "Allgemeine Hochschulreife": (0.36, 0.19),
}
SCHOOL_TYPES = {
    "Werkrealschule": (0.10, 0.24),
    "Realschule": (0.30, 0.30),
    "Gymnasium": (0.42, 0.22),
    "Gemeinschaftsschule": (0.14, 0.19),
    "Förderschule": (0.04, 0.05),
}


def school_leavers_csv(populations: dict[int, Cube], rng: np.random.Generator) -> str:
    lines = ["Jahr;Gebiet;Abschluss;Staatsangehörigkeit;Geschlecht;Anzahl"]
    for year, cube in sorted(populations.items()):
        cohort = by_citizenship(cube)[:, :, :].sum(axis=0) / 45 * 0.95  # sex × citizenship
        for name, shares in QUALIFICATIONS.items():
            for c, citizenship in enumerate(("deutsch", "ausländisch")):
                for s, sex in enumerate(("männlich", "weiblich")):
                    tilt = 1.1 if (s == 0) == (name.startswith(("ohne", "Haupt"))) else 0.9
                    count = int(cohort[s, c] * shares[c] * tilt * (0.9 + 0.2 * rng.random()))
                    lines.append(f"{year};Stadt;{name};{citizenship};{sex};{count}")
    return "\n".join(lines) + "\n"


def grade8_csv(populations: dict[int, Cube], rng: np.random.Generator) -> str:
    lines = ["Jahr;Gebiet;Schulart;Staatsangehörigkeit;Anzahl"]
    for year, cube in sorted(populations.items()):
        cohort = by_citizenship(cube).sum(axis=(0, 1)) / 45
        for name, shares in SCHOOL_TYPES.items():
            for c, citizenship in enumerate(("deutsch", "ausländisch")):
                count = int(cohort[c] * shares[c] * (0.9 + 0.2 * rng.random()))
                lines.append(f"{year};Stadt;{name};{citizenship};{count}")
    return "\n".join(lines) + "\n"
