"""The office's list of papers read with plain SQL is the ORM's on SQLite and PostgreSQL: its
count and rows for every search (`PaperRows`), with the other city's papers present, and the
paths (`staff_paper_paths`) step by step; a paper of the other city among the ids gives
nothing, and no ids give no query."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from querschnitt.bodies.models import Consultation, Paper
from querschnitt.bodies.selectors.staff_papers import PaperFilters, PaperRows, staff_paper_paths
from querschnitt.bodies.staff_rows import STAFF_PAPER_ROW_FIELDS
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


def orm_papers(municipality, q: str):
    papers = Paper.objects.filter(municipality=municipality)
    if q:
        papers = papers.filter(Q(reference__icontains=q) | Q(name__icontains=q))
    return papers.order_by("-date", "-pk").values(*STAFF_PAPER_ROW_FIELDS)


SEARCHES = ["", "2026", "v 2026/00", "nr. 1", "NR. 2", "ü", "Ü", "%", "_", "\\", "'", "zzz", "a"]


def test_the_list_read_by_sql_is_the_orms(mannheim, bamberg, unscoped) -> None:
    for municipality in (mannheim, bamberg):
        add_papers(municipality)
    with scope(municipality=bamberg):
        # text that a search must not find by its LIKE characters, and umlauts of either case
        Paper.objects.filter(municipality=bamberg).update(name="Straße 100% _x_ \\ Übung")
    with scope(municipality=mannheim):
        paper = Paper.objects.filter(municipality=mannheim).order_by("pk").first()
        paper.name = "Grünfläche 5% a_b \\ ÜBER"
        paper.save()
    for municipality in (mannheim, bamberg):
        own = set(Paper.objects.filter(municipality=municipality).values_list("pk", flat=True))
        for q in SEARCHES:
            rows = PaperRows(municipality, PaperFilters(q=q))
            expected = list(orm_papers(municipality, q))
            assert rows.count() == len(expected), q
            assert rows[0:1000] == expected, q
            assert rows[3:9] == expected[3:9], q
            assert {row["pk"] for row in rows[0:1000]} <= own
        assert PaperRows(municipality, PaperFilters(q="")).count() > 25
    # a LIKE character is searched for as itself
    everything = PaperRows(mannheim, PaperFilters(q="")).count()
    assert 0 < PaperRows(mannheim, PaperFilters(q="%")).count() < everything
    assert 0 < PaperRows(mannheim, PaperFilters(q="_")).count() < everything
