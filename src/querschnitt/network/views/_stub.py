"""Placeholder for views that are being built; answers 404 until replaced."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from querschnitt.core.views.base import MunicipalityMixin


class NotBuiltYet(MunicipalityMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404

    post = get


def not_built_yet(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
