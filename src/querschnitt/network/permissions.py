"""What each role may do with the network of local actors (see `accounts.permissions`)."""

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import OFFICE

PERMISSIONS = {
    "network.manage": OFFICE,
    "network.represent": OFFICE | {Role.ORGANISATION_REPRESENTATIVE},
}
