"""The paths of the office's list of papers read with plain SQL (`staff_paper_paths`) are the
ORM's, step by step, on SQLite and PostgreSQL; a paper of the other city among the ids gives
nothing, and no ids give no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from querschnitt.bodies.models import Consultation, Paper
from querschnitt.bodies.selectors.staff_papers import staff_paper_paths
from querschnitt.bodies.tests.test_papers_sql import add_papers

pytestmark = pytest.mark.django_db


def orm_paths(municipality, paper_ids: list[int]) -> dict[int, list[str]]:
    paths: dict[int, list[str]] = {}
    steps = (
        Consultation.objects.filter(municipality=municipality, paper_id__in=paper_ids)
        .order_by("order", "pk")
        .values_list("paper_id", "body__short_name", "body__name")
    )
    for paper_id, short_name, name in steps:
        paths.setdefault(paper_id, []).append(short_name or name)
    return paths


def test_the_paths_read_by_sql_are_the_orms(mannheim, bamberg, unscoped) -> None:
    for municipality in (mannheim, bamberg):
        add_papers(municipality)
    everyone = list(Paper.objects.order_by("pk").values_list("pk", flat=True))
    for municipality in (mannheim, bamberg):
        own = list(
            Paper.objects.filter(municipality=municipality)
            .order_by("-pk")
            .values_list("pk", flat=True)
        )
        for ids in (own, own[:7], own[3:4], everyone):
            found = staff_paper_paths(municipality=municipality, paper_ids=ids)
            assert found == orm_paths(municipality, ids)
            assert set(found) <= set(own)
        assert (
            sum(
                len(path)
                for path in staff_paper_paths(municipality=municipality, paper_ids=own).values()
            )
            > 10
        )
    with CaptureQueriesContext(connection) as queries:
        assert staff_paper_paths(municipality=mannheim, paper_ids=[]) == {}
    assert not queries
