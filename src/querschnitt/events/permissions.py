"""What each role may do with events, registrations and working groups (see
`accounts.permissions`).

Which organisations' events a representative submits is decided by their `Representative`
rows (`events.selectors.submissions`); which working groups a body member follows, by their
memberships."""

from django.http import HttpRequest

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import OFFICE, roles_of

PERMISSIONS = {
    # formats, events, registrations, check-in, reports, imports, working groups
    "events.manage": OFFICE,
    # an organisation's own events: submit them and see how the office decided
    "events.submit": OFFICE | {Role.ORGANISATION_REPRESENTATIVE},
    # the working groups one sits on: where they stand against their horizon
    "events.follow_working_groups": OFFICE | {Role.BODY_MEMBER},
}


def represents_an_organisation(request: HttpRequest) -> bool:
    """ "Our events" means something only to people who represent an organisation."""
    municipality = request.municipality  # type: ignore[attr-defined]
    return Role.ORGANISATION_REPRESENTATIVE in roles_of(request.user, municipality)


def sits_on_a_body(request: HttpRequest) -> bool:
    municipality = request.municipality  # type: ignore[attr-defined]
    return Role.BODY_MEMBER in roles_of(request.user, municipality)
