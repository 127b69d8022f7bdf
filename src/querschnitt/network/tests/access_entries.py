"""Access table: Entry requests, representatives and change requests.

The object pages name objects of Mannheim's demo data: a requested organisation, and the
organisation that verein@mannheim.example represents. Without them the pk is 0, a clean 404.
"""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff

REPRESENTATIVE = "verein@mannheim.example"


def requested_organisation_pk() -> dict[str, Any]:
    """A request for an entry in Mannheim's demo (confirmed or not)."""
    from querschnitt.network.models import Organisation

    with scopes_disabled():
        organisation = (
            Organisation.objects.filter(
                municipality__slug="mannheim",
                status__in=[Organisation.Status.REQUESTED, Organisation.Status.IN_REVIEW],
            )
            .order_by("id")
            .first()
        )
    return {"pk": organisation.pk if organisation is not None else 0}


def represented_organisation_pk() -> dict[str, Any]:
    """The organisation the demo representative of Mannheim keeps current."""
    from querschnitt.network.models import Representative

    with scopes_disabled():
        representative = (
            Representative.objects.filter(municipality__slug="mannheim", user__email=REPRESENTATIVE)
            .order_by("id")
            .first()
        )
    return {"pk": representative.organisation_id if representative is not None else 0}


# Only the people who represent the organisation may open its edit page; office staff and
# operators hold the permission but represent nothing, so for them the page does not exist.
ONLY_ITS_REPRESENTATIVE = {
    **staff("representative", *OFFICE),
    "admin": 404,
    "staff": 404,
    "operator": 404,
}

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:entry_request": ({}, everyone()),
    "network:entry_confirm": ({"token": "x"}, everyone(400)),
    "staff:entry_queue": ({}, staff(*OFFICE)),
    "staff:entry_decide": (requested_organisation_pk, staff(*OFFICE)),
    # The demo has no change request waiting: pk 0 is a clean 404 after the permission check.
    "staff:change_decide": ({"pk": 0}, staff(*OFFICE, ok=404)),
    "staff:my_organisations": ({}, staff("representative", *OFFICE)),
    "staff:my_organisation_edit": (represented_organisation_pk, ONLY_ITS_REPRESENTATIVE),
}
