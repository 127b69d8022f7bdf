"""Staff addresses of the network (under `/<municipality>/verwaltung/`)."""

from django.urls import path

from querschnitt.network.views import (
    contacts,
    entries,
    imports,
    mailings,
    organisations,
    signatures,
)

urlpatterns = [
    path("akteure/", organisations.OrganisationList.as_view(), name="organisation_list"),
    path("akteure/neu/", organisations.OrganisationCreate.as_view(), name="organisation_create"),
    path("akteure/<int:pk>/", organisations.OrganisationEdit.as_view(), name="organisation_edit"),
    path("anfragen/", entries.EntryQueue.as_view(), name="entry_queue"),
    path("anfragen/eintrag/<int:pk>/", entries.EntryDecide.as_view(), name="entry_decide"),
    path("anfragen/aenderung/<int:pk>/", entries.ChangeDecide.as_view(), name="change_decide"),
    path("meine-organisation/", entries.MyOrganisations.as_view(), name="my_organisations"),
    path(
        "meine-organisation/<int:pk>/",
        entries.MyOrganisationEdit.as_view(),
        name="my_organisation_edit",
    ),
    path("unterzeichnungen/", signatures.SignatureQueue.as_view(), name="signature_queue"),
    path(
        "unterzeichnungen/<int:pk>/", signatures.SignatureDecide.as_view(), name="signature_decide"
    ),
    path("kontakte/", contacts.ContactList.as_view(), name="contact_list"),
    path("kontakte/neu/", contacts.ContactCreate.as_view(), name="contact_create"),
    path("kontakte/<int:pk>/", contacts.ContactEdit.as_view(), name="contact_edit"),
    path("rundschreiben/", mailings.MailingList.as_view(), name="mailing_list"),
    path("rundschreiben/neu/", mailings.MailingCreate.as_view(), name="mailing_create"),
    path("rundschreiben/<int:pk>/", mailings.MailingDetail.as_view(), name="mailing_detail"),
    path("import/", imports.ImportUpload.as_view(), name="import_upload"),
    path("import/<int:pk>/", imports.ImportPreview.as_view(), name="import_preview"),
]
