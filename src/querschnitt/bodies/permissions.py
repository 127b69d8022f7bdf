"""What each role may do with bodies, meetings and papers (see `accounts.permissions`).

Which bodies a member reads in full is decided per object in `bodies.visibility`."""

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import OFFICE

PERMISSIONS = {
    "bodies.manage": OFFICE,
    "bodies.member": frozenset({Role.BODY_MEMBER}),
}
