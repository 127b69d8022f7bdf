"""Public addresses of the catalogue and the controlling (stable, see docs/architecture.md)."""

from django.urls import path, register_converter

from querschnitt.measures.views import public


class IsoDate:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(IsoDate, "isodate")

app_name = "measures"
urlpatterns = [
    path("massnahmen/", public.CataloguePage.as_view(), name="catalogue"),
    path("massnahmen/stand/<isodate:as_of>/", public.EditionPage.as_view(), name="edition"),
    path(
        "massnahmen/stand/<isodate:as_of>/aenderungen/",
        public.EditionChanges.as_view(),
        name="edition_changes",
    ),
    path(
        "massnahmen/stand/<isodate:as_of>/massnahmenkatalog.pdf",
        public.EditionPdf.as_view(),
        name="edition_pdf",
    ),
    path(
        "massnahmen/stand/<isodate:as_of>/massnahmenkatalog.xlsx",
        public.EditionXlsx.as_view(),
        name="edition_xlsx",
    ),
    path("massnahmen/<slug:key>/", public.MeasurePage.as_view(), name="measure"),
    path("steuerung/", public.DashboardPage.as_view(), name="dashboard"),
    path("steuerung/gewichte.csv", public.weights_csv, name="weights"),
]
