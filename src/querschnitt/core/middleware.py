"""Resolve the municipality of a request once and scope every tenant query to it."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django_scopes import scope

from querschnitt.core.page_cache import cached_page, is_cacheable
from querschnitt.core.selectors import municipality_by_slug, municipality_by_slug_recent


class MunicipalityMiddleware:
    """Sets `request.municipality` from the URL's `<municipality>` and enters its scope.

    A path without a municipality runs with no scope, so any tenant query there raises.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.municipality = None  # type: ignore[attr-defined]
        try:
            slug = resolve(request.path_info).kwargs.get("municipality")
        except Resolver404:
            slug = None
        if slug is None:
            return self.get_response(request)
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
        with scope(municipality=municipality):
            return self.get_response(request)
