"""Staff addresses of the monitoring (under `/<municipality>/verwaltung/`)."""

from django.urls import path

from querschnitt.monitoring.views import reports, staff

urlpatterns = [
    path("monitoring/", staff.Home.as_view(), name="monitoring_home"),
    path("monitoring/import/", staff.ImportView.as_view(), name="monitoring_import"),
    path(
        "monitoring/import/<int:pk>/",
        staff.ImportDetail.as_view(),
        name="monitoring_import_detail",
    ),
    path("monitoring/merkmale/<int:pk>/", staff.FigureDetail.as_view(), name="monitoring_figure"),
    path("monitoring/quellen/", staff.SourceList.as_view(), name="monitoring_sources"),
    path("monitoring/quellen/neu/", staff.SourceEdit.as_view(), name="monitoring_source_create"),
    path("monitoring/quellen/<int:pk>/", staff.SourceEdit.as_view(), name="monitoring_source_edit"),
    path("monitoring/gebiete/", staff.AreaList.as_view(), name="monitoring_areas"),
    path("monitoring/gebiete/<int:pk>/", staff.AreaEdit.as_view(), name="monitoring_area_edit"),
    path("monitoring/indikatoren/", staff.IndicatorList.as_view(), name="monitoring_indicators"),
    path(
        "monitoring/indikatoren/neu/",
        staff.IndicatorEdit.as_view(),
        name="monitoring_indicator_create",
    ),
    path(
        "monitoring/indikatoren/<int:pk>/",
        staff.IndicatorEdit.as_view(),
        name="monitoring_indicator_edit",
    ),
    path(
        "monitoring/indikatoren/<int:pk>/loeschen/",
        staff.IndicatorDelete.as_view(),
        name="monitoring_indicator_delete",
    ),
    path("monitoring/einstellungen/", staff.SettingsEdit.as_view(), name="monitoring_settings"),
    path("monitoring/berichte/", reports.ReportList.as_view(), name="monitoring_reports"),
    path(
        "monitoring/berichte/neu/", reports.ReportCreate.as_view(), name="monitoring_report_create"
    ),
    path(
        "monitoring/berichte/<int:pk>/", reports.ReportCompose.as_view(), name="monitoring_report"
    ),
    path(
        "monitoring/berichte/<int:pk>/abschnitte/neu/",
        reports.SectionEdit.as_view(),
        name="monitoring_section_create",
    ),
    path(
        "monitoring/berichte/<int:pk>/abschnitte/<int:section>/",
        reports.SectionEdit.as_view(),
        name="monitoring_section_edit",
    ),
    path(
        "monitoring/berichte/<int:pk>/vorschau/",
        reports.ReportPreview.as_view(),
        name="monitoring_report_preview",
    ),
    path(
        "monitoring/berichte/<int:pk>/fortschritt/",
        reports.ReportProgress.as_view(),
        name="monitoring_report_progress",
    ),
    path(
        "monitoring/berichte/<int:pk>/datei.<str:fmt>",
        reports.ReportFile.as_view(),
        name="monitoring_report_file",
    ),
]
