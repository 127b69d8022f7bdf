"""Reads of the directory of organisations: the public list with its filters and search, one
organisation's public page, exports, and the staff's list.

Why a page costs about the same at a hundred and at a hundred thousand organisations:
- Lists are paged by key ((name, id), or (name hits, name, id) for a search), never by offset.
- The count stops at COUNT_LIMIT. For a search it is the number of candidate ids that the
  search index yields, read once (at most COUNT_LIMIT + 1) and reused for the page, which is
  then ranked among those few rows.
- When there are more matches than COUNT_LIMIT ("broad"), the page is not ranked: the list is
  walked in name order and each row is checked (`scan`), which ends after one page because
  matches are frequent. The count decides which of the two plans a request takes; a word of
  the public directory that more than COUNT_LIMIT listed entries hold (kept per word, see
  search.py, "Listed organisations of a word") is broad without counting.
"""

import base64
import binascii
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from typing import Any

from django.db import connection, connections, router
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import get_language

from querschnitt.core import versioned
from querschnitt.core.models import Municipality, Visibility
from querschnitt.core.sql_rows import columns, instance, raw_rows, rows_of
from querschnitt.network.logos import logo_address
from querschnitt.network.models import (
    District,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
    Topic,
)
from querschnitt.network.search import (
    Occurrences,
    Term,
    candidate_ids,
    closest_words,
    filter_by_terms,
    parse_query,
    pattern_for,
    scan_by_terms,
    term_occurrences,
    with_name_hits,
)
from querschnitt.network.selectors import directory_search_sql as search_sql
from querschnitt.network.selectors.directory_sql import (
    ListedOrganisation,
    listed_count,
    listed_rows,
)
from querschnitt.network.selectors.entries import language_name
from querschnitt.network.selectors.listing import listed_condition

PAGE_SIZE = 20
COUNT_LIMIT = 1000
TOPIC_LABELS = dict(Topic.choices)


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor asked for. Values within one filter widen the result, filters narrow it."""

    query: str = ""
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    districts: tuple[int, ...] = ()
    wheelchair_accessible: bool | None = None


def visible_organisations(
    *, municipality: Municipality, visibilities: Iterable[str] = (Visibility.PUBLIC,)
) -> QuerySet[Organisation]:
    """Published organisations of the municipality at the given visibility levels."""
    return Organisation.objects.filter(
        listed_condition(visibilities=visibilities), municipality=municipality
    )


def apply_filters(
    organisations: QuerySet[Organisation],
    *,
    municipality: Municipality,
    filters: DirectoryFilters,
    scan: bool = False,
) -> QuerySet[Organisation]:
    """Every filter but the search words.

    Two forms with the same result. By default the database may use the indexes of the filters
    (kind, district, topic, language) to collect the matches, then sort them: right when they
    are few. With `scan`, the filters are written so that no index of theirs applies (Lower(),
    EXISTS): the database walks the list in name order and checks each row, which ends after
    one page when matches are many (the count tells which case it is).
    """
    if filters.kinds:
        if scan:
            organisations = organisations.alias(kind_checked=Lower("kind")).filter(
                kind_checked__in=filters.kinds
            )
        else:
            organisations = organisations.filter(kind__in=filters.kinds)
    if filters.topics:
        topics = OrganisationTopic.objects.filter(
            municipality=municipality, topic__in=filters.topics
        )
        organisations = organisations.filter(
            Exists(topics.filter(organisation=OuterRef("pk")))
            if scan
            else Q(pk__in=topics.values("organisation"))
        )
    if filters.languages:
        languages = OrganisationLanguage.objects.filter(
            municipality=municipality, language__in=filters.languages
        )
        organisations = organisations.filter(
            Exists(languages.filter(organisation=OuterRef("pk")))
            if scan
            else Q(pk__in=languages.values("organisation"))
        )
    if filters.districts:
        if scan:
            organisations = organisations.alias(
                district_checked=Coalesce("district_id", Value(0))
            ).filter(district_checked__in=filters.districts)
        else:
            organisations = organisations.filter(district__in=filters.districts)
    if filters.wheelchair_accessible is not None:
        organisations = organisations.filter(wheelchair_accessible=filters.wheelchair_accessible)
    return organisations


@dataclass(frozen=True)
class DirectorySearch:
    """A search of the directory: the matching organisations, and the words that were
    replaced because they found nothing (typed → used)."""

    municipality: Municipality
    filters: DirectoryFilters
    terms: tuple[Term, ...]
    corrections: dict[str, str] = field(default_factory=dict)
    # the public directory (published, public entries): its plain list and its bounded
    # searches are read with SQL (`directory_sql`, `directory_search_sql`), not from `base`
    public: bool = False
    # the organisations searched; none given: the public ones (built only when needed)
    base: QuerySet[Organisation] | None = field(default=None, kw_only=True)

    @cached_property
    def visible(self) -> QuerySet[Organisation]:
        """The organisations searched, before any filter."""
        if self.base is not None:
            return self.base
        return visible_organisations(municipality=self.municipality)

    @property
    def db(self) -> str:
        """The database alias the search reads from."""
        return self.base.db if self.base is not None else router.db_for_read(Organisation)

    @property
    def is_plain(self) -> bool:
        """The public directory without search words or filters."""
        return self.public and not self.terms and self.filters == DirectoryFilters()

    @cached_property
    def filtered(self) -> QuerySet[Organisation]:
        """Every filter applied, not yet the search words."""
        return apply_filters(self.visible, municipality=self.municipality, filters=self.filters)

    @property
    def filtered_by_scan(self) -> QuerySet[Organisation]:
        """The same, checked row by row (see apply_filters)."""
        return apply_filters(
            self.visible, municipality=self.municipality, filters=self.filters, scan=True
        )

    @property
    def organisations(self) -> QuerySet[Organisation]:
        """All matching organisations by name (through the index; for exports and the API)."""
        return filter_by_terms(self.filtered, self.terms).order_by("name", "pk")

    @cached_property
    def candidate_ids(self) -> list[int]:
        """Up to COUNT_LIMIT + 1 matching ids, found through the search index.

        Read once and used for both the count and the page, so the index is searched once.
        """
        if self.public:
            return search_sql.candidate_ids(self.where, self.terms, COUNT_LIMIT + 1)
        return candidate_ids(self.filtered, self.terms, COUNT_LIMIT + 1)

    @cached_property
    def where(self) -> search_sql.Where:
        """The public directory's filters as SQL (`directory_search_sql`)."""
        return self._where(scan=False)

    @property
    def by_lists(self) -> bool:
        """Whether a topic or language filter narrows the list: its matches are then read
        from the ids of those lists, once for the count and the page (`filtered_ids`)."""
        return bool(self.filters.topics or self.filters.languages)

    @cached_property
    def filtered_ids(self) -> list[int]:
        """Up to COUNT_LIMIT + 1 ids that pass the filters (`by_lists`, no search words)."""
        return search_sql.filtered_ids(
            self.where_beside_lists,
            municipality=self.municipality,
            topics=self.filters.topics,
            languages=self.filters.languages,
            limit=COUNT_LIMIT + 1,
        )

    @property
    def scanned_where(self) -> search_sql.Where:
        """The same with the search words, all checked row by row (`listed(broad=True)`)."""
        return search_sql.scanned_terms(self._where(scan=True), self.terms, using=self.db)

    @property
    def where_beside_lists(self) -> search_sql.Where:
        """`where` without the topic and language lists, for rows that passed them
        (`filtered_ids`): checking them again would read both lists again."""
        return self._where(scan=False, lists=False)

    def _where(self, *, scan: bool, lists: bool = True) -> search_sql.Where:
        filters = self.filters
        return search_sql.filtered_where(
            municipality=self.municipality,
            kinds=filters.kinds,
            topics=filters.topics if lists else (),
            languages=filters.languages if lists else (),
            districts=filters.districts,
            wheelchair_accessible=filters.wheelchair_accessible,
            using=self.db,
            scan=scan,
        )

    def listed(self, *, broad: bool) -> QuerySet[Organisation]:
        """The matches in the order of the list: hits in the name first, then by name.

        A broad search (more than COUNT_LIMIT matches) is listed by name only and checked row
        by row, so that a page costs the same however many rows match.
        """
        if broad:
            return scan_by_terms(self.filtered_by_scan, self.terms).order_by("name", "pk")
        if not self.terms:
            return self.filtered.order_by("name", "pk")
        found = with_name_hits(self.filtered.filter(pk__in=self.candidate_ids), self.terms)
        return found.order_by("-name_hits", "name", "pk")  # type: ignore[misc]

    @cached_property
    def occurrences(self) -> Occurrences:
        """What the words tables tell of the terms (see search.py, "Words that occur"); for
        one word in the public directory without filters also at least how many entries hold
        it ("Listed organisations of a word")."""
        unfiltered = replace(self.filters, query="") == DirectoryFilters()
        return term_occurrences(
            self.municipality.pk, self.terms, using=self.db, listed=self.public and unfiltered
        )

    @property
    def finds_nothing(self) -> bool:
        """Whether a search word occurs in no organisation of the municipality at all, so
        that nothing can match: one small query instead of a search."""
        return bool(self.occurrences.unmatched)

    def count(self) -> tuple[int, bool]:
        """The number of matches up to COUNT_LIMIT, and whether there are more."""
        if not self.terms and self.public:
            if self.by_lists:
                count = len(self.filtered_ids)
            else:
                count = search_sql.filtered_count(self.where, limit=COUNT_LIMIT)
            return min(count, COUNT_LIMIT), count > COUNT_LIMIT
        if not self.terms:
            return count_capped(self.filtered)
        if self.finds_nothing:
            return 0, False
        if self.occurrences.listed_at_least > COUNT_LIMIT:  # broad: no candidate to read
            return COUNT_LIMIT, True
        return min(len(self.candidate_ids), COUNT_LIMIT), len(self.candidate_ids) > COUNT_LIMIT

    @property
    def shown_query(self) -> str:
        """The query as searched after corrections, for "Showing results for …"."""
        return " ".join(self.corrections.get(term.word, term.word) for term in self.terms)

    def corrected(self) -> "DirectorySearch | None":
        """The same search with typos corrected, or None when there is nothing to correct.

        Two queries whatever the data size: which words find anything among the visible
        organisations (ignoring the other filters: a word that exists is no typo), and the
        closest known words of those that do not.
        """
        if not self.terms:
            return None
        if len(self.terms) == 1:
            # The only word found nothing (that is why we are here): no need to ask.
            missing = [self.terms[0].word]
        else:
            base = self.visible.order_by()
            names = [f"term_{index}" for index in range(len(self.terms))]
            # One row answers for every word: an EXISTS per word over the visible entries.
            found = (
                Municipality.objects.filter(pk=self.municipality.pk)
                .annotate(
                    **{
                        name: Exists(filter_by_terms(base, [term]).values("pk"))
                        for name, term in zip(names, self.terms, strict=True)
                    }
                )
                .values(*names)
                .first()
            ) or {}
            missing = [
                term.word
                for name, term in zip(names, self.terms, strict=True)
                if not found.get(name)
            ]
        replacements = closest_words(self.municipality.pk, missing, using=self.db)
        if not replacements:
            return None
        # A compound is read as its parts ("sprach kurs"): each part must then occur.
        terms = tuple(
            replaced
            for term in self.terms
            for replaced in (
                [
                    Term(word=part, patterns=(pattern_for(part, 4),))
                    for part in replacements[term.word].split()
                ]
                if term.word in replacements
                else [term]
            )
        )
        return replace(self, terms=terms, corrections=replacements)


def directory_search(
    *,
    municipality: Municipality,
    filters: DirectoryFilters,
    visibilities: Iterable[str] = (Visibility.PUBLIC,),
) -> DirectorySearch:
    """The search of the public directory (no query runs until the organisations are read)."""
    visibilities = tuple(visibilities)
    public = visibilities == (Visibility.PUBLIC,)
    return DirectorySearch(
        municipality=municipality,
        filters=filters,
        base=None
        if public
        else visible_organisations(municipality=municipality, visibilities=visibilities),
        terms=tuple(parse_query(filters.query)),
        public=public,
    )


def organisation_search(
    *,
    municipality: Municipality,
    query: str = "",
    kinds: Iterable[str] = (),
    topics: Iterable[str] = (),
    languages: Iterable[str] = (),
    districts: Iterable[int] = (),
    wheelchair_accessible: bool | None = None,
    visibilities: Iterable[str] = (Visibility.PUBLIC,),
) -> QuerySet[Organisation]:
    """Published organisations of the municipality that match every given filter, by name.

    With a query that finds nothing, small typos are corrected (two more queries).
    """
    search = directory_search(
        municipality=municipality,
        filters=DirectoryFilters(
            query=query,
            kinds=tuple(kinds),
            topics=tuple(topics),
            languages=tuple(languages),
            districts=tuple(districts),
            wheelchair_accessible=wheelchair_accessible,
        ),
        visibilities=visibilities,
    )
    if search.terms and (search.finds_nothing or not search.organisations.exists()):
        search = search.corrected() or search
    return search.organisations


# ---------------------------------------------------------------------------------------------
# Paging by key


# what `json.dumps(…, ensure_ascii=False, separators=(",", ":"))` makes anew for every call
CURSOR_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode_cursor(key: Sequence[Any]) -> str:
    raw = CURSOR_JSON.encode(list(key)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, ranked: bool) -> tuple[Any, ...] | None:
    """The key in a cursor, or None when it is not one of ours (then paging starts over)."""
    if not cursor or len(cursor) > 2000:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        return None
    match value:
        case [int() as hits, str() as name, int() as pk] if ranked and 0 <= pk < 2**63:
            return (hits, name, pk)
        case [str() as name, int() as pk] if not ranked and 0 <= pk < 2**63:
            return (name, pk)
    return None


def after_key(key: tuple[Any, ...], *, ranked: bool, reverse: bool = False) -> Q:
    """Rows after `key` in the list's order (before it, with `reverse`)."""
    if ranked:
        hits, name, pk = key
        later_hits, same_hits = (
            ("name_hits__gt", "name_hits") if reverse else ("name_hits__lt", "name_hits")
        )
        return Q(**{later_hits: hits}) | (
            Q(**{same_hits: hits}) & after_key((name, pk), ranked=False, reverse=reverse)
        )
    name, pk = key
    if reverse:
        return Q(name__lt=name) | Q(name=name, pk__lt=pk)
    return Q(name__gt=name) | Q(name=name, pk__gt=pk)


def key_of(organisation: Organisation, *, ranked: bool) -> tuple[Any, ...]:
    if ranked:
        return (organisation.name_hits, organisation.name, organisation.pk)  # type: ignore[attr-defined]
    return (organisation.name, organisation.pk)


@dataclass
class DirectoryPage:
    """One page of a list, with the cursors of its neighbours and the (capped) count."""

    items: list[Any]  # Organisation (staff list) or ListedOrganisation (public directory)
    count: int
    count_is_capped: bool
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True
    count_limit: int = field(default_factory=lambda: COUNT_LIMIT)


def count_capped(
    organisations: QuerySet[Organisation], limit: int | None = None
) -> tuple[int, bool]:
    """How many rows, counted up to `limit`: counting further would cost more with more data."""
    limit = COUNT_LIMIT if limit is None else limit
    count = organisations.order_by()[: limit + 1].count()
    return min(count, limit), count > limit


def keyset_page(
    organisations: QuerySet[Organisation],
    *,
    ranked: bool,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> tuple[list[Organisation], str | None, str | None, bool]:
    """(items, next cursor, previous cursor, is first page) of a list ordered by its key."""
    if before and (key := decode_cursor(before, ranked=ranked)) is not None:
        ordering = ("name_hits", "-name", "-pk") if ranked else ("-name", "-pk")
        rows = list(
            organisations.filter(after_key(key, ranked=ranked, reverse=True)).order_by(*ordering)[
                : size + 1
            ]
        )
        has_previous = len(rows) > size
        items = list(reversed(rows[:size]))
        next_cursor = encode_cursor(key_of(items[-1], ranked=ranked)) if items else None
        previous_cursor = encode_cursor(key_of(items[0], ranked=ranked)) if has_previous else None
        return items, next_cursor, previous_cursor, not has_previous
    key = decode_cursor(after, ranked=ranked) if after else None
    if key is not None:
        organisations = organisations.filter(after_key(key, ranked=ranked))
    rows = list(organisations[: size + 1])
    items = rows[:size]
    next_cursor = encode_cursor(key_of(items[-1], ranked=ranked)) if len(rows) > size else None
    previous_cursor = (
        encode_cursor(key_of(items[0], ranked=ranked)) if key is not None and items else None
    )
    return items, next_cursor, previous_cursor, key is None


LIST_FIELDS = (
    "id",
    "municipality",
    "name",
    "kind",
    "district__id",
    "district__name",
    "latitude",
    "longitude",
    "wheelchair_accessible",
    "status",
    "visibility",
    "is_example",
    "logo",
)


def with_list_details(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a row of the list shows, and only that: sorting narrow rows is cheaper."""
    return organisations.select_related("district").only(*LIST_FIELDS)


def topics_and_languages(
    ids: Sequence[int], *, municipality: Municipality
) -> dict[int, tuple[list[str], list[str]]]:
    """The codes of the topics and of the languages of each organisation, sorted, in one query.

    Written as SQL: for a page of rows, building two querysets costs ten times what the
    database needs to answer them.
    """
    codes: dict[int, tuple[list[str], list[str]]] = {pk: ([], []) for pk in ids}
    if not codes:
        return codes
    marks = ", ".join(["%s"] * len(codes))
    sql = (
        "SELECT organisation_id, 0, topic FROM network_organisationtopic"  # noqa: S608 - only placeholders are added
        f" WHERE municipality_id = %s AND organisation_id IN ({marks})"
        " UNION ALL SELECT organisation_id, 1, language FROM network_organisationlanguage"
        f" WHERE municipality_id = %s AND organisation_id IN ({marks})"
    )
    for organisation_id, source, code in rows_of(
        connection.alias, sql, [municipality.pk, *codes, municipality.pk, *codes]
    ):
        codes[organisation_id][source].append(code)
    for topics, languages in codes.values():
        topics.sort()
        languages.sort()
    return codes


@lru_cache(maxsize=512)
def topic_name(code: str, language: str | None) -> str:
    """A topic's label in the active language `language` (the key only: asked once a process)."""
    label = TOPIC_LABELS.get(code)
    return code if label is None else str(label)


@lru_cache(maxsize=2048)
def spoken_language_name(code: str, language: str | None) -> str:
    """`language_name(code)` in the active language `language` (the key only)."""
    return language_name(code)


def attach_topics_and_languages(
    organisations: Sequence[Organisation],
    *,
    municipality: Municipality,
    codes: dict[int, tuple[list[str], list[str]]] | None = None,
) -> None:
    """Give each organisation `topic_codes` and `language_codes` (read, unless `codes` of
    `topics_and_languages` are given), and `topic_names` and `language_names` in the active
    language (in the order of the codes)."""
    if codes is None:
        codes = topics_and_languages([o.pk for o in organisations], municipality=municipality)
    language = get_language()
    for organisation in organisations:
        topic_codes, language_codes = codes[organisation.pk]
        organisation.topic_codes = topic_codes  # type: ignore[attr-defined]
        organisation.language_codes = language_codes  # type: ignore[attr-defined]
        organisation.topic_names = [topic_name(code, language) for code in topic_codes]  # type: ignore[attr-defined]
        organisation.language_names = [  # type: ignore[attr-defined]
            spoken_language_name(code, language) for code in language_codes
        ]


def directory_page(
    search: DirectorySearch,
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
    details: bool = True,
) -> tuple[DirectorySearch, DirectoryPage]:
    """One page of the directory; a search that finds nothing is retried with typos corrected.

    Queries: the capped count, the page and its topics and languages; with a query that finds
    nothing, two for the correction and the count and page again. The items are
    `ListedOrganisation` rows with their topics, languages and logo address; of the public
    directory without them if not `details` (`public_rows.remembered_directory_rows` adds
    them to the rows it does not remember).
    """
    if search.is_plain:
        page = plain_page(
            search.municipality, after=after, before=before, size=size, details=details
        )
        return search, page
    count, capped = search.count()
    if count == 0 and search.terms and (corrected := search.corrected()) is not None:
        # A correction that finds nothing is not shown: it might name a word of a hidden entry.
        corrected_count, corrected_capped = corrected.count()
        if corrected_count:
            search, count, capped = corrected, corrected_count, corrected_capped
    if count == 0:
        return search, DirectoryPage(items=[], count=0, count_is_capped=False)
    if search.public:
        page = searched_page(
            search, count, capped=capped, after=after, before=before, size=size, details=details
        )
        return search, page
    found, next_cursor, previous_cursor, is_first = keyset_page(
        with_list_details(search.listed(broad=capped)),
        ranked=bool(search.terms) and not capped,
        after=after,
        before=before,
        size=size,
    )
    items = [ListedOrganisation.of(organisation) for organisation in found]
    with_details(items, municipality=search.municipality)
    return search, DirectoryPage(
        items=items,
        count=count,
        count_is_capped=capped,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )


def plain_page(
    municipality: Municipality,
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
    details: bool = True,
) -> DirectoryPage:
    """`directory_page` of the public list without search words or filters, read with SQL
    (`directory_sql`): the same rows and cursors, statements that need no building; the count
    remembered per content version (`remembered_listed_count`)."""
    count = remembered_listed_count(municipality)
    if count == 0:
        return DirectoryPage(items=[], count=0, count_is_capped=False)
    capped = count > COUNT_LIMIT
    if before and (key := decode_cursor(before, ranked=False)) is not None:
        rows = listed_rows(municipality=municipality, before=key, size=size + 1)
        has_previous = len(rows) > size
        items = list(reversed(rows[:size]))
        next_cursor = encode_cursor((items[-1].name, items[-1].pk)) if items else None
        previous_cursor = encode_cursor((items[0].name, items[0].pk)) if has_previous else None
        is_first = not has_previous
    else:
        key = decode_cursor(after, ranked=False) if after else None
        rows = listed_rows(municipality=municipality, after=key, size=size + 1)
        items = rows[:size]
        next_cursor = encode_cursor((items[-1].name, items[-1].pk)) if len(rows) > size else None
        previous_cursor = (
            encode_cursor((items[0].name, items[0].pk)) if key is not None and items else None
        )
        is_first = key is None
    if details:
        with_details(items, municipality=municipality)
    return DirectoryPage(
        items=items,
        count=min(count, COUNT_LIMIT),
        count_is_capped=capped,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )


def remembered_listed_count(municipality: Municipality) -> int:
    """`listed_count` up to COUNT_LIMIT + 1, remembered under the municipality's content version
    (`core.versioned`) and the database alias: the same number for every visitor of the plain
    list until the municipality's public data change."""
    using = router.db_for_read(Organisation)
    return versioned.remembered(
        municipality,
        f"directory-listed-count:{using}",
        lambda: listed_count(municipality=municipality, limit=COUNT_LIMIT),
    )


def searched_page(
    search: DirectorySearch,
    count: int,
    *,
    capped: bool,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
    details: bool = True,
) -> DirectoryPage:
    """`directory_page` of a public search or filter, read with SQL (`directory_search_sql`):
    the same rows and cursors as through the ORM. At most COUNT_LIMIT matches: ranked among
    the candidates; more ("broad"): by name, every condition checked row by row."""
    ranked = bool(search.terms) and not capped

    def key_of(hits: int, item: ListedOrganisation) -> tuple[Any, ...]:
        return (hits, item.name, item.pk) if ranked else (item.name, item.pk)

    if ranked:
        read = partial(
            search_sql.page_rows, search.where, terms=search.terms, ids=search.candidate_ids
        )
    elif capped:
        read = partial(search_sql.page_rows, search.scanned_where)
    elif search.by_lists:  # among the matches read for the count
        read = partial(search_sql.page_rows, search.where_beside_lists, ids=search.filtered_ids)
    else:
        read = partial(search_sql.page_rows, search.where)
    if before and (key := decode_cursor(before, ranked=ranked)) is not None:
        rows = read(before=key, size=size + 1)
        has_previous = len(rows) > size
        shown = list(reversed(rows[:size]))
        next_cursor = encode_cursor(key_of(*shown[-1])) if shown else None
        previous_cursor = encode_cursor(key_of(*shown[0])) if has_previous else None
        is_first = not has_previous
    else:
        key = decode_cursor(after, ranked=ranked) if after else None
        rows = read(after=key, size=size + 1)
        shown = rows[:size]
        next_cursor = encode_cursor(key_of(*shown[-1])) if len(rows) > size else None
        previous_cursor = encode_cursor(key_of(*shown[0])) if key is not None and shown else None
        is_first = key is None
    items = [item for _hits, item in shown]
    if details:
        with_details(items, municipality=search.municipality)
    return DirectoryPage(
        items=items,
        count=count,
        count_is_capped=capped,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )


def with_details(
    items: Sequence[ListedOrganisation],
    *,
    municipality: Municipality,
    codes: dict[int, tuple[list[str], list[str]]] | None = None,
) -> None:
    """Topics, languages (of `codes`, if read already) and the logo's address of each row of
    a page."""
    attach_topics_and_languages(items, municipality=municipality, codes=codes)  # type: ignore[arg-type]
    for item in items:
        item.logo_url = logo_address(item.pk, item.logo, municipality=municipality)


def municipality_districts(*, municipality: Municipality) -> QuerySet[District]:
    return District.objects.filter(municipality=municipality).order_by("name", "pk")


# ---------------------------------------------------------------------------------------------
# One organisation, exports


@lru_cache(maxsize=8)
def _public_organisation_sql(using: str) -> str:
    quote = connections[using].ops.quote_name
    organisations, districts = (quote(model._meta.db_table) for model in (Organisation, District))
    return (
        f"SELECT {columns(Organisation, using, 'o')}, {columns(District, using, 'd')} "  # noqa: S608 - names only
        f"FROM {organisations} o LEFT JOIN {districts} d "
        "ON d.id = o.district_id AND d.municipality_id = %s "
        "WHERE o.municipality_id = %s AND o.id = %s AND o.status = %s AND o.visibility = %s"
    )


def public_organisation(*, municipality: Municipality, pk: int) -> Organisation | None:
    """A published, public organisation of the municipality with what its page shows: its
    district, its topics and languages (see attach_topics_and_languages).

    Read on every view of an organisation's page, so as plain SQL (`core.sql_rows`), which
    names the municipality in its WHERE itself; the organisation and its district in one
    statement. `drawn`: their row as the database gave it (a key of what is drawn from it)."""
    if not 0 < pk < 2**63:  # no such row; beyond a 64-bit column, the database would fail
        return None
    using = router.db_for_read(Organisation)
    m = municipality.pk
    rows = raw_rows(
        _public_organisation_sql(using),
        [m, m, pk, Organisation.Status.PUBLISHED.value, Visibility.PUBLIC.value],
        Organisation,
    )
    if not rows:
        return None
    values = list(rows[0])
    split = len(Organisation._meta.concrete_fields)
    organisation = instance(Organisation, using, values[:split])
    organisation.drawn = rows[0]  # type: ignore[attr-defined]
    if organisation.district_id is not None:
        district = values[split:]
        organisation.district = None if district[0] is None else instance(District, using, district)
    attach_topics_and_languages([organisation], municipality=municipality)
    return organisation


EXPORT_FIELDS = (
    "id",
    "name",
    "kind",
    "street",
    "postal_code",
    "city",
    "district__name",
    "latitude",
    "longitude",
    "wheelchair_accessible",
    "public_email",
    "public_phone",
    "website",
    "description",
    "updated_at",
)


def export_rows(search: DirectorySearch, *, chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Every organisation of a search by name, public columns only.

    One query for the ids of all matches in order (through the search index), then the rows
    in chunks of `chunk_size` with their topics and languages (three queries per chunk), so
    memory holds ids, not rows. Never reads the requester's data.
    """
    ids = list(search.organisations.values_list("pk", flat=True))
    municipality = search.municipality
    for start in range(0, len(ids), chunk_size):
        chunk_ids = ids[start : start + chunk_size]
        rows = {
            row["id"]: row
            for row in Organisation.objects.filter(
                municipality=municipality, pk__in=chunk_ids
            ).values(*EXPORT_FIELDS)
        }
        topics: dict[int, list[str]] = {}
        for organisation_id, topic in (
            OrganisationTopic.objects.filter(municipality=municipality, organisation__in=chunk_ids)
            .order_by("topic")
            .values_list("organisation", "topic")
        ):
            topics.setdefault(organisation_id, []).append(topic)
        languages: dict[int, list[str]] = {}
        for organisation_id, language in (
            OrganisationLanguage.objects.filter(
                municipality=municipality, organisation__in=chunk_ids
            )
            .order_by("language")
            .values_list("organisation", "language")
        ):
            languages.setdefault(organisation_id, []).append(language)
        for pk in chunk_ids:
            row = rows[pk]
            row["topics"] = topics.get(pk, [])
            row["languages"] = languages.get(pk, [])
            yield row


# ---------------------------------------------------------------------------------------------
# Staff


def staff_search(
    *, municipality: Municipality, status: str = "", query: str = ""
) -> DirectorySearch:
    """Every organisation of the municipality (any status and visibility) for the office."""
    base = Organisation.objects.filter(municipality=municipality)
    if status:
        base = base.filter(status=status)
    return DirectorySearch(
        municipality=municipality,
        filters=DirectoryFilters(query=query),
        base=base,
        terms=tuple(parse_query(query)),
    )


# What a row of the office's list shows, read as plain values (`staff_rows.organisation_rows`):
# fifty model instances with their districts cost more than the rest of the page.
STAFF_ROW_FIELDS = (
    "pk",
    "name",
    "kind",
    "status",
    "visibility",
    "is_example",
    "latitude",
    "longitude",
    "district__name",
)


def staff_page(
    search: DirectorySearch, *, after: str = "", before: str = "", size: int = 50
) -> DirectoryPage:
    """One page of the office's list, bounded like the public one (no typo correction); its
    items are named rows of STAFF_ROW_FIELDS (and `name_hits` when ranked), not instances."""
    count, capped = search.count()
    ranked = bool(search.terms) and not capped
    fields = (*STAFF_ROW_FIELDS, "name_hits") if ranked else STAFF_ROW_FIELDS
    items, next_cursor, previous_cursor, is_first = keyset_page(
        search.listed(broad=capped).values_list(*fields, named=True),
        ranked=ranked,
        after=after,
        before=before,
        size=size,
    )
    return DirectoryPage(
        items=items,
        count=count,
        count_is_capped=capped,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        is_first=is_first,
    )


SCHEMA_TYPES: dict[str, str] = {
    Organisation.Kind.SPORTS_CLUB: "SportsOrganization",
    Organisation.Kind.EDUCATION: "EducationalOrganization",
    Organisation.Kind.WELFARE: "NGO",
    Organisation.Kind.COMPANY: "Corporation",
    Organisation.Kind.PUBLIC_INSTITUTION: "GovernmentOrganization",
}


def organisation_json_ld(
    *, organisation: Organisation, url: str, logo: str | None = None
) -> dict[str, Any]:
    """schema.org Organization (or the subtype that fits its kind) of a public entry, as
    `public_organisation` gives it; `logo` is the absolute address of its logo."""
    from querschnitt.core.translation import translate

    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(str(organisation.kind), "Organization"),
        "@id": url,
        "url": organisation.website or url,
        "name": organisation.name,
        "mainEntityOfPage": url,
    }
    if logo:
        data["logo"] = logo
    description = translate(organisation.description)
    if description:
        data["description"] = description.text
    address = {
        key: value
        for key, value in {
            "streetAddress": organisation.street,
            "postalCode": organisation.postal_code,
            "addressLocality": organisation.city,
        }.items()
        if value
    }
    if address:
        data["address"] = {"@type": "PostalAddress", **address, "addressCountry": "DE"}
    if organisation.latitude is not None and organisation.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(organisation.latitude),
            "longitude": float(organisation.longitude),
        }
    if organisation.wheelchair_accessible is not None:
        # Told only when known: "not known" is no statement at all.
        data["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": "step-free access",
            "value": organisation.wheelchair_accessible,
        }
    if organisation.public_email:
        data["email"] = organisation.public_email
    if organisation.public_phone:
        data["telephone"] = organisation.public_phone
    if languages := organisation.language_codes:  # type: ignore[attr-defined]
        data["knowsLanguage"] = languages
    if topics := organisation.topic_names:  # type: ignore[attr-defined]
        data["knowsAbout"] = topics
    if organisation.district is not None:
        data["areaServed"] = {"@type": "Place", "name": organisation.district.name}
    return data
