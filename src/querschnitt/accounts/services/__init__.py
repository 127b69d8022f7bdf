"""Writes about accounts: invitations, roles, the second factor and the owner's own account.

Every function is keyword-only, atomic and audited; the modules below hold them by area.
"""

from querschnitt.accounts.services.account import (
    account_email_change,
    account_email_change_request,
    account_password_change,
    account_set_active,
    account_update,
)
from querschnitt.accounts.services.invitations import (
    role_invitation_accept,
    role_invitation_accept_with_new_account,
    role_invitation_create,
    role_invitation_withdraw,
    role_invitations_expire,
    send_invitation,
)
from querschnitt.accounts.services.roles import (
    role_assign,
    role_revoke,
    user_remove_from_municipality,
)
from querschnitt.accounts.services.second_factor import (
    recovery_code_use,
    recovery_codes_generate,
    second_factor_reset,
    second_factor_reset_refusal,
    totp_device_confirm,
    totp_device_for_setup,
)

__all__ = [
    "account_email_change",
    "account_email_change_request",
    "account_password_change",
    "account_set_active",
    "account_update",
    "recovery_code_use",
    "recovery_codes_generate",
    "role_assign",
    "role_invitation_accept",
    "role_invitation_accept_with_new_account",
    "role_invitation_create",
    "role_invitation_withdraw",
    "role_invitations_expire",
    "role_revoke",
    "second_factor_reset",
    "second_factor_reset_refusal",
    "send_invitation",
    "totp_device_confirm",
    "totp_device_for_setup",
    "user_remove_from_municipality",
]
