"""Reversing URLs of one municipality without repeating its slug everywhere."""

from typing import Any

from django.urls import reverse

from querschnitt.core.models import Municipality


def municipality_reverse(municipality: Municipality, viewname: str, **kwargs: Any) -> str:
    return reverse(viewname, kwargs={"municipality": municipality.slug, **kwargs})
