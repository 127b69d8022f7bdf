"""The URL map: platform pages, then everything of one municipality under `/<municipality>/`.

Each domain app contributes its public addresses (`<app>/urls.py`, mounted under
`/<municipality>/`) and its staff addresses (`<app>/staff_urls.py`, joined into the `staff`
namespace under `/<municipality>/verwaltung/`); this file names none of them.
"""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from querschnitt.accounts import staff_urls as accounts_staff_urls
from querschnitt.api import api
from querschnitt.core import staff_urls as core_staff_urls
from querschnitt.core.discovery import app_modules
from querschnitt.core.routing import RememberingResolver
from querschnitt.core.views import errors, health, language
from querschnitt.portal import staff_urls as portal_staff_urls

staff_urlpatterns = [
    *core_staff_urls.urlpatterns,
    *accounts_staff_urls.urlpatterns,
    *portal_staff_urls.urlpatterns,
]
for module in app_modules("staff_urls", domain_only=True):
    staff_urlpatterns += module.urlpatterns

# every address but the minimal view's resolves once per process (`RememberingResolver`)
urlpatterns: list[URLPattern | URLResolver] = [
    RememberingResolver(
        [
            path("healthz", health.healthz, name="healthz"),
            path("sprache/<str:code>/", language.language_switch, name="language_switch"),
            path("api/v1/", api.urls),
            *[
                path("", include(module.__name__))
                for module in app_modules("platform_urls", domain_only=True)
            ],
            path("", include("querschnitt.portal.urls")),
            *[
                path("<slug:municipality>/", include(module.__name__))
                for module in app_modules("urls", domain_only=True)
            ],
            path("<slug:municipality>/konto/", include("querschnitt.accounts.urls")),
            path("<slug:municipality>/verwaltung/", include((staff_urlpatterns, "staff"))),
        ]
    )
]

if settings.BENCHMARK_VIEWS:
    from querschnitt.core.views import benchmark

    urlpatterns.insert(0, path("bench/minimal", benchmark.minimal, name="bench_minimal"))

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
