"""Access table: Importing lists of organisations.

Rows still marked 404 are not built yet.
"""

from typing import Any

from querschnitt.core.tests.access_helpers import everyone

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "staff:import_upload": ({}, everyone(404)),
    "staff:import_preview": ({"pk": 1}, everyone(404)),
}
