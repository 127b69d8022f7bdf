"""Template context every page needs: the municipality, its languages, the text direction.

The menus are given as functions: the template calls them only when it renders the page's
frame afresh (`core/chrome.py`), not on every request.
"""

from functools import lru_cache, partial
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, get_language_info

from querschnitt.accounts.permissions import roles_of, second_factor_missing
from querschnitt.core.models import Municipality
from querschnitt.core.navigation import public_links
from querschnitt.core.routing import municipality_reverse


def language_choices(codes: list[str]) -> list[dict[str, Any]]:
    """The language menu; `switch_url` switches to the language and, given `?next=` and an
    address, comes back to it."""
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "direction": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
            "is_current": code == current,
            "switch_url": language_switch_url(code),
        }
        for code in codes
    ]


@lru_cache(maxsize=64)
def language_switch_url(code: str) -> str:
    return reverse("language_switch", args=[code])


def public_navigation(municipality: Municipality) -> list[dict[str, Any]]:
    return [
        {"label": link.label, "url": municipality_reverse(municipality, link.url_name)}
        for link in public_links
    ]


def platform(request: HttpRequest) -> dict[str, Any]:
    municipality = getattr(request, "municipality", None)
    codes = (
        municipality.offered_languages
        if municipality is not None
        else [code for code, _name in settings.LANGUAGES]
    )
    user = getattr(request, "user", None)
    return {
        "municipality": municipality,
        # Offered once the staff area would open: a role here and the second factor passed.
        "staff_access": municipality is not None
        and user is not None
        and user.is_authenticated
        and (user.is_superuser or bool(roles_of(user, municipality)))
        and not second_factor_missing(user),
        "public_nav": partial(public_navigation, municipality) if municipality is not None else [],
        "language_choices": partial(language_choices, codes),
        # The language menu comes back to this page.
        "language_next": quote(request.get_full_path()),
        "text_direction": text_direction(get_language()),
    }


def text_direction(language: str | None) -> str:
    """`get_language_bidi()` as a direction, for the language already asked for."""
    if language is None:
        return "ltr"
    return "rtl" if language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"
