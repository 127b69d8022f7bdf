"""The ceiling of the stack for `make bench`: the smallest Django view, served only when
QS_BENCHMARK_VIEWS=1."""

from django.http import HttpRequest, HttpResponse


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
