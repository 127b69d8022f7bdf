"""Access table: Declarations, signing, alliances and the signature queue.

Rows still marked 404 are not built yet.
"""

from typing import Any

from querschnitt.core.tests.access_helpers import everyone

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:declaration": ({"slug": "x"}, everyone(404)),
    "network:declaration_sign": ({"slug": "x"}, everyone(404)),
    "network:signature_withdraw_request": ({"slug": "x"}, everyone(404)),
    "network:signature_confirm": ({"token": "x"}, everyone(404)),
    "network:signature_withdraw": ({"token": "x"}, everyone(404)),
    "network:alliance": ({"slug": "x"}, everyone(404)),
    "staff:signature_queue": ({}, everyone(404)),
    "staff:signature_decide": ({"pk": 1}, everyone(404)),
}
