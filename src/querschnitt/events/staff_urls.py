"""Staff addresses of events and working groups (under `/<municipality>/verwaltung/`)."""

from django.urls import path

from querschnitt.events.views import (
    staff_dates,
    staff_events,
    staff_formats,
    staff_groups,
    staff_partner,
)

urlpatterns = [
    path("veranstaltungen/", staff_events.EventList.as_view(), name="event_list"),
    path("veranstaltungen/neu/", staff_events.EventCreate.as_view(), name="event_create"),
    path(
        "veranstaltungen/aus-sitzung/",
        staff_events.EventFromMeeting.as_view(),
        name="event_from_meeting",
    ),
    path("veranstaltungen/<int:pk>/", staff_events.EventDetail.as_view(), name="event_detail"),
    path(
        "veranstaltungen/<int:pk>/bearbeiten/",
        staff_events.EventEdit.as_view(),
        name="event_edit",
    ),
    path(
        "veranstaltungen/<int:pk>/schritt/<slug:action>/",
        staff_events.EventAction.as_view(),
        name="event_action",
    ),
    path(
        "veranstaltungen/<int:pk>/ablehnen/",
        staff_events.EventDecline.as_view(),
        name="event_decline",
    ),
    path(
        "veranstaltungen/<int:pk>/fragen/neu/",
        staff_events.QuestionPage.as_view(),
        name="question_create",
    ),
    path(
        "veranstaltungen/<int:pk>/fragen/<int:question_pk>/",
        staff_events.QuestionPage.as_view(),
        name="question_edit",
    ),
    path("termine/", staff_dates.DateList.as_view(), name="date_list"),
    path("termine/<int:pk>/", staff_dates.DateDetail.as_view(), name="date_detail"),
    path("termine/<int:pk>/verschieben/", staff_dates.DateMove.as_view(), name="date_move"),
    path("termine/<int:pk>/absagen/", staff_dates.DateCancel.as_view(), name="date_cancel"),
    path("termine/<int:pk>/einlass/", staff_dates.CheckIn.as_view(), name="date_checkin"),
    path(
        "termine/<int:pk>/einlassliste.pdf",
        staff_dates.SignInSheet.as_view(),
        name="date_signin_sheet",
    ),
    path("termine/<int:pk>/anmeldungen.xlsx", staff_dates.Export.as_view(), name="date_export"),
    path("termine/<int:pk>/bericht/", staff_dates.ReportPage.as_view(), name="date_report"),
    path(
        "termine/<int:pk>/bescheinigungen/",
        staff_dates.Certificates.as_view(),
        name="date_certificates",
    ),
    path(
        "anmeldungen/<int:pk>/abmelden/",
        staff_dates.RegistrationCancel.as_view(),
        name="registration_cancel",
    ),
    path(
        "anmeldungen/<int:pk>/teilnahmebescheinigung.pdf",
        staff_dates.RegistrationCertificate.as_view(),
        name="registration_certificate",
    ),
    path("formate/", staff_formats.FormatList.as_view(), name="format_list"),
    path("formate/neu/", staff_formats.FormatCreate.as_view(), name="format_create"),
    path("formate/<int:pk>/", staff_formats.FormatEdit.as_view(), name="format_edit"),
    path(
        "formate/<int:pk>/kalender/",
        staff_formats.SubscriptionEdit.as_view(),
        name="subscription_edit",
    ),
    path(
        "formate/<int:pk>/kalender/importieren/",
        staff_formats.SubscriptionImport.as_view(),
        name="subscription_import",
    ),
    path(
        "unsere-veranstaltungen/",
        staff_partner.PartnerEventList.as_view(),
        name="partner_event_list",
    ),
    path(
        "unsere-veranstaltungen/neu/",
        staff_partner.PartnerEventCreate.as_view(),
        name="partner_event_create",
    ),
    path(
        "unsere-veranstaltungen/<int:pk>/",
        staff_partner.PartnerEventEdit.as_view(),
        name="partner_event_edit",
    ),
    path("arbeitsgruppen/", staff_groups.WorkingGroupList.as_view(), name="working_group_list"),
    path(
        "arbeitsgruppen/neu/",
        staff_groups.WorkingGroupCreate.as_view(),
        name="working_group_create",
    ),
    path(
        "arbeitsgruppen/<int:pk>/",
        staff_groups.WorkingGroupDetail.as_view(),
        name="working_group_detail",
    ),
    path(
        "arbeitsgruppen/<int:pk>/bearbeiten/",
        staff_groups.WorkingGroupEdit.as_view(),
        name="working_group_edit",
    ),
    path(
        "arbeitsgruppen/<int:pk>/verlaengern/",
        staff_groups.WorkingGroupExtend.as_view(),
        name="working_group_extend",
    ),
    path(
        "arbeitsgruppen/<int:pk>/abschliessen/",
        staff_groups.WorkingGroupConclude.as_view(),
        name="working_group_conclude",
    ),
    path(
        "arbeitsgruppen/<int:pk>/organisationen/",
        staff_groups.WorkingGroupOrganisations.as_view(),
        name="working_group_organisations",
    ),
    path(
        "arbeitsgruppen/<int:pk>/ergebnisse/",
        staff_groups.WorkingGroupResult.as_view(),
        name="working_group_result",
    ),
    path(
        "meine-arbeitsgruppen/",
        staff_groups.MyWorkingGroups.as_view(),
        name="my_working_groups",
    ),
]
