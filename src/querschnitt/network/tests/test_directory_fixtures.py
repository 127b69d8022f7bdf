"""Shared helpers of the directory's tests: fresh municipalities and organisations made
through the services (so that search text and vocabulary are right). No tests here."""

from typing import Any

from django_scopes import scope

from querschnitt.core.models import Municipality, Visibility
from querschnitt.network.models import District, Organisation
from querschnitt.network.services.organisations import organisation_create

PUBLISHED = Organisation.Status.PUBLISHED


def make_town(slug: str = "pruefstadt", ags: str = "09999001", **fields: Any) -> Municipality:
    """A municipality without demo data, so that searches see only what a test made."""
    return Municipality.objects.create(
        slug=slug,
        name=fields.pop("name", slug.capitalize()),
        ags=ags,
        state="BY",
        office_name="Integrationsbüro",
        languages=fields.pop("languages", ["en", "ar"]),
        **fields,
    )


def make_organisation(
    municipality: Municipality,
    name: str,
    *,
    status: str = PUBLISHED,
    visibility: str = Visibility.PUBLIC,
    topics: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    **fields: Any,
) -> Organisation:
    with scope(municipality=municipality):
        return organisation_create(
            municipality=municipality,
            by=None,
            name=name,
            status=status,
            visibility=visibility,
            topics=topics,
            languages=languages,
            **fields,
        )


def make_district(municipality: Municipality, name: str) -> District:
    with scope(municipality=municipality):
        return District.objects.create(municipality=municipality, name=name)
