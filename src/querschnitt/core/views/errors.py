"""Error pages in the visitor's language, never with a stack trace."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def render_error(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    """The error page, or for the JSON API the API's error shape."""
    if request.path_info.startswith("/api/"):
        from querschnitt.api import error_response

        return error_response(status, reason)
    context: dict[str, Any] = {"status": status, "reason": reason}
    return HttpResponse(
        render_to_string("core/errors/error.html", context, request=request), status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 400, _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403, _("You do not have permission to open this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404, _("This page does not exist, or it has moved."))


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(
        request, 500, _("Something went wrong on our side. Please try again later.")
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render_error(
        request,
        403,
        _(
            "The form could not be sent because its security token is missing or has expired. "
            "Please reload the page and try again."
        ),
    )
