from django.urls import path

from querschnitt.portal import converters  # noqa: F401 - registers the converters
from querschnitt.portal.views import public

app_name = "portal"

urlpatterns = [
    path("", public.municipality_list, name="municipality_list"),
    path("<platform_page:kind>/", public.platform_page, name="platform_page"),
    path("<slug:municipality>/", public.StartPage.as_view(), name="start"),
    path("<slug:municipality>/theme.css", public.theme_css, name="theme"),
    path(
        "<slug:municipality>/barrierefreiheit/rueckmeldung/",
        public.AccessibilityFeedbackView.as_view(),
        name="accessibility_feedback",
    ),
    path("<slug:municipality>/<page_kind:kind>/", public.PublicPageView.as_view(), name="page"),
]
