"""Resolve the municipality of a request once and scope every tenant query to it."""

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django_scopes import scope

from querschnitt.core.page_cache import cached_page, is_cacheable
from querschnitt.core.selectors import municipality_by_slug, municipality_by_slug_recent


class MunicipalityMiddleware:
    """Sets `request.municipality` from the URL's `<municipality>` and enters its scope.

    It reads the `<municipality>` of the address Django resolved for the view (`process_view`,
    so that the address is resolved once per request) and leaves the scope when the response
    is made. It stands before `CsrfViewMiddleware`, so that a refused form is answered in its
    municipality's frame. A path without a municipality runs with no scope, so any tenant
    query there raises.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = None  # type: ignore[attr-defined]
        with ExitStack() as scopes:
            request._municipality_scope = scopes  # type: ignore[attr-defined]
            return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        slug = kwargs.get("municipality")
        if slug is None:
            return None
        municipality = (
            municipality_by_slug_recent(slug)
            if is_cacheable(request)
            else municipality_by_slug(slug)
        )
        if municipality is None:
            raise Http404("Unknown municipality")
        request.municipality = municipality  # type: ignore[attr-defined]
        if translation.get_language() not in municipality.offered_languages:
            translation.activate("de")
            request.LANGUAGE_CODE = "de"
        if (hit := cached_page(request)) is not None:
            return hit
        request._municipality_scope.enter_context(scope(municipality=municipality))  # type: ignore[attr-defined]
        return None
