"""A frozen edition as an XLSX workbook: one row per measure as it stood."""

from typing import Any

from querschnitt.core.translation import translate
from querschnitt.core.xlsx_rows import append_rows
from querschnitt.measures.models import Catalogue, CatalogueEntry


def edition_xlsx(catalogue: Catalogue, output: Any) -> None:
    from openpyxl import Workbook

    entries = CatalogueEntry.objects.filter(
        municipality=catalogue.municipality_id, catalogue=catalogue
    ).order_by("position")
    years = sorted({year for budget in entries.values_list("budget", flat=True) for year in budget})
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=f"Stand {catalogue.as_of.strftime('%d.%m.%Y')}")
    heading = [
        "Schlüssel",
        "Titel",
        "Zustand",
        "Handlungsfelder",
        "Ziele",
        "Zielgruppen",
        "Federführung",
        "Weitere Dienststellen",
        "Partner",
        "Vorgeschlagen von",
        "Beginn",
        "Ende",
        *[f"Budget {year}" for year in years],
        "Beschreibung",
    ]

    def row(entry: CatalogueEntry) -> list[Any]:
        return [
            entry.key,
            translate(entry.title, "de").text,
            translate(entry.state_name, "de").text,
            "; ".join(translate(name, "de").text for _key, name in entry.fields_of_action),
            "; ".join(f"{key} {translate(name, 'de').text}" for key, name in entry.goals),
            entry.target_groups,
            entry.lead_department,
            "; ".join(entry.departments),
            "; ".join(entry.partners),
            entry.proposer,
            entry.start_date,
            entry.end_date,
            *[float(entry.budget[year]) if year in entry.budget else None for year in years],
            translate(entry.description, "de").text,
        ]

    append_rows(sheet, [[catalogue.title], heading])
    append_rows(sheet, map(row, entries.iterator(chunk_size=1000)))
    workbook.save(output)
