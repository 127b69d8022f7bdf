"""`RememberingResolver` (core/routing.py) resolves every address as Django's resolver over the
same patterns does, the first time and again, and refuses what Django refuses."""

import pytest
from django.urls import Resolver404, ResolverMatch, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from querschnitt.core.routing import RememberingResolver

ADDRESSES = [
    "/",
    "/healthz",
    "/sprache/ar/",
    "/impressum/",
    "/api/v1/mannheim/organisations",
    "/api/v1/mannheim/alliances/mannheimer-buendnis/members",
    "/mannheim/",
    "/bamberg/",
    "/mannheim/theme.css",
    "/mannheim/impressum/",
    "/mannheim/leichte-sprache/",
    "/mannheim/barrierefreiheit/rueckmeldung/",
    "/mannheim/akteure/",
    "/mannheim/akteure/17/",
    "/mannheim/arbeitsgruppen/ag-mitreden-im-quartier/",
    "/mannheim/massnahmen/M-01/",
    "/bamberg/massnahmen/",
    "/mannheim/massnahmen/stand/2024-01-31/",
    "/mannheim/monitoring/indikatoren/migrationshintergrund/",
    "/mannheim/gremien/integrationsausschuss/",
    "/mannheim/vorlagen/",
    "/mannheim/veranstaltungen/3/",
    "/mannheim/konto/anmelden/",
    "/mannheim/verwaltung/",
    "/mannheim/verwaltung/akteure/12/",
    "/mannheim/verwaltung/massnahmen/ratsberichte/4/pdf/",
]
MISSING = [
    "/gibtsnicht",
    "/mannheim/gibtsnicht/",
    "/mannheim/akteure/x/",
    "/mannheim/massnahmen/stand/2024-1-31/",
]


def djangos(resolver: URLResolver) -> URLResolver:
    """Django's root resolver over the patterns `resolver` holds, as it was built before."""
    return URLResolver(RegexPattern(r"^/"), resolver.url_patterns)


def the_root_resolver() -> tuple[URLResolver, RememberingResolver]:
    root = get_resolver()
    remembering = next(p for p in root.url_patterns if isinstance(p, RememberingResolver))
    return root, remembering


def described(match: ResolverMatch) -> tuple[object, ...]:
    return (
        match.func,
        match.args,
        match.kwargs,
        match.url_name,
        match.app_names,
        match.namespaces,
        match.route,
        match.captured_kwargs,  # type: ignore[attr-defined]
        match.extra_kwargs,  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_resolves_as_with_djangos_resolver(address: str) -> None:
    root, remembering = the_root_resolver()
    plain = djangos(remembering)
    expected = described(plain.resolve(address))
    for _again in range(3):
        assert described(root.resolve(address)) == expected
    assert address.lstrip("/") in remembering.resolved


@pytest.mark.parametrize("address", MISSING)
def test_an_unknown_address_is_refused_every_time_and_not_kept(address: str) -> None:
    root, remembering = the_root_resolver()
    for _again in range(2):
        with pytest.raises(Resolver404):
            root.resolve(address)
    assert address.lstrip("/") not in remembering.resolved


def test_a_kept_match_is_not_changed_by_the_request_it_serves() -> None:
    root, _remembering = the_root_resolver()
    first = root.resolve("/mannheim/akteure/17/")
    first.kwargs["municipality"] = "bamberg"
    assert root.resolve("/mannheim/akteure/17/").kwargs == {"municipality": "mannheim", "pk": 17}


def test_addresses_are_reversed_as_before() -> None:
    assert reverse("network:directory", kwargs={"municipality": "mannheim"}) == "/mannheim/akteure/"
    assert (
        reverse("staff:dashboard", kwargs={"municipality": "mannheim"}) == "/mannheim/verwaltung/"
    )
    assert reverse("language_switch", args=["ar"]) == "/sprache/ar/"


def test_the_kept_addresses_are_bounded() -> None:
    _root, remembering = the_root_resolver()
    for number in range(RememberingResolver.MAX_ADDRESSES + 10):
        remembering.resolve(f"mannheim/akteure/{number}/")
    assert len(remembering.resolved) <= RememberingResolver.MAX_ADDRESSES
