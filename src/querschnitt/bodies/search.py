"""Text search of papers: title, reference, text and the text inside their public files.

The words are folded and stemmed as in the directory (`network.search`): "Sprachkursen" finds
"Sprachkurs", "Integrationsbeirat" finds "beirat". The search text of a paper is
`" <title and reference words> | <words of its text and its public files> "`, every word once
(a long PDF adds each of its words once, not its length). Only public files count: a word
that stands only in a non-public annex must not make a public paper findable by it.

Indexes (migration 0002_search): a pg_trgm GIN index on PostgreSQL and an FTS5 trigram table
on SQLite, both answering "contains this string", as for the directory.
"""

from collections.abc import Iterable, Sequence

from django.db import connections
from django.db.models import Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from querschnitt.bodies.models import File, Paper
from querschnitt.core.sql_rows import rows_of, without_index_scans
from querschnitt.network.search import (
    NAME_SEPARATOR,
    Term,
    fts_expression,
    index_tokens,
    parse_query,
)

FTS_TABLE = "bodies_paper_search"

__all__ = ["Term", "parse_query"]


def search_text_from(*, title: str, reference: str, texts: Iterable[str]) -> str:
    seen: set[str] = set()
    head = index_tokens([reference, title], seen)
    rest = index_tokens([text for text in texts if text], seen)
    return f" {' '.join(head)}{NAME_SEPARATOR}{' '.join(rest)} "


def paper_search_text(paper: Paper) -> str:
    file_texts = (
        File.objects.filter(municipality=paper.municipality_id, paper=paper, public=True)
        .order_by("pk")
        .values_list("name", "text")
    )
    texts = [paper.summary]
    for name, text in file_texts:
        texts += [name, text]
    return search_text_from(title=paper.name, reference=paper.reference, texts=texts)


def paper_search_text_update(paper: Paper) -> None:
    """Store the search text of a paper after its text or its files changed."""
    text = paper_search_text(paper)
    if text != paper.search_text:
        paper.search_text = text
        Paper.objects.filter(pk=paper.pk).update(search_text=text)


def filter_by_terms(papers: QuerySet[Paper], terms: Sequence[Term]) -> QuerySet[Paper]:
    """The papers whose search text contains every term, through the index."""
    if not terms:
        return papers
    if connections[papers.db].vendor == "sqlite":
        return papers.filter(
            pk__in=RawSQL(  # noqa: S611 - the table name is ours, the expression a parameter
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                (fts_expression(terms),),
            )
        )
    condition = Q()
    for term in terms:
        alternatives = Q()
        for pattern in term.patterns:
            alternatives |= Q(search_text__contains=pattern)
        condition &= alternatives
    return papers.filter(condition)


def candidate_ids(papers: QuerySet[Paper], terms: Sequence[Term], limit: int) -> list[int]:
    """At most `limit` ids of matching papers through the index, in one query whose work is
    bounded by the limit (see `network.search.candidate_ids`, which this follows)."""
    using = papers.db
    if connections[using].vendor == "sqlite":
        inner, params = papers.order_by().values("pk").query.sql_with_params()
        sql = (
            f"SELECT p.pk FROM {FTS_TABLE} CROSS JOIN ({inner}) AS p "  # noqa: S608
            f"ON p.pk = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT {int(limit)}"
        )
        return [row[0] for row in rows_of(using, sql, (*params, fts_expression(terms)))]
    limited = filter_by_terms(papers, terms).order_by().values_list("pk", flat=True)
    if connections[using].vendor != "postgresql":
        return list(limited[:limit])
    return without_index_scans(using, lambda: list(limited[:limit]))


def scan_by_terms(papers: QuerySet[Paper], terms: Sequence[Term]) -> QuerySet[Paper]:
    """The same condition checked row by row without the index: for a query that matches
    very many papers, walking them newest first finds a page sooner."""
    for term in terms:
        alternatives = Q()
        for pattern in term.patterns:
            alternatives |= Q(GreaterThan(StrIndex("search_text", Value(pattern)), 0))
        papers = papers.filter(alternatives)
    return papers
