"""Access table: Declarations, signing, alliances and the signature queue.

The public pages are open to everyone (the declaration and alliance of the Mannheim demo);
links from e-mails with a forged token are a 400 for everyone; the queue is office work.
"""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff


def pending_signature_pk() -> dict[str, Any]:
    from querschnitt.network.models import Signature

    with scopes_disabled():
        signature = (
            Signature.objects.filter(municipality__slug="mannheim", state="pending_review")
            .order_by("confirmed_at", "id")
            .first()
        )
    assert signature is not None, "the Mannheim demo has signatures waiting for review"
    return {"pk": signature.pk}


DECLARATION = {"slug": "mannheimer-erklaerung"}

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:declaration": (DECLARATION, everyone()),
    "network:declaration_sign": (DECLARATION, everyone()),
    "network:signature_withdraw_request": (DECLARATION, everyone()),
    "network:signature_confirm": ({"token": "forged"}, everyone(400)),
    "network:signature_withdraw": ({"token": "forged"}, everyone(400)),
    "network:alliance": ({"slug": "mannheimer-buendnis"}, everyone()),
    "staff:signature_queue": ({}, staff(*OFFICE)),
    "staff:signature_decide": (pending_signature_pk, staff(*OFFICE)),
}
