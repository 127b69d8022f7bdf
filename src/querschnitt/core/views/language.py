"""Switching the interface language with a plain link, so public pages stay cacheable."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from querschnitt.core.views.errors import render_error

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_switch(request: HttpRequest, code: str) -> HttpResponse:
    if code not in SUPPORTED:
        return render_error(
            request,
            400,
            _("The language “%(code)s” is not offered here.") % {"code": code[:20]},
        )
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=False,
    )
    return response
