"""The public JSON API: `/api/v1/openapi.json` and `/api/v1/<municipality>/…`.

Read-only public data for anyone (no sign-in, CORS open to every origin), described by
OpenAPI. Each domain app keeps its endpoints in its own `api.py` as a ninja `Router` named
`router`, found and mounted here when the URL map is first built. Every error, whatever its
cause, has one shape (`Error`): `{"detail": "…", "errors": [{"field": "…", "message": "…"}]}`.

There is no interactive documentation page: ninja's Swagger UI loads its scripts from a CDN,
which the content security policy forbids and closed networks lack. `openapi.json` can be
opened in any OpenAPI viewer instead.
"""

import copy
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.operation import Operation
from ninja.params.models import PathModel, QueryModel

from querschnitt.core.kept import Kept

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
CACHE_SECONDS = 60


class ErrorItem(Schema):
    """What is wrong with one input."""

    field: str
    message: str


class Error(Schema):
    """The one shape of every error answer of the API."""

    detail: str
    errors: list[ErrorItem] = []


ERRORS: dict[int, type[Error]] = {400: Error, 404: Error}


def input_error(field: str, message: str) -> ValidationError:
    """A 400 answer about one query or path parameter, raised from an endpoint."""
    return ValidationError([{"loc": ("query", field), "msg": message}])


def error_response(
    status: int, detail: str, errors: Iterable[tuple[str, str]] = ()
) -> HttpResponse:
    """An error answer in the API's shape, also for answers made outside ninja (such as the
    project's error handlers for addresses under `/api/`)."""
    body = Error(
        detail=detail, errors=[ErrorItem(field=f, message=m) for f, m in errors]
    ).model_dump_json()
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def public_read_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET and HEAD for anyone from any origin, cacheable for a minute; OPTIONS answers the
    CORS preflight; every other method is refused.

    CSRF protection is not needed: nothing here changes state, and no method that could
    reaches the view.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, "This API is read-only: use GET.")
            response["Allow"] = ALLOWED_METHODS
        else:
            response = _get(view, request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _get(
    view: Callable[..., HttpResponseBase], request: HttpRequest, *args: Any, **kwargs: Any
) -> HttpResponseBase:
    # HEAD is answered like GET (as Django's class-based views do); the server drops the body.
    method = request.method
    request.method = "GET"
    try:
        response = view(request, *args, **kwargs)
    finally:
        request.method = method
    if response.status_code == 200 and isinstance(response, HttpResponse):
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        set_response_etag(response)
        conditional = get_conditional_response(request, etag=response["ETag"], response=response)
        if conditional is not None:
            return conditional
    return response


def api_root(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """`/api/v1/` itself is no resource; point to the description of the API."""
    return error_response(404, f"Not found. This API is described at {request.path}openapi.json")


class PublicAPI(NinjaAPI):
    """A ninja API whose every address is public, read-only and answers errors in one shape."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._routers_mounted = False
        # replacing ninja's own handlers, so that every error has the one shape
        self.exception_handler(ValidationError)(self._validation_error)
        self.exception_handler(Http404)(self._not_found)
        self.exception_handler(HttpError)(self._http_error)

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        if not self._routers_mounted:
            # imported only now, so that the routers may import the error shapes from here
            from querschnitt.core.discovery import app_modules

            for module in app_modules("api", domain_only=True):
                self.add_router("", module.router)
            self._routers_mounted = True
        patterns, app_name, namespace = super().urls
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                for operation in path_view.operations:
                    remember_parameters(operation)
        wrapped: list[URLResolver | URLPattern] = []
        for pattern in patterns:
            assert isinstance(pattern, URLPattern)  # ninja makes flat patterns only
            callback = api_root if pattern.name == "api-root" else pattern.callback
            wrapped.append(
                URLPattern(
                    pattern.pattern,
                    public_read_only(callback),
                    pattern.default_args,
                    pattern.name,
                )
            )
        return wrapped, app_name, namespace

    def _validation_error(self, request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = []
        for error in exc.errors:
            # loc is (source, [schema argument,] parameter[, index of a repeated value]); the
            # parameters are flat, so their name is the last name in it
            names = [part for part in error.get("loc", ()) if isinstance(part, str)]
            errors.append((names[-1] if len(names) > 1 else "request", str(error.get("msg", ""))))
        return error_response(400, "The request has invalid parameters.", errors)

    def _not_found(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "Not found.")

    def _http_error(self, request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, exc.message)


# the parameters of an operation as validated, by the query string and path they were read from
_parameters: Kept[dict[str, Any]] = Kept(256)


def remember_parameters(operation: Operation) -> None:
    """Validates an operation's parameters once per query string and path parameters.

    ninja reads the query string and validates every parameter model for every request
    (about a tenth of a short request); what it gives depends on nothing else, so the
    validated models are remembered, and each request gets its own copy of them (~10 µs), so
    that nothing one request does to them reaches another. Invalid parameters are validated,
    and refused, each time. An operation that reads anything else (headers,
    cookies, a body) is left as ninja makes it."""
    validate = operation._get_values
    if getattr(validate, "remembered", False) or operation.signature.response_arg:
        return
    if not all(issubclass(model, QueryModel | PathModel) for model in operation.models):
        return

    def values(request: HttpRequest, path_params: Any, temporal_response: Any) -> dict[str, Any]:
        key = (
            id(operation),
            request.encoding,
            request.META.get("QUERY_STRING", ""),
            *sorted(path_params.items()),
        )
        validated = _parameters.get(key, lambda: validate(request, path_params, temporal_response))
        return copy.deepcopy(validated)

    values.remembered = True  # type: ignore[attr-defined]
    operation._get_values = values  # type: ignore[method-assign]


api = PublicAPI(
    title="Querschnitt API",
    version="1",
    description=(
        "Public data of the municipalities on this Querschnitt deployment, read-only and "
        "without sign-in. Lists are paged by key: follow `next` until it is null. "
        "Every error has the shape `{detail, errors: [{field, message}]}`."
    ),
    urls_namespace="api",
    docs_url=None,
)
