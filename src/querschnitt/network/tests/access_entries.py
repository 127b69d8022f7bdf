"""Access table: Entry requests, representatives and change requests.

Rows still marked 404 are not built yet.
"""

from typing import Any

from querschnitt.core.tests.access_helpers import everyone

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:entry_request": ({}, everyone(404)),
    "network:entry_confirm": ({"token": "x"}, everyone(404)),
    "staff:entry_queue": ({}, everyone(404)),
    "staff:entry_decide": ({"pk": 1}, everyone(404)),
    "staff:change_decide": ({"pk": 1}, everyone(404)),
    "staff:my_organisations": ({}, everyone(404)),
    "staff:my_organisation_edit": ({"pk": 1}, everyone(404)),
}
