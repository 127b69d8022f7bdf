"""Access table: the person's own account pages, invitations, removal and second-factor resets.

(The sign-in pages and the first user-management rows are in core's table.)
"""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import ADMIN, ANY_ROLE, everyone, staff


def colleague_pk() -> dict[str, Any]:
    """Mannheim's office staff: roles only in Mannheim, an authenticator of the demo."""
    from querschnitt.accounts.models import User

    return {"pk": User.objects.get(email="team@mannheim.example").pk}


def pending_invitation_pk() -> dict[str, Any]:
    """An invitation waiting in Mannheim (made for the table if there is none)."""
    from datetime import timedelta

    from django.utils import timezone

    from querschnitt.accounts.models import Role, RoleInvitation
    from querschnitt.core.models import Municipality

    with scopes_disabled():
        invitation, _created = RoleInvitation.objects.get_or_create(
            municipality=Municipality.objects.get(slug="mannheim"),
            email="eingeladen@mannheim.example",
            role=Role.BODY_MEMBER,
            defaults={
                "full_name": "Ina Eingeladen",
                "token_hash": "0" * 64,
                "expires_at": timezone.now() + timedelta(days=14),
            },
        )
    return {"pk": invitation.pk}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "accounts:account": ({}, staff(*ANY_ROLE)),
    "accounts:email_change": ({}, staff(*ANY_ROLE)),
    "accounts:password_change": ({}, staff(*ANY_ROLE)),
    "accounts:recovery_codes": ({}, staff(*ANY_ROLE)),
    # links from e-mails with a forged token are a 400 for everyone
    "accounts:email_confirm": ({"token": "forged"}, everyone(400)),
    "accounts:invitation_accept": ({"token": "forged"}, everyone(400)),
    "staff:user_remove": (colleague_pk, staff(*ADMIN)),
    "staff:second_factor_reset": (colleague_pk, staff(*ADMIN)),
    "staff:invitation_withdraw": (pending_invitation_pk, staff(*ADMIN)),
}
