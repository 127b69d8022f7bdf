"""Staff addresses of bodies, meetings and papers (under `/<municipality>/verwaltung/`)."""

from django.urls import path

from querschnitt.bodies.views import staff_bodies, staff_meetings, staff_papers

urlpatterns = [
    path("gremien/", staff_bodies.BodyList.as_view(), name="body_list"),
    path("gremien/neu/", staff_bodies.BodyCreate.as_view(), name="body_create"),
    path("gremien/<int:pk>/", staff_bodies.BodyDetail.as_view(), name="body_detail"),
    path("gremien/<int:pk>/bearbeiten/", staff_bodies.BodyEdit.as_view(), name="body_edit"),
    path(
        "gremien/<int:pk>/sitzgruppen/neu/",
        staff_bodies.SeatGroupPage.as_view(),
        name="seat_group_create",
    ),
    path(
        "gremien/<int:pk>/sitzgruppen/<int:group_pk>/",
        staff_bodies.SeatGroupPage.as_view(),
        name="seat_group_edit",
    ),
    path(
        "gremien/<int:pk>/mitglieder/neu/",
        staff_bodies.MembershipPage.as_view(),
        name="membership_create",
    ),
    path(
        "gremien/<int:pk>/mitglieder/<int:membership_pk>/",
        staff_bodies.MembershipPage.as_view(),
        name="membership_edit",
    ),
    path("wahlperioden/", staff_bodies.TermList.as_view(), name="term_list"),
    path("wahlperioden/neu/", staff_bodies.TermPage.as_view(), name="term_create"),
    path("wahlperioden/<int:pk>/", staff_bodies.TermPage.as_view(), name="term_edit"),
    path("personen/", staff_bodies.PersonList.as_view(), name="person_list"),
    path("personen/neu/", staff_bodies.PersonPage.as_view(), name="person_create"),
    path("personen/<int:pk>/", staff_bodies.PersonPage.as_view(), name="person_edit"),
    path("personen/<int:pk>/zugang/", staff_bodies.PersonAccess.as_view(), name="person_access"),
    path("orte/", staff_bodies.LocationList.as_view(), name="location_list"),
    path("orte/neu/", staff_bodies.LocationPage.as_view(), name="location_create"),
    path("orte/<int:pk>/", staff_bodies.LocationPage.as_view(), name="location_edit"),
    path("meine-gremien/", staff_bodies.MyBodies.as_view(), name="my_bodies"),
    path("sitzungen/", staff_meetings.MeetingList.as_view(), name="meeting_list"),
    path("sitzungen/neu/", staff_meetings.MeetingCreate.as_view(), name="meeting_create"),
    path("sitzungen/<int:pk>/", staff_meetings.MeetingDetail.as_view(), name="meeting_detail"),
    path(
        "sitzungen/<int:pk>/bearbeiten/", staff_meetings.MeetingEdit.as_view(), name="meeting_edit"
    ),
    path(
        "sitzungen/<int:pk>/schritt/<slug:action>/",
        staff_meetings.MeetingAction.as_view(),
        name="meeting_action",
    ),
    path(
        "sitzungen/<int:pk>/einladen/",
        staff_meetings.MeetingInvite.as_view(),
        name="meeting_invite",
    ),
    path(
        "sitzungen/<int:pk>/anwesenheit/",
        staff_meetings.AttendancePage.as_view(),
        name="meeting_attendance",
    ),
    path(
        "sitzungen/<int:pk>/niederschrift/",
        staff_meetings.MinutesGenerate.as_view(),
        name="meeting_minutes",
    ),
    path(
        "sitzungen/<int:pk>/dokumente/neu/",
        staff_meetings.DocumentAdd.as_view(),
        name="meeting_document_add",
    ),
    path(
        "sitzungen/<int:pk>/tagesordnung/neu/",
        staff_meetings.AgendaItemPage.as_view(),
        name="agenda_item_create",
    ),
    path(
        "sitzungen/<int:pk>/tagesordnung/<int:item_pk>/",
        staff_meetings.AgendaItemPage.as_view(),
        name="agenda_item_edit",
    ),
    path(
        "sitzungen/<int:pk>/tagesordnung/<int:item_pk>/verschieben/",
        staff_meetings.AgendaItemMove.as_view(),
        name="agenda_item_move",
    ),
    path(
        "sitzungen/<int:pk>/tagesordnung/<int:item_pk>/ergebnis/",
        staff_meetings.ResultPage.as_view(),
        name="agenda_item_result",
    ),
    path("dokumente/<int:pk>/", staff_meetings.FileEdit.as_view(), name="file_edit"),
    path("vorlagen/", staff_papers.PaperList.as_view(), name="paper_list"),
    path("vorlagen/neu/", staff_papers.PaperCreate.as_view(), name="paper_create"),
    path("vorlagen/<int:pk>/", staff_papers.PaperDetail.as_view(), name="paper_detail"),
    path(
        "vorlagen/<int:pk>/veroeffentlichen/",
        staff_papers.PaperPublish.as_view(),
        name="paper_publish",
    ),
    path(
        "vorlagen/<int:pk>/dokumente/neu/",
        staff_papers.PaperDocumentAdd.as_view(),
        name="paper_document_add",
    ),
    path(
        "vorlagen/<int:pk>/beratung/neu/",
        staff_papers.ConsultationAdd.as_view(),
        name="consultation_add",
    ),
    path(
        "vorlagen/<int:pk>/beratung/<int:step_pk>/entfernen/",
        staff_papers.ConsultationRemove.as_view(),
        name="consultation_remove",
    ),
    path("beschluesse/", staff_papers.ResolutionList.as_view(), name="resolution_list"),
    path("beschluesse/<int:pk>/", staff_papers.ResolutionDone.as_view(), name="resolution_done"),
]
