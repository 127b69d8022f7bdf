"""Access table: Importing lists of organisations (office staff only)."""

from typing import Any

from querschnitt.core.tests.access_helpers import OFFICE, staff


def import_run_pk() -> dict[str, Any]:
    """A small previewed import of Mannheim, created inside the test's transaction."""
    from django_scopes import scope

    from querschnitt.core.models import Municipality
    from querschnitt.network.services.imports import import_preview_create

    mannheim = Municipality.objects.get(slug="mannheim")
    with scope(municipality=mannheim):
        run = import_preview_create(
            municipality=mannheim,
            by=None,
            file_name="liste.csv",
            # A new row and a likely duplicate of a demo organisation (its decision).
            content=(
                b"Name;PLZ\nZugriffstest e.V.;68159\nNachbarschaftsverein Lindenhain e. V.;69115\n"
            ),
        )
    return {"pk": run.pk}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "staff:import_upload": ({}, staff(*OFFICE)),
    "staff:import_preview": (import_run_pk, staff(*OFFICE)),
}
