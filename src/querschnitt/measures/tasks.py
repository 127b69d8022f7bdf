"""Background tasks of the measures, run by `manage.py db_worker`."""

from datetime import datetime

from django.tasks import task
from django_scopes import scope

from querschnitt.core.models import Municipality


@task(queue_name="default")
def rollup_refresh(*, municipality_id: int, requested_at: str = "") -> str:
    """Compute the roll-up of progress anew (asked for by every change that moves it).

    A burst of changes asks many times; a request older than the last computation, which
    began after it and so saw its change, has nothing left to do."""
    from querschnitt.core.page_cache import municipality_content_changed
    from querschnitt.measures.models import Rollup
    from querschnitt.measures.services.rollups import rollup_compute

    municipality = Municipality.objects.get(pk=municipality_id)
    with scope(municipality=municipality):
        if requested_at:
            last = (
                Rollup.objects.filter(municipality=municipality, scope=Rollup.Scope.INTERNAL)
                .values_list("computed_at", flat=True)
                .first()
            )
            if last is not None and last >= datetime.fromisoformat(requested_at):
                return "up to date"
        rollup_compute(municipality=municipality)
    municipality_content_changed(municipality_id)
    return "done"
