"""OParl 1.1, mounted at `/oparl/v1/` (the slug `oparl` is reserved for it)."""

from django.urls import path, re_path

from querschnitt.bodies.oparl import views

app_name = "oparl"

urlpatterns = [
    path("oparl/v1/system", views.system, name="system"),
    path("oparl/v1/body", views.body_list, name="body_list"),
    path("oparl/v1/body/<slug:body>", views.body_detail, name="body"),
    path("oparl/v1/body/<slug:body>/file/<int:pk>/access", views.file_access, name="file_access"),
    path(
        "oparl/v1/body/<slug:body>/file/<int:pk>/download",
        views.file_download,
        name="file_download",
    ),
    path(
        "oparl/v1/body/<slug:body>/organization/<int:pk>/<str:kind>",
        views.organization_list,
        name="organization_list",
    ),
    path("oparl/v1/body/<slug:body>/<str:kind>", views.object_list, name="list"),
    path("oparl/v1/body/<slug:body>/<str:kind>/<int:pk>", views.object_detail, name="object"),
    re_path(r"^oparl/v1/?$", views.entry_redirect),
    re_path(r"^oparl/v1/(?P<path>.+)/$", views.canonical_redirect),
    re_path(r"^oparl(?:/(?P<path>.*))?$", views.unknown),
]
