"""Access table: the monitoring's public pages, downloads, catalogue and API (everyone), its
staff pages (imports: office and department liaisons; everything else: the office)."""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff

IMPORT = (*OFFICE, "liaison")


def first(model_name: str, **filters: Any) -> Any:
    from querschnitt.monitoring import models

    with scopes_disabled():
        return (
            getattr(models, model_name)
            .objects.filter(municipality__slug="mannheim", **filters)
            .order_by("pk")
            .first()
        )


def import_run() -> dict[str, Any]:
    return {"pk": first("ImportRun").pk}


def figure() -> dict[str, Any]:
    return {"pk": first("Figure", key="population").pk}


def source() -> dict[str, Any]:
    return {"pk": first("Source").pk}


def area() -> dict[str, Any]:
    return {"pk": first("Area").pk}


def indicator() -> dict[str, Any]:
    return {"pk": first("Indicator", key="migrationshintergrund").pk}


def report() -> dict[str, Any]:
    return {"pk": first("Report").pk}


def section() -> dict[str, Any]:
    found = first("Report")
    with scopes_disabled():
        return {"pk": found.pk, "section": found.sections.order_by("pk").first().pk}


def draft_report_file() -> dict[str, Any]:
    return {"pk": first("Report").pk, "fmt": "pdf"}


KEY = {"key": "migrationshintergrund"}

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "monitoring:overview": ({}, everyone()),
    "monitoring:indicator": (KEY, everyone()),
    "monitoring:indicator_download": ({**KEY, "fmt": "csv"}, everyone()),
    "monitoring:areas": ({}, everyone()),
    "monitoring:area": ({"code": "01"}, everyone()),
    "monitoring:segregation": ({}, everyone()),
    "monitoring:method": ({}, everyone()),
    "monitoring:reports": ({}, everyone()),
    # a report in draft is not public: not found for everyone
    "monitoring:report_download": (draft_report_file, everyone(404)),
    "monitoring:catalog_ttl": ({}, everyone()),
    "monitoring:catalog_jsonld": ({}, everyone()),
    "api:indicator_list": ({}, everyone()),
    "api:indicator_detail": (KEY, everyone()),
    "api:indicator_values": (KEY, everyone()),
    "staff:monitoring_home": ({}, staff(*IMPORT)),
    "staff:monitoring_import": ({}, staff(*IMPORT)),
    "staff:monitoring_import_detail": (import_run, staff(*IMPORT)),
    "staff:monitoring_figure": (figure, staff(*IMPORT)),
    "staff:monitoring_sources": ({}, staff(*OFFICE)),
    "staff:monitoring_source_create": ({}, staff(*OFFICE)),
    "staff:monitoring_source_edit": (source, staff(*OFFICE)),
    "staff:monitoring_areas": ({}, staff(*OFFICE)),
    "staff:monitoring_area_edit": (area, staff(*OFFICE)),
    "staff:monitoring_indicators": ({}, staff(*OFFICE)),
    "staff:monitoring_indicator_create": ({}, staff(*OFFICE)),
    "staff:monitoring_indicator_edit": (indicator, staff(*OFFICE)),
    "staff:monitoring_indicator_delete": (indicator, staff(*OFFICE)),
    "staff:monitoring_settings": ({}, staff(*OFFICE)),
    "staff:monitoring_reports": ({}, staff(*OFFICE)),
    "staff:monitoring_report_create": ({}, staff(*OFFICE)),
    "staff:monitoring_report": (report, staff(*OFFICE)),
    "staff:monitoring_section_create": (report, staff(*OFFICE)),
    "staff:monitoring_section_edit": (section, staff(*OFFICE)),
    "staff:monitoring_report_preview": (report, staff(*OFFICE)),
    "staff:monitoring_report_progress": (report, staff(*OFFICE)),
    # not produced yet: the office finds no file
    "staff:monitoring_report_file": (draft_report_file, staff(*OFFICE, ok=404)),
}
