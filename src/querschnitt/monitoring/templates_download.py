"""Templates of the files the import takes: a table (XLSX, with its metadata sheet) and a
register extract (CSV), filled with the municipality's area codes."""

import io

from django.http import Http404, HttpResponse

from querschnitt.core.models import Municipality
from querschnitt.monitoring.extract_format import COLUMNS
from querschnitt.monitoring.models import Area
from querschnitt.monitoring.spreadsheets import XLSX_MEDIA_TYPE


def response(kind: str, municipality: Municipality) -> HttpResponse:
    codes = list(
        Area.objects.filter(municipality=municipality)
        .order_by("code")
        .values_list("code", flat=True)
    ) or ["01", "02"]
    if kind == "tabelle":
        content, media, name = table_template(codes), XLSX_MEDIA_TYPE, "tabelle-vorlage.xlsx"
    elif kind == "melderegister":
        content = register_template(codes).encode()
        media, name = "text/csv; charset=utf-8", "melderegister-vorlage.csv"
    else:
        raise Http404
    result = HttpResponse(content, content_type=media)
    result["Content-Disposition"] = f'attachment; filename="{name}"'
    return result


def table_template(codes: list[str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabelle"
    sheet.append(["Stichtag", "Gebiet", "Staatsangehörigkeit", "Geschlecht", "Anzahl"])
    for code in codes[:2]:
        for citizenship in ("deutsch", "ausländisch"):
            for sex in ("männlich", "weiblich"):
                sheet.append(["31.12.2023", code, citizenship, sex, 0])
    metadata = workbook.create_sheet("Metadaten")
    metadata.append(["Schlüssel", "Wert"])
    metadata.append(["Stichtag", "31.12.2023"])
    metadata.append(["Definition", "citizenship"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_template(codes: list[str]) -> str:
    header = ";".join(names[0] for names in COLUMNS.values())
    rows = [
        f"1;{codes[0]};34;w;TR;;;2015;ausland;TR;;",
        f"2;{codes[0]};7;m;DE;;geburtsortprinzip;;;DE;1;",
        f"3;{codes[-1]};52;m;DE;;einbuergerung;1998;ausland;PL;;",
    ]
    return "\n".join([header, *rows]) + "\n"
