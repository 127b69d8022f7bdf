"""Reads of papers: the search by text, reference, date, body and type; a paper's path.

Why a page costs about the same at a thousand and at a hundred thousand papers (as for the
directory, `network.selectors.directory`):
- the list is paged by key (date, id), newest first, never by offset;
- without search words the count stops at FILTER_COUNT_LIMIT ("more than 100");
- with search words, the index yields at most COUNT_LIMIT + 1 candidates, read once for the
  count and the page; when there are more ("broad"), the list is walked newest first and
  each paper checked (`scan_by_terms`), which ends after one page since matches are frequent.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from querschnitt.bodies.models import Body, Consultation, Paper
from querschnitt.bodies.search import Term, candidate_ids, parse_query, scan_by_terms
from querschnitt.bodies.visibility import Viewer, consultation_q, paper_q
from querschnitt.core.models import Municipality

PAGE_SIZE = 20
COUNT_LIMIT = 1000
# Without search words the count walks the list itself; past this it says "more than".
FILTER_COUNT_LIMIT = 100


@dataclass(frozen=True)
class PaperFilters:
    """What a visitor searched for. Empty values do not narrow."""

    query: str = ""
    reference: str = ""
    date_from: date | None = None
    date_to: date | None = None
    body: int | None = None
    paper_type: str = ""

    def is_empty(self) -> bool:
        return not any(
            (self.query, self.reference, self.date_from, self.date_to, self.body, self.paper_type)
        )

    def to_json(self) -> dict[str, Any]:
        """For a subscription, a feed link or a page link."""
        data = {
            "q": self.query,
            "reference": self.reference,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "body": self.body or "",
            "type": self.paper_type,
        }
        return {key: value for key, value in data.items() if value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PaperFilters":
        def day(value: Any) -> date | None:
            try:
                return date.fromisoformat(str(value)) if value else None
            except ValueError:
                return None

        body = data.get("body")
        return cls(
            query=str(data.get("q", ""))[:200],
            reference=str(data.get("reference", ""))[:50],
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            body=int(str(body)) if str(body or "").isdigit() else None,
            paper_type=str(data.get("type", "")) if data.get("type") in Paper.Type.values else "",
        )


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the date and id of its last paper."""

    day: date
    pk: int

    def encode(self) -> str:
        return f"{self.day.isoformat()}_{self.pk}"

    @classmethod
    def decode(cls, value: str) -> "Cursor | None":
        day, _sep, pk = value.partition("_")
        try:
            return cls(date.fromisoformat(day), int(pk))
        except ValueError:
            return None


@dataclass(frozen=True)
class PaperPage:
    papers: list[Any]
    count: int
    more_than_count: bool
    next_cursor: Cursor | None


@dataclass(frozen=True)
class PaperSearch:
    municipality: Municipality
    viewer: Viewer
    filters: PaperFilters
    terms: tuple[Term, ...] = field(default=())

    @property
    def base(self) -> QuerySet[Paper]:
        return Paper.objects.filter(municipality=self.municipality).filter(paper_q(self.viewer))

    def narrowed(self, papers: QuerySet[Paper]) -> QuerySet[Paper]:
        """Every filter but the search words."""
        f = self.filters
        if f.reference:
            # its words are search terms too (see paper_search), found through the index;
            # this checks the few candidates exactly
            papers = papers.filter(reference__icontains=f.reference)
        if f.date_from:
            papers = papers.filter(date__gte=f.date_from)
        if f.date_to:
            papers = papers.filter(date__lte=f.date_to)
        if f.paper_type:
            papers = papers.filter(paper_type=f.paper_type)
        if f.body:
            # checked paper by paper (index on the consultation's paper), so the list stops
            # once a page and the count are found
            steps = Consultation.objects.filter(
                municipality=self.municipality, paper=OuterRef("pk"), body_id=f.body
            ).filter(consultation_q(self.viewer))
            papers = papers.filter(Exists(steps))
        return papers

    @cached_property
    def candidate_ids(self) -> list[int]:
        return candidate_ids(self.narrowed(self.base), self.terms, COUNT_LIMIT + 1)

    def count(self) -> tuple[int, bool]:
        """The number of matches up to a limit, and whether there are more. With search words
        the index yields the candidates (up to COUNT_LIMIT); without, the list is walked, and
        selective filters walk far, so the count stops sooner (FILTER_COUNT_LIMIT)."""
        if self.terms:
            found, limit = len(self.candidate_ids), COUNT_LIMIT
        else:
            limit = FILTER_COUNT_LIMIT
            found = self.narrowed(self.base).order_by().values("pk")[: limit + 1].count()
        return min(found, limit), found > limit

    def listed(self, *, broad: bool) -> QuerySet[Paper]:
        papers = self.narrowed(self.base)
        if self.terms:
            papers = (
                scan_by_terms(papers, self.terms)
                if broad
                else papers.filter(pk__in=self.candidate_ids)
            )
        return papers.order_by("-date", "-pk")

    def page(self, *, after: Cursor | None = None, size: int = PAGE_SIZE) -> PaperPage:
        """A page of papers as values (`PAPER_ROW_FIELDS`), each with `path`: the names of
        the bodies of its steps that the viewer sees, in order."""
        count, more = self.count()
        papers = self.listed(broad=more)
        if after is not None:
            papers = papers.filter(Q(date__lt=after.day) | Q(date=after.day, pk__lt=after.pk))
        found = list(papers.values(*PAPER_ROW_FIELDS)[: size + 1])
        next_cursor = (
            Cursor(found[size - 1]["date"], found[size - 1]["pk"]) if len(found) > size else None
        )
        shown = found[:size]
        paths: dict[int, list[str]] = {row["pk"]: [] for row in shown}
        steps = (
            Consultation.objects.filter(municipality=self.municipality, paper_id__in=list(paths))
            .filter(consultation_q(self.viewer))
            .order_by("order", "pk")
            .values_list("paper_id", "body__short_name", "body__name")
        )
        for paper_id, short_name, name in steps:
            paths[paper_id].append(short_name or name)
        for row in shown:
            row["path"] = paths[row["pk"]]
        return PaperPage(shown, count, more, next_cursor)


PAPER_ROW_FIELDS = ("pk", "reference", "name", "paper_type", "date", "public")


def paper_search(
    *, municipality: Municipality, viewer: Viewer, filters: PaperFilters
) -> PaperSearch:
    terms = parse_query(filters.query)
    known = {term.word for term in terms}
    terms += [term for term in parse_query(filters.reference) if term.word not in known]
    return PaperSearch(
        municipality=municipality, viewer=viewer, filters=filters, terms=tuple(terms)
    )


def paper_path(*, paper: Paper, viewer: Viewer) -> list[Consultation]:
    """The steps of a paper's path that the viewer sees, with the meetings where they were
    (or will be) dealt with."""
    from querschnitt.bodies.visibility import agenda_item_q

    steps = list(
        Consultation.objects.filter(municipality=paper.municipality_id, paper=paper)
        .filter(consultation_q(viewer))
        .select_related("body", "agenda_item__meeting__body")
        .order_by("order", "pk")
    )
    visible_items = set()
    item_ids = [step.agenda_item_id for step in steps if step.agenda_item_id]
    if item_ids:
        from querschnitt.bodies.models import AgendaItem

        visible_items = set(
            AgendaItem.objects.filter(pk__in=item_ids)
            .filter(agenda_item_q(viewer))
            .values_list("pk", flat=True)
        )
    for step in steps:
        step.shown_item = step.agenda_item if step.agenda_item_id in visible_items else None
    return steps


def bodies_for_filter(*, municipality: Municipality, viewer: Viewer) -> list[Body]:
    from querschnitt.bodies.visibility import body_q

    return list(
        Body.objects.filter(municipality=municipality).filter(body_q(viewer)).order_by("name")
    )
