"""Access table: retention periods and a person's data (office administrators only).

Export and erasure take the e-mail address by POST only; a GET is 405 for those allowed."""

from typing import Any

from querschnitt.core.tests.access_helpers import ADMIN, staff

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "staff:retention": ({}, staff(*ADMIN)),
    "staff:personal_data": ({}, staff(*ADMIN)),
    "staff:personal_data_export": ({}, staff(*ADMIN, ok=405)),
    "staff:personal_data_erase": ({}, staff(*ADMIN, ok=405)),
}
