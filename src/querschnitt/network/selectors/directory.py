"""Reads of the public directory (to be refined by the directory work)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.models import Organisation, OrganisationLanguage, OrganisationTopic
from querschnitt.network.search import search


def organisation_search(
    *,
    municipality: Municipality,
    query: str = "",
    kinds: Iterable[str] = (),
    topics: Iterable[str] = (),
    languages: Iterable[str] = (),
    districts: Iterable[int] = (),
    wheelchair_accessible: bool | None = None,
    visibilities: Iterable[str] = (Visibility.PUBLIC,),
) -> QuerySet[Organisation]:
    """Published organisations of the municipality that match every given filter."""
    organisations = Organisation.objects.filter(
        municipality=municipality,
        status=Organisation.Status.PUBLISHED,
        visibility__in=list(visibilities),
    )
    if kinds := list(kinds):
        organisations = organisations.filter(kind__in=kinds)
    if topics := list(topics):
        organisations = organisations.filter(
            pk__in=OrganisationTopic.objects.filter(
                municipality=municipality, topic__in=topics
            ).values("organisation")
        )
    if languages := list(languages):
        organisations = organisations.filter(
            pk__in=OrganisationLanguage.objects.filter(
                municipality=municipality, language__in=languages
            ).values("organisation")
        )
    if districts := list(districts):
        organisations = organisations.filter(district__in=districts)
    if wheelchair_accessible is not None:
        organisations = organisations.filter(wheelchair_accessible=wheelchair_accessible)
    if query.strip():
        organisations = search(organisations, query)
    return organisations.order_by("name", "id")
