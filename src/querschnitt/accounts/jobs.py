"""The accounts' periodic jobs (registered in `apps.py`)."""

from querschnitt.accounts.services import role_invitations_expire


def expire_invitations() -> str:
    """Remove invitations that were not accepted in time."""
    return f"{role_invitations_expire()} expired invitation(s) removed"
