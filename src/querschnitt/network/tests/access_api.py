"""Access table: the public JSON API (`/api/v1/…`), the same answer for everyone."""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import everyone


def public_organisation() -> dict[str, Any]:
    """A published, public entry of Mannheim's demo directory."""
    from querschnitt.core.models import Visibility
    from querschnitt.network.models import Organisation

    with scopes_disabled():
        organisation = Organisation.objects.filter(
            municipality__slug="mannheim",
            status=Organisation.Status.PUBLISHED,
            visibility=Visibility.PUBLIC,
        ).earliest("pk")
    return {"organisation_id": organisation.pk}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "api:openapi-json": ({}, everyone()),
    # `/api/v1/` itself is no resource: a 404 that points to openapi.json
    "api:api-root": ({}, everyone(404)),
    "api:organisation_list": ({}, everyone()),
    "api:organisation_detail": (public_organisation, everyone()),
    "api:alliance_member_list": ({"slug": "mannheimer-buendnis"}, everyone()),
}
