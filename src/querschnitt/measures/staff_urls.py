"""Staff addresses of measures (under `/<municipality>/verwaltung/`)."""

from django.urls import path

from querschnitt.measures.views import (
    staff_catalogues,
    staff_measures,
    staff_path,
    staff_reports,
)

urlpatterns = [
    path("massnahmen/", staff_measures.MeasureList.as_view(), name="measure_list"),
    path("massnahmen/neu/", staff_measures.MeasureCreate.as_view(), name="measure_create"),
    path(
        "massnahmen/vorschlagen/", staff_measures.MeasurePropose.as_view(), name="measure_propose"
    ),
    path("massnahmen/<int:pk>/", staff_measures.MeasureDetail.as_view(), name="measure_detail"),
    path(
        "massnahmen/<int:pk>/bearbeiten/",
        staff_measures.MeasureEdit.as_view(),
        name="measure_edit",
    ),
    path(
        "massnahmen/<int:pk>/schritt/<int:transition_pk>/",
        staff_measures.MeasureTransitionView.as_view(),
        name="measure_transition",
    ),
    path(
        "massnahmen/<int:pk>/berichte/<str:period>/",
        staff_reports.ReportPage.as_view(),
        name="report_form",
    ),
    path("massnahmen/entscheidungsweg/", staff_path.DecisionPath.as_view(), name="decision_path"),
    path(
        "massnahmen/entscheidungsweg/zustaende/neu/",
        staff_path.StatePage.as_view(),
        name="state_create",
    ),
    path(
        "massnahmen/entscheidungsweg/zustaende/<int:pk>/",
        staff_path.StatePage.as_view(),
        name="state_edit",
    ),
    path(
        "massnahmen/entscheidungsweg/schritte/neu/",
        staff_path.TransitionPage.as_view(),
        name="transition_create",
    ),
    path(
        "massnahmen/entscheidungsweg/schritte/<int:pk>/",
        staff_path.TransitionPage.as_view(),
        name="transition_edit",
    ),
    path("massnahmen/kataloge/", staff_catalogues.CatalogueList.as_view(), name="catalogue_list"),
    path(
        "massnahmen/export.<str:format>",
        staff_catalogues.MeasuresExport.as_view(),
        name="measures_export",
    ),
    path("massnahmen/import/", staff_catalogues.MeasuresImport.as_view(), name="measures_import"),
    path(
        "massnahmen/import/<int:pk>/",
        staff_catalogues.MeasuresImportPreview.as_view(),
        name="measures_import_preview",
    ),
    path("massnahmen/berichte/", staff_reports.Reporting.as_view(), name="reporting"),
    path(
        "massnahmen/berichte/einstellungen/",
        staff_reports.SettingsPage.as_view(),
        name="measures_settings",
    ),
    path("massnahmen/steuerung/", staff_reports.Controlling.as_view(), name="controlling"),
    path("massnahmen/bestandsaufnahme/", staff_reports.Inventory.as_view(), name="inventory"),
    path(
        "massnahmen/bestandsaufnahme/neu/",
        staff_reports.InventoryEntryPage.as_view(),
        name="inventory_entry_create",
    ),
    path(
        "massnahmen/bestandsaufnahme/<int:pk>/",
        staff_reports.InventoryEntryPage.as_view(),
        name="inventory_entry_edit",
    ),
    path(
        "massnahmen/ratsberichte/", staff_reports.CouncilReports.as_view(), name="council_reports"
    ),
    path(
        "massnahmen/ratsberichte/<int:pk>/",
        staff_reports.CouncilReportDetail.as_view(),
        name="council_report_detail",
    ),
    path(
        "massnahmen/ratsberichte/<int:pk>/<str:kind>/",
        staff_reports.CouncilReportFile.as_view(),
        name="council_report_file",
    ),
]
