"""Access table: The public directory and the staff's organisation pages."""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff


def published_organisation() -> dict[str, Any]:
    """A published, public organisation of Mannheim (the demo has many; made if it has none)."""
    from querschnitt.core.models import Municipality, Visibility
    from querschnitt.network.models import Organisation
    from querschnitt.network.services.organisations import organisation_create

    with scopes_disabled():
        mannheim = Municipality.objects.get(slug="mannheim")
        organisation = (
            Organisation.objects.filter(
                municipality=mannheim,
                status=Organisation.Status.PUBLISHED,
                visibility=Visibility.PUBLIC,
            )
            .order_by("pk")
            .first()
        )
        if organisation is None:
            organisation = organisation_create(
                municipality=mannheim,
                by=None,
                name="Access Table Example e. V.",
                status=Organisation.Status.PUBLISHED,
            )
    return {"pk": organisation.pk}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:directory": ({}, everyone()),
    "network:directory_export": ({"fmt": "csv"}, everyone()),
    "network:organisation_detail": (published_organisation, everyone()),
    "staff:organisation_list": ({}, staff(*OFFICE)),
    "staff:organisation_create": ({}, staff(*OFFICE)),
    "staff:organisation_edit": (published_organisation, staff(*OFFICE)),
}
