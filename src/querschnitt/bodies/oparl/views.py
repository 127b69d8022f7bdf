"""OParl 1.1 at `/oparl/v1/system`: one OParl Body per municipality, read-only, public.

Stateless: no cookie, no session and no sign-in changes an answer (only public objects,
whoever asks). Every answer is JSON with `Access-Control-Allow-Origin: *`; errors are OParl
error objects. Lists are paged by key (`after`, the last id of the page before), in the
order of the ids, with the date filters carried into every link.
"""

import json
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.db.models import Max, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date
from django_scopes import scope, scopes_disabled

from querschnitt.bodies.models import Body, LegislativeTerm, OParlTombstone
from querschnitt.bodies.oparl import serializers
from querschnitt.bodies.oparl.kinds import KINDS, SUBLISTS, Kind, of_organization
from querschnitt.bodies.oparl.params import BadParameter, ListParams
from querschnitt.bodies.oparl.serializers import SCHEMA, Urls, clean
from querschnitt.core import files as core_files
from querschnitt.core.models import Municipality

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class OParlError(Exception):
    def __init__(self, status: int, message: str, debug: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.debug = status, message, debug


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(clean(data), ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def error_response(status: int, message: str, debug: str = "") -> HttpResponse:
    payload = {"type": SCHEMA + "Error", "message": message, "debug": debug}
    return json_response(payload, status=status)


def oparl_endpoint(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """GET and HEAD for anyone from any origin; errors as OParl error objects; ETags."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response: HttpResponseBase
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, "This API is read-only: use GET.")
            response["Allow"] = ALLOWED_METHODS
        else:
            try:
                response = view(request, *args, **kwargs)
            except OParlError as error:
                response = error_response(error.status, error.message, error.debug)
            except BadParameter as error:
                response = error_response(400, "A parameter of the request is invalid.", str(error))
            if (
                response.status_code == 200
                and isinstance(response, HttpResponse)
                and not response.streaming
                and response.get("Content-Type", "").startswith("application/json")
            ):
                set_response_etag(response)
                conditional = get_conditional_response(
                    request, etag=response["ETag"], response=response
                )
                if conditional is not None:
                    response = conditional
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
        response["Cache-Control"] = "public, max-age=60"
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def base_url(request: HttpRequest) -> str:
    """Scheme and host of the canonical ids: https behind a TLS proxy that says so
    (`SECURE_PROXY_SSL_HEADER`), the host as the request names it (`ALLOWED_HOSTS`)."""
    return f"{request.scheme}://{request.get_host()}"


def municipality_of(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug, is_active=True).first()
    if municipality is None:
        raise OParlError(404, f"There is no body {slug!r} on this system.")
    return municipality


def not_found(kind: str, pk: object) -> OParlError:
    return OParlError(404, f"There is no {kind} {pk} here, or it is not public.")


# --- system and bodies ---------------------------------------------------------------------


@oparl_endpoint
def system(request: HttpRequest) -> HttpResponse:
    municipalities = list(Municipality.objects.filter(is_active=True).order_by("pk"))
    urls = Urls(base=base_url(request), slug="")
    return json_response(serializers.system(urls, municipalities))


def _body_data(
    request: HttpRequest, municipality: Municipality, omit_internal: bool
) -> dict[str, Any]:
    urls = Urls(base=base_url(request), slug=municipality.slug)
    with scope(municipality=municipality):
        terms: list[LegislativeTerm] = list(
            KINDS["legislativeTerm"].public(municipality).order_by("pk")
        )
        changed = [municipality.updated_at]
        changed += [term.modified_at for term in terms]
        buried = OParlTombstone.objects.filter(
            municipality=municipality, object_type="LegislativeTerm"
        ).aggregate(last=Max("deleted_at"))["last"]
        if buried:
            changed.append(buried)
        council = (
            Body.objects.filter(municipality=municipality, kind=Body.Kind.COUNCIL, is_public=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    return serializers.oparl_body(
        urls,
        municipality,
        terms=terms,
        modified=max(changed),
        main_organization=council,
        omit_internal=omit_internal,
    )


def _within(value: datetime, params: ListParams, prefix: str) -> bool:
    since, until = params.dates.get(f"{prefix}_since"), params.dates.get(f"{prefix}_until")
    return (since is None or value >= since) and (until is None or value <= until)


@oparl_endpoint
def body_list(request: HttpRequest) -> HttpResponse:
    params = ListParams.from_query(request.GET)
    base = base_url(request)
    list_url = f"{base}/oparl/v1/body"
    municipalities = Municipality.objects.filter(is_active=True).order_by("pk")
    if params.after is not None:
        municipalities = municipalities.filter(pk__gt=params.after)
    data: list[dict[str, Any]] = []
    last, more = None, False
    for municipality in municipalities:
        body = _body_data(request, municipality, params.omit_internal)
        created = municipality.created_at
        modified = datetime.fromisoformat(body["modified"])
        if not (_within(created, params, "created") and _within(modified, params, "modified")):
            continue
        if len(data) == params.limit:
            more = True
            break
        data.append(body)
        last = municipality.pk
    return json_response(_page(list_url, params, data, last if more else None))


@oparl_endpoint
def body_detail(request: HttpRequest, body: str) -> HttpResponse:
    params = ListParams.from_query(request.GET)
    return json_response(_body_data(request, municipality_of(body), params.omit_internal))


# --- lists -----------------------------------------------------------------------------------


def _page(
    list_url: str, params: ListParams, data: list[Any], next_after: int | None
) -> dict[str, Any]:
    first = params.query_string()
    current = params.query_string(after=params.after)
    links = {
        "first": f"{list_url}?{first}" if first else list_url,
        "self": f"{list_url}?{current}" if current else list_url,
    }
    if next_after is not None:
        links["next"] = f"{list_url}?{params.query_string(after=next_after)}"
    return {"data": data, "pagination": {"elementsPerPage": params.limit}, "links": links}


def _filtered(queryset: QuerySet[Any], params: ListParams) -> QuerySet[Any]:
    lookups = {
        "created_since": "created_at__gte",
        "created_until": "created_at__lte",
        "modified_since": "modified_at__gte",
        "modified_until": "modified_at__lte",
    }
    for name, value in params.dates.items():
        queryset = queryset.filter(**{lookups[name]: value})
    if params.after is not None:
        queryset = queryset.filter(pk__gt=params.after)
    return queryset


def _tombstones(municipality: Municipality, kind: Kind, params: ListParams) -> list[OParlTombstone]:
    if not params.with_deleted:
        return []
    lookups = {
        "created_since": "created__gte",
        "created_until": "created__lte",
        "modified_since": "deleted_at__gte",
        "modified_until": "deleted_at__lte",
    }
    stones = OParlTombstone.objects.filter(municipality=municipality, object_type=kind.type_name)
    for name, value in params.dates.items():
        stones = stones.filter(**{lookups[name]: value})
    if params.after is not None:
        stones = stones.filter(object_id__gt=params.after)
    return list(stones.order_by("object_id")[: params.limit + 1])


def _list(
    request: HttpRequest,
    municipality: Municipality,
    kind: Kind,
    queryset: QuerySet[Any],
    list_url: str,
    *,
    with_deleted: bool = True,
) -> HttpResponse:
    params = ListParams.from_query(request.GET)
    urls = Urls(base=base_url(request), slug=municipality.slug)
    rows = list(_filtered(queryset, params).order_by("pk")[: params.limit + 1])
    entries: list[tuple[int, Any]] = [(row.pk, row) for row in rows]
    if with_deleted:
        shown = {row.pk for row in rows}
        entries += [
            (stone.object_id, stone)
            for stone in _tombstones(municipality, kind, params)
            if stone.object_id not in shown
        ]
        entries.sort(key=lambda entry: entry[0])
    more = len(entries) > params.limit
    entries = entries[: params.limit]
    data = [
        serializers.deleted(urls, kind.path, kind.type_name, pk, obj.created, obj.deleted_at)
        if isinstance(obj, OParlTombstone)
        else kind.write(urls, obj, params.omit_internal)
        for pk, obj in entries
    ]
    return json_response(_page(list_url, params, data, entries[-1][0] if more else None))


def _kind(path: str) -> Kind:
    if path not in KINDS:
        raise OParlError(404, f"There is no list {path!r} in an OParl Body.")
    return KINDS[path]


@oparl_endpoint
def object_list(request: HttpRequest, body: str, kind: str) -> HttpResponse:
    municipality = municipality_of(body)
    chosen = _kind(kind)
    urls = Urls(base=base_url(request), slug=municipality.slug)
    with scope(municipality=municipality):
        return _list(request, municipality, chosen, chosen.public(municipality), urls.list(kind))


@oparl_endpoint
def organization_list(request: HttpRequest, body: str, pk: int, kind: str) -> HttpResponse:
    """`Organization.meeting` and `Organization.consultation`: one body's meetings and steps."""
    municipality = municipality_of(body)
    if kind not in SUBLISTS:
        raise OParlError(404, f"An Organization has no list {kind!r}.")
    urls = Urls(base=base_url(request), slug=municipality.slug)
    with scope(municipality=municipality):
        if not KINDS["organization"].public(municipality).filter(pk=pk).exists():
            raise not_found("organization", pk)
        chosen = KINDS[kind]
        return _list(
            request,
            municipality,
            chosen,
            of_organization(chosen, municipality, pk),
            f"{urls.obj('organization', pk)}/{kind}",
            with_deleted=False,
        )


@oparl_endpoint
def object_detail(request: HttpRequest, body: str, kind: str, pk: int) -> HttpResponse:
    municipality = municipality_of(body)
    chosen = _kind(kind)
    params = ListParams.from_query(request.GET)
    urls = Urls(base=base_url(request), slug=municipality.slug)
    with scope(municipality=municipality):
        obj = chosen.public(municipality).filter(pk=pk).first()
        if obj is not None:
            return json_response(chosen.write(urls, obj, params.omit_internal))
        stone = OParlTombstone.objects.filter(
            municipality=municipality, object_type=chosen.type_name, object_id=pk
        ).first()
        if stone is not None:
            return json_response(
                serializers.deleted(
                    urls, kind, chosen.type_name, pk, stone.created, stone.deleted_at
                )
            )
    raise not_found(kind, pk)


# --- files -----------------------------------------------------------------------------------


def _serve(request: HttpRequest, body: str, pk: int, *, inline: bool) -> HttpResponseBase:
    municipality = municipality_of(body)
    with scope(municipality=municipality):
        document = KINDS["file"].public(municipality).filter(pk=pk).first()
        if document is None:
            with scopes_disabled():
                if OParlTombstone.objects.filter(
                    municipality=municipality, object_type="File", object_id=pk
                ).exists():
                    raise OParlError(410, "This file has been deleted.")
            raise not_found("file", pk)
    etag = f'"{document.sha512[:40]}"'
    last_modified = document.modified_at.timestamp()
    conditional = get_conditional_response(request, etag=etag, last_modified=int(last_modified))
    if conditional is not None:
        return conditional
    response = core_files.file_response(
        document.file.open("rb"),
        file_name=document.file_name,
        mime_type=document.mime_type,
        inline=inline,
    )
    if not inline:
        # images would open inline by default; a download is always an attachment
        response["Content-Disposition"] = (
            f'attachment; filename="{core_files.safe_file_name(document.file_name)}"'
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


@oparl_endpoint
def file_access(request: HttpRequest, body: str, pk: int) -> HttpResponseBase:
    return _serve(request, body, pk, inline=True)


@oparl_endpoint
def file_download(request: HttpRequest, body: str, pk: int) -> HttpResponseBase:
    return _serve(request, body, pk, inline=False)


# --- other spellings -------------------------------------------------------------------------


@oparl_endpoint
def canonical_redirect(request: HttpRequest, path: str) -> HttpResponse:
    """One canonical URL per object: other spellings (a trailing slash) answer 301."""
    query = request.META.get("QUERY_STRING", "")
    target = f"/oparl/v1/{path}" + (f"?{query}" if query else "")
    return HttpResponsePermanentRedirect(target)


@oparl_endpoint
def entry_redirect(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect("/oparl/v1/system")


@oparl_endpoint
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    raise OParlError(404, "There is nothing at this address. The entry point is /oparl/v1/system.")
