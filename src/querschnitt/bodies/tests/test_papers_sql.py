"""A page of the paper search read with plain SQL (`bodies/selectors/papers_sql.py`) is the
page the ORM path (`PaperSearch.page`) gives: the same papers, paths, count and cursor, page by
page, for many searches (words, reference, dates, type, body, combined), for the public, a
member of a body that is not public (who also names a body of the other city) and the office,
with the index's count and with the scan past its limit; never a paper of the other city."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.bodies.models import Body, Consultation, Paper
from querschnitt.bodies.search import search_text_from
from querschnitt.bodies.selectors import papers, papers_sql
from querschnitt.bodies.selectors.papers import PaperFilters, paper_search
from querschnitt.bodies.visibility import OFFICE, PUBLIC, Viewer

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
WORDS = ["Integration", "Sprachkurs", "Beirat", "Wohnen", "Sport 100%", "a_b \\ c"]


def add_papers(municipality) -> Body:
    """Thirty papers over a few days (several on one day), public or not, published or not,
    with paths through public bodies and one that is not."""
    with scope(municipality=municipality):
        hidden = Body.objects.create(
            municipality=municipality,
            name="Verborgener Kreis",
            slug="verborgener-kreis",
            kind="steering_group",
            is_public=False,
        )
        bodies = [*Body.objects.filter(municipality=municipality, is_public=True)[:2], hidden]
        made = []
        for number in range(30):
            name = f"{WORDS[number % len(WORDS)]} {WORDS[number % 4]} Nr. {number}"
            reference = f"{'VMA'[number % 3]} 2026/{number:03d}"
            made.append(
                Paper(
                    municipality=municipality,
                    reference=reference,
                    name=name,
                    paper_type=["submission", "motion", "inquiry"][number % 3],
                    date=DAY + timedelta(days=number // 4),
                    public=number % 5 != 0,
                    published_at=None if number % 7 == 0 else timezone.now(),
                    search_text=search_text_from(title=name, reference=reference, texts=[]),
                )
            )
        created = Paper.objects.bulk_create(made)
        Consultation.objects.bulk_create(
            Consultation(
                municipality=municipality,
                paper=paper,
                body=bodies[(number + step) % len(bodies)],
                order=step,
                role="decision",
            )
            for number, paper in enumerate(created)
            for step in range(number % 3)
        )
    return hidden


SEARCHES = [
    PaperFilters(),
    PaperFilters(query="integration"),
    PaperFilters(query="Sprachkursen integration"),
    PaperFilters(query="sport"),
    PaperFilters(query="in"),
    PaperFilters(query="100%"),
    PaperFilters(query="nichtsdergleichen"),
    PaperFilters(reference="2026/01"),
    PaperFilters(reference="v 2026"),
    PaperFilters(reference="%"),
    PaperFilters(reference="_"),
    PaperFilters(query="beirat", reference="M"),
    PaperFilters(date_from=DAY + timedelta(days=2)),
    PaperFilters(date_to=DAY + timedelta(days=3)),
    PaperFilters(date_from=DAY + timedelta(days=1), date_to=DAY + timedelta(days=4)),
    PaperFilters(paper_type="motion"),
    PaperFilters(query="wohnen", paper_type="inquiry"),
]


def pages(search, read) -> list:
    """Every page of a search, following the cursors (pages of 4)."""
    found, after = [], None
    while True:
        page = read(search, after)
        found.append(page)
        if page.next_cursor is None or len(found) > 20:
            return found
        after = page.next_cursor


def with_orm(search, after):
    return search.page(after=after, size=4)


def with_sql(search, after):
    return papers_sql.paper_page(search, after=after, size=4)


@pytest.mark.parametrize("limits", [(1000, 100), (3, 2)], ids=["counted", "past the limits"])
def test_the_paper_search_read_with_sql_is_the_search_through_the_orm(
    mannheim, bamberg, monkeypatch, limits
) -> None:
    hidden = add_papers(mannheim)
    foreign = add_papers(bamberg)
    for module in (papers, papers_sql):
        monkeypatch.setattr(module, "COUNT_LIMIT", limits[0])
        monkeypatch.setattr(module, "FILTER_COUNT_LIMIT", limits[1])
    with scopes_disabled():
        body_ids = [
            *Body.objects.filter(municipality=mannheim).values_list("pk", flat=True),
            foreign.pk,
        ]
        theirs = set(Paper.objects.filter(municipality=bamberg).values_list("pk", flat=True))
    member = Viewer(body_ids=frozenset({hidden.pk, foreign.pk}))
    searches = SEARCHES + [PaperFilters(body=pk) for pk in body_ids]
    searches.append(PaperFilters(query="integration", body=hidden.pk))
    shown = set()
    with scope(municipality=mannheim):
        for viewer in (PUBLIC, member, OFFICE):
            for filters in searches:
                search = paper_search(municipality=mannheim, viewer=viewer, filters=filters)
                expected = pages(search, with_orm)
                assert pages(search, with_sql) == expected, (viewer, filters)
                shown |= {row["pk"] for page in expected for row in page.papers}
    assert shown
    assert not shown & theirs


def test_the_sql_search_shows_a_member_what_the_public_does_not_see(mannheim, bamberg) -> None:
    hidden = add_papers(mannheim)
    member = Viewer(body_ids=frozenset({hidden.pk}))
    found = {}
    with scope(municipality=mannheim):
        for viewer in (PUBLIC, member):
            search = paper_search(
                municipality=mannheim, viewer=viewer, filters=PaperFilters(body=hidden.pk)
            )
            found[viewer] = papers_sql.paper_page(search, size=50)
    assert found[PUBLIC].papers == []
    assert found[member].papers
    assert any(not row["public"] for row in found[member].papers)
    assert all("Verborgener Kreis" in row["path"] for row in found[member].papers)
