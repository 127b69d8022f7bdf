"""Access table: The public directory and the staff's organisation pages.

Rows still marked 404 are not built yet.
"""

from typing import Any

from querschnitt.core.tests.access_helpers import everyone

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:directory": ({}, everyone(404)),
    "network:directory_export": ({"fmt": "csv"}, everyone(404)),
    "network:organisation_detail": ({"pk": 1}, everyone(404)),
    "staff:organisation_list": ({}, everyone(404)),
    "staff:organisation_create": ({}, everyone(404)),
    "staff:organisation_edit": ({"pk": 1}, everyone(404)),
}
