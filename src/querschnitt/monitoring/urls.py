"""Public addresses of the monitoring (under `/<municipality>/`)."""

from django.urls import path

from querschnitt.monitoring.views import public

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", public.Overview.as_view(), name="overview"),
    path("monitoring/indikatoren/<slug:key>/", public.IndicatorView.as_view(), name="indicator"),
    path(
        "monitoring/indikatoren/<slug:key>.<str:fmt>",
        public.indicator_download,
        name="indicator_download",
    ),
    path("monitoring/gebiete/", public.AreaList.as_view(), name="areas"),
    path("monitoring/gebiete/<str:code>/", public.AreaProfile.as_view(), name="area"),
    path("monitoring/segregation/", public.SegregationView.as_view(), name="segregation"),
    path("monitoring/methode/", public.MethodView.as_view(), name="method"),
    path("monitoring/berichte/", public.ReportList.as_view(), name="reports"),
    path("monitoring/berichte/<int:pk>.<str:fmt>", public.report_download, name="report_download"),
    path("monitoring/catalog.ttl", public.catalogue, {"fmt": "ttl"}, name="catalog_ttl"),
    path("monitoring/catalog.jsonld", public.catalogue, {"fmt": "jsonld"}, name="catalog_jsonld"),
]
