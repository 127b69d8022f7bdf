"""What each role may do with bodies, meetings and papers (see `accounts.permissions`).

Which bodies a member reads in full is decided per object in `bodies.visibility`."""

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import OFFICE

PERMISSIONS = {
    "bodies.manage": OFFICE,
    # the office may open a member's page too (it lists the bodies the account sits on)
    "bodies.member": OFFICE | {Role.BODY_MEMBER},
}
