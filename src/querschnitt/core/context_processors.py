"""Template context every page needs: the municipality, its languages, the text direction."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi, get_language_info

from querschnitt.accounts.permissions import roles_of, second_factor_missing
from querschnitt.core.navigation import public_links
from querschnitt.core.routing import municipality_reverse


def language_choices(codes: list[str]) -> list[dict[str, Any]]:
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "direction": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
            "is_current": code == current,
        }
        for code in codes
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
        "public_nav": [
            {"label": link.label, "url": municipality_reverse(municipality, link.url_name)}
            for link in public_links
        ]
        if municipality is not None
        else [],
        "language_choices": language_choices(codes),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }
