"""Public addresses of the calendar (under `/<municipality>/`)."""

from django.urls import path

from querschnitt.events.views import embed, feeds, public, registration

app_name = "events"

urlpatterns = [
    path("veranstaltungen/", public.CalendarList.as_view(), name="calendar"),
    path("veranstaltungen/monat/", public.CalendarMonth.as_view(), name="month"),
    path("veranstaltungen/kalender.ics", feeds.calendar_feed, name="feed"),
    path("veranstaltungen/formate/<slug:slug>/", public.FormatDetail.as_view(), name="format"),
    path("veranstaltungen/formate/<slug:slug>/kalender.ics", feeds.format_feed, name="format_feed"),
    path(
        "veranstaltungen/veranstalter/<str:key>/kalender.ics",
        feeds.organiser_feed,
        name="organiser_feed",
    ),
    path("veranstaltungen/naechster-termin/", embed.next_date_fragment, name="next_date"),
    path("veranstaltungen/naechster-termin.json", embed.next_date_json, name="next_date_json"),
    path("veranstaltungen/<int:pk>/", public.EventDetail.as_view(), name="detail"),
    path("veranstaltungen/<int:pk>/kalender.ics", feeds.event_feed, name="event_feed"),
    path(
        "veranstaltungen/<int:pk>/termine/<int:date_pk>/anmelden/",
        public.Register.as_view(),
        name="register",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/",
        registration.RegistrationPage.as_view(),
        name="registration",
    ),
    path(
        "veranstaltungen/anmeldung/<str:token>/teilnahmebescheinigung.pdf",
        registration.Certificate.as_view(),
        name="certificate",
    ),
    path("arbeitsgruppen/", public.WorkingGroupList.as_view(), name="working_group_list"),
    path(
        "arbeitsgruppen/<slug:slug>/",
        public.WorkingGroupDetail.as_view(),
        name="working_group_detail",
    ),
]
