"""Public addresses of bodies, meetings and papers."""

from django.urls import path

from querschnitt.bodies.views import feeds, public, subscriptions

app_name = "bodies"

urlpatterns = [
    path("gremien/", public.BodyList.as_view(), name="body_list"),
    path("gremien/<slug:slug>/", public.BodyDetail.as_view(), name="body_detail"),
    path("gremien/<slug:slug>/sitzungen.ics", feeds.body_calendar_feed, name="body_calendar"),
    path("gremien/<slug:slug>/feed.atom", feeds.body_feed, name="body_feed"),
    path("sitzungen/", public.MeetingCalendar.as_view(), name="meeting_calendar"),
    path("sitzungen.ics", feeds.calendar_feed, name="calendar_feed"),
    path("sitzungen/<int:pk>/", public.MeetingDetail.as_view(), name="meeting_detail"),
    path("vorlagen/", public.PaperSearchView.as_view(), name="paper_search"),
    path("vorlagen/feed.atom", feeds.paper_feed, name="paper_feed"),
    path("vorlagen/<int:pk>/", public.PaperDetail.as_view(), name="paper_detail"),
    path("dokumente/<int:pk>/", public.document, name="document"),
    path("abonnieren/", subscriptions.SubscribeView.as_view(), name="subscribe"),
    path(
        "abonnieren/bestaetigen/<str:token>/",
        subscriptions.SubscriptionConfirmView.as_view(),
        name="subscription_confirm",
    ),
    path(
        "abonnieren/abbestellen/<str:token>/",
        subscriptions.SubscriptionCancelView.as_view(),
        name="subscription_cancel",
    ),
]
