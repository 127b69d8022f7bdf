"""Reads of the office's list of papers."""

from functools import lru_cache

from django.db import connections, router

from querschnitt.bodies.models import Body, Consultation
from querschnitt.core.models import Municipality


@lru_cache(maxsize=8)
def _steps(using: str) -> str:
    quote = connections[using].ops.quote_name
    return (
        "SELECT c.paper_id, b.short_name, b.name"  # noqa: S608 - our names
        f" FROM {quote(Consultation._meta.db_table)} c"
        f" JOIN {quote(Body._meta.db_table)} b ON b.id = c.body_id"
        " WHERE c.municipality_id = %s AND c.paper_id IN ({ids})"
        f" ORDER BY c.{quote('order')}, c.id"
    )


def staff_paper_paths(*, municipality: Municipality, paper_ids: list[int]) -> dict[int, list[str]]:
    """The path of each paper for the office (every step): the short name of each step's body,
    else its name, in the order of the steps. One plain statement for a page of papers (the
    ORM took longer to build it than the database to answer; `test_staff_papers_sql.py`
    compares it with the ORM's on SQLite and PostgreSQL). Tenancy is kept here: the statement
    names the municipality, as django-scopes does not see plain SQL."""
    paths: dict[int, list[str]] = {}
    if not paper_ids:
        return paths
    using = router.db_for_read(Consultation)
    sql = _steps(using).format(ids=", ".join(["%s"] * len(paper_ids)))
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [municipality.pk, *paper_ids])
        steps = cursor.fetchall()
    for paper_id, short_name, name in steps:
        paths.setdefault(paper_id, []).append(short_name or name)
    return paths
