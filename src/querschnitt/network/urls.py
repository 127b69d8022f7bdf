"""Public addresses of the network: the directory, entry requests, declarations, alliances."""

from django.urls import path

from querschnitt.network.views import declarations, directory, entries, logos, mailings

app_name = "network"

urlpatterns = [
    path("akteure/", directory.DirectoryView.as_view(), name="directory"),
    path("akteure/export.<str:fmt>", directory.directory_export, name="directory_export"),
    path("akteure/<int:pk>/", directory.OrganisationDetail.as_view(), name="organisation_detail"),
    path(
        "akteure/<int:pk>/logo/<path:name>",
        logos.OrganisationLogo.as_view(),
        name="organisation_logo",
    ),
    path("akteure/eintragen/", entries.EntryRequestView.as_view(), name="entry_request"),
    path(
        "akteure/eintragen/bestaetigen/<str:token>/",
        entries.entry_confirm,
        name="entry_confirm",
    ),
    path("erklaerungen/<slug:slug>/", declarations.DeclarationView.as_view(), name="declaration"),
    path(
        "erklaerungen/<slug:slug>/unterzeichnen/",
        declarations.SignView.as_view(),
        name="declaration_sign",
    ),
    path(
        "erklaerungen/<slug:slug>/zurueckziehen/",
        declarations.WithdrawRequestView.as_view(),
        name="signature_withdraw_request",
    ),
    path(
        "unterzeichnung/bestaetigen/<str:token>/",
        declarations.signature_confirm,
        name="signature_confirm",
    ),
    path(
        "unterzeichnung/zurueckziehen/<str:token>/",
        declarations.SignatureWithdrawView.as_view(),
        name="signature_withdraw",
    ),
    path("buendnisse/<slug:slug>/", declarations.AllianceView.as_view(), name="alliance"),
    path(
        "rundschreiben/abbestellen/<str:token>/",
        mailings.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
