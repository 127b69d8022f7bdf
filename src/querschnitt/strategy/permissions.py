"""What each role may do with the strategy (see `accounts.permissions`)."""

from querschnitt.accounts.permissions import OFFICE

PERMISSIONS = {
    # fields of action, the goal tree with the guiding principle's versions, indicators
    "strategy.manage": OFFICE,
}
