"""What each role may do with the network of local actors (see `accounts.permissions`)."""

from django.http import HttpRequest

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import OFFICE, roles_of

PERMISSIONS = {
    "network.manage": OFFICE,
    "network.represent": OFFICE | {Role.ORGANISATION_REPRESENTATIVE},
}


def represents_an_organisation(request: HttpRequest) -> bool:
    """Whether "My organisation" means anything to this person: the office gives the role to
    everyone it makes a representative (office staff who represent nothing do not hold it)."""
    municipality = request.municipality  # type: ignore[attr-defined]
    return Role.ORGANISATION_REPRESENTATIVE in roles_of(request.user, municipality)
