"""Search of organisations: tolerant of German inflection and small typos, indexed on SQLite and
on PostgreSQL, with the same results on both.

The search text
    `build_search_text` turns an organisation into
    `" <name words> | <other words> || <topic words> || <language words> "`: every word of the
    name, the address and the description (all languages) lower-cased, umlauts folded (ä → ae,
    ß → ss) and accents removed, followed by its German Snowball stem where that differs
    ("sportvereine sportverein"). The name comes first so that a hit in the name can be ranked
    above a hit in the description. The last part holds the names of the organisation's topics
    and spoken languages in every interface language ("Arabisch", "Arabic", "العربية" …), so
    that a visitor finds them in their own words; an edit that leaves topics or languages alone
    keeps their words as they were.

Matching
    A query word is folded and stemmed the same way and must occur in the search text:
    words of four letters or more anywhere (so "Verein" finds "Sportverein" and "Vereinen" finds
    "Verein"), three-letter words at the start of a word, one- and two-letter words ("FC", "SV")
    only as whole words. Every word of the query must match (and).

Indexes (migration 0002_search)
    PostgreSQL: a pg_trgm GIN index on `search_text`, used by `LIKE '%…%'`.
    SQLite: an FTS5 table with the trigram tokenizer over `search_text`, kept in sync by
    triggers, queried with MATCH. Both answer exactly "contains this string"; every pattern
    has at least three characters, so both can use their index.

Compounds and typos
    When a search finds nothing, each query word that matches nothing among the visible
    organisations is first split into known words of the municipality where it is a German
    compound ("Sprachkurse" → "sprach kurs", "Integrationskurs" → "integration kurs", with the
    linking -s-, -es-, -n-, -en-, -e- dropped): every part must then occur. Otherwise it is
    replaced by the closest known word of the municipality (optimal string
    alignment distance 1, or 2 for words of eight letters or more). Known words live in the
    table `network_search_vocabulary` as *deletion variants* (every word also under each form
    with one letter removed), so the look-up is one indexed query: a typo, a missing or extra
    letter and two swapped letters all share a variant with the right word. The services
    add the words of every organisation they save; code that writes organisations in bulk
    (the demo loader, a benchmark) calls `search_vocabulary_rebuild` afterwards.

Words that occur (migration 0003_search_words)
    A word that occurs in no search text, such as a typo, costs the index the most: its
    three-letter pieces are common, so the index finds many texts that hold them all and has
    to read each to learn that none holds the word. Every word that occurs in a municipality's
    search texts is therefore also kept once in `network_search_word`, with a substring index
    of its own; `unmatched_terms` asks that much smaller table first, and a query word that is
    part of no word there finds nothing without searching the organisations. Words are only
    ever added (kept with the vocabulary, rebuilt with it), so the table may hold words that no
    longer occur, never lack one that does: a stale word only means searching as before.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.db import connections, transaction
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext_lazy as _

from querschnitt.core.sql_rows import rows_of, without_index_scans
from querschnitt.network.models import Organisation

FTS_TABLE = "network_organisation_search"
VOCABULARY_TABLE = "network_search_vocabulary"
WORDS_TABLE = "network_search_word"
WORDS_INDEX = "network_search_word_index"
WORD_MAX_LENGTH = 100
LONG_WORD = ""  # stands in the words table for any word longer than WORD_MAX_LENGTH
NAME_SEPARATOR = " | "
RELATED_SEPARATOR = " || "  # before the topic words, and again before the language words
COMPOUND_MIN_LENGTH = 8
COMPOUND_PART_MIN_LENGTH = 4
LINKING_ELEMENTS = ("es", "en", "s", "n", "e")
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 200
VOCABULARY_MIN_LENGTH = 4
VOCABULARY_MAX_LENGTH = 40

WORD = re.compile(r"[^\W_]+")
GERMAN_WORD = re.compile(r"^[a-z]+$")


def normalise(text: str) -> str:
    """Lower case, umlauts folded (ä → ae …), accents and other combining marks removed."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_stemmers = threading.local()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The German Snowball stem of a folded word; other scripts and numbers stay as they are."""
    if not GERMAN_WORD.match(word):
        return word
    # Snowball stemmers keep state between calls: one per thread.
    stemmer = getattr(_stemmers, "german", None)
    if stemmer is None:
        stemmer = _stemmers.german = snowballstemmer.stemmer("german")
    return str(stemmer.stemWord(word))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(normalise(text))


def index_tokens(texts: Iterable[str], seen: set[str]) -> list[str]:
    """Every word and its stem, each once (`seen` carries over between calls)."""
    tokens = []
    for text in texts:
        for word in words(text):
            for token in (word, stem(word)):
                if token not in seen:
                    seen.add(token)
                    tokens.append(token)
    return tokens


# Everyday words for what a topic covers, found like its name (in every interface language).
TOPIC_KEYWORDS = {
    "language": _("language course, German course, integration course, language café"),
    "work": _("job, apprenticeship, recognition of qualifications"),
    "counselling": _("advice centre, counselling service"),
    "refugees": _("asylum, refugee aid"),
}


@lru_cache(maxsize=512)
def topic_names(topic: str) -> tuple[str, ...]:
    """The name of a topic, and its everyday words, in every interface language."""
    from django.conf import settings
    from django.utils import translation

    from querschnitt.network.models import Topic

    labels = dict(Topic.choices)
    if topic not in labels:
        return ()
    names = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(str(labels[topic]))
            if topic in TOPIC_KEYWORDS:
                names.append(str(TOPIC_KEYWORDS[topic]))
    return tuple(names)


@lru_cache(maxsize=512)
def language_names(language: str) -> tuple[str, ...]:
    """The name of a spoken language in every interface language."""
    from django.conf import settings
    from django.utils import translation

    from querschnitt.network.selectors.entries import language_name

    names = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.append(language_name(language))
    return tuple(names)


def related_parts(search_text: str) -> tuple[str, str]:
    """The topic words and the language words of a search text."""
    parts = search_text.split(RELATED_SEPARATOR)
    topic_words = parts[1].strip() if len(parts) > 1 else ""
    language_words = parts[2].strip() if len(parts) > 2 else ""
    return topic_words, language_words


def search_text_from(
    *,
    name: str,
    street: str = "",
    postal_code: str = "",
    city: str = "",
    description: dict[str, str] | None = None,
    topics: Iterable[str] | None = (),
    languages: Iterable[str] | None = (),
    previous: str = "",
) -> str:
    """The search text of an organisation from its public fields (see the module docstring).

    Topics or languages given as None keep their words from `previous`, the organisation's
    search text before the change.
    """
    seen: set[str] = set()
    name_tokens = index_tokens([name], seen)
    texts = [street, postal_code, city, *(text for text in (description or {}).values() if text)]
    other_tokens = index_tokens([text for text in texts if text], seen)
    kept_topics, kept_languages = related_parts(previous)
    topic_words = (
        kept_topics
        if topics is None
        else " ".join(
            index_tokens([n for topic in sorted(set(topics)) for n in topic_names(topic)], set())
        )
    )
    language_words = (
        kept_languages
        if languages is None
        else " ".join(
            index_tokens(
                [n for language in sorted(set(languages)) for n in language_names(language)], set()
            )
        )
    )
    text = f" {' '.join(name_tokens)}{NAME_SEPARATOR}{' '.join(other_tokens)} "
    if topic_words or language_words:
        text += f"|| {topic_words} || {language_words} "
    return text


def build_search_text(
    organisation: Organisation,
    *,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
) -> str:
    """The words an organisation is found by. Topics or languages left as None (an edit that
    does not change them) keep their words from the organisation's current search text."""
    return search_text_from(
        name=organisation.name,
        street=organisation.street,
        postal_code=organisation.postal_code,
        city=organisation.city,
        description=organisation.description if isinstance(organisation.description, dict) else {},
        topics=topics,
        languages=languages,
        previous=organisation.search_text or "",
    )


# ---------------------------------------------------------------------------------------------
# Queries


@dataclass(frozen=True)
class Term:
    """One word of a query: `word` as folded, `patterns` the strings of which one must occur."""

    word: str
    patterns: tuple[str, ...]


def pattern_for(word: str, typed_length: int) -> str:
    """The string that must occur in the search text for one folded query word."""
    stemmed = stem(word)
    if typed_length <= 2 or len(stemmed) < 3:
        return f" {stemmed} "
    if typed_length == 3:
        return f" {stemmed}"
    return stemmed


def parse_query(query: str) -> list[Term]:
    """The terms of a query, at most MAX_QUERY_WORDS, each once."""
    terms: list[Term] = []
    seen = set()
    for typed in WORD.findall(query[:MAX_QUERY_LENGTH].lower()):
        word = "".join(words(typed))
        if not word or word in seen:
            continue
        seen.add(word)
        terms.append(Term(word=word, patterns=(pattern_for(word, len(typed)),)))
        if len(terms) == MAX_QUERY_WORDS:
            break
    return terms


def fts_expression(terms: Sequence[Term]) -> str:
    """An FTS5 MATCH expression: every term, any of its patterns, each a quoted phrase.

    Patterns consist of letters, digits and spaces only (see `WORD`), so quoting is safe.
    """
    return " AND ".join(
        "(" + " OR ".join(f'"{pattern}"' for pattern in term.patterns) + ")" for term in terms
    )


def term_condition(term: Term) -> Q:
    """The substring condition of one term (any of its patterns), as LIKE '%…%'."""
    alternatives = Q()
    for pattern in term.patterns:
        alternatives |= Q(search_text__contains=pattern)
    return alternatives


def filter_by_terms(
    organisations: QuerySet[Organisation], terms: Sequence[Term]
) -> QuerySet[Organisation]:
    """Only the organisations whose search text contains every term (through the index).

    The result is the same on both databases; use it where the matches are few (a typo check,
    an export) or capped (`candidate_ids`).
    """
    if not terms:
        return organisations
    if connections[organisations.db].vendor == "sqlite":
        return organisations.filter(
            pk__in=RawSQL(  # noqa: S611 - the table name is ours, the expression a parameter
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                (fts_expression(terms),),
            )
        )
    condition = Q()
    for term in terms:
        condition &= term_condition(term)
    return organisations.filter(condition)


def candidate_ids(
    organisations: QuerySet[Organisation], terms: Sequence[Term], limit: int
) -> list[int]:
    """At most `limit` ids of matching organisations, found through the search index without
    reading every match: the work is bounded however many there are. One query.

    SQLite: the FTS5 index drives a join with the (filtered) organisations and stops at the
    limit. PostgreSQL: the trigram index yields a bitmap of candidates and the scan of the
    table stops at the limit. PostgreSQL's planner misjudges how many rows a LIKE '%…%'
    matches and would rather walk the municipality's index row by row, which for a word in
    one row of fifty reads tens of thousands of rows; for this one query, plain index scans
    are switched off (SET LOCAL inside a savepoint that is rolled back afterwards, so the
    setting never outlives the query).
    """
    using = organisations.db
    if connections[using].vendor == "sqlite":
        inner, params = organisations.order_by().values("pk").query.sql_with_params()
        # CROSS JOIN keeps the FTS table as the outer loop, so the limit ends the search.
        sql = (
            f"SELECT o.pk FROM {FTS_TABLE} CROSS JOIN ({inner}) AS o "  # noqa: S608
            f"ON o.pk = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s LIMIT {int(limit)}"
        )
        return [row[0] for row in rows_of(using, sql, (*params, fts_expression(terms)))]
    limited = filter_by_terms(organisations, terms).order_by().values_list("pk", flat=True)
    if connections[using].vendor != "postgresql":
        return list(limited[:limit])
    return without_index_scans(using, lambda: list(limited[:limit]))


def scan_by_terms(
    organisations: QuerySet[Organisation], terms: Sequence[Term]
) -> QuerySet[Organisation]:
    """The same condition as `filter_by_terms`, checked row by row without the index: for a
    query that matches very many rows, walking the list in its order and checking each row
    finds a page sooner than collecting every match first."""
    for term in terms:
        alternatives = Q()
        for pattern in term.patterns:
            alternatives |= Q(GreaterThan(StrIndex("search_text", Value(pattern)), 0))
        organisations = organisations.filter(alternatives)
    return organisations


def with_name_hits(
    organisations: QuerySet[Organisation], terms: Sequence[Term]
) -> QuerySet[Organisation]:
    """Annotate `name_hits`: how many of the terms occur in the name part of the search text."""
    if not terms:
        return organisations.annotate(name_hits=Value(0, output_field=IntegerField()))
    separator = StrIndex("search_text", Value(NAME_SEPARATOR))
    hits: Any = Value(0, output_field=IntegerField())
    for term in terms:
        in_name = Q()
        for pattern in term.patterns:
            position = StrIndex("search_text", Value(pattern))
            in_name |= Q(GreaterThan(position, 0)) & Q(LessThan(position, separator))
        hits = hits + Case(When(in_name, then=Value(1)), default=Value(0))
    return organisations.annotate(name_hits=ExpressionWrapper(hits, output_field=IntegerField()))


# ---------------------------------------------------------------------------------------------
# Typo tolerance


def deletion_variants(word: str) -> set[str]:
    """The word and every form of it with one letter removed."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Levenshtein plus swapped neighbours), cut at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(word: str) -> int:
    return 2 if len(word) >= 8 else 1


def is_vocabulary_word(token: str) -> bool:
    return VOCABULARY_MIN_LENGTH <= len(token) <= VOCABULARY_MAX_LENGTH and token.isalpha()


def compound_splits(word: str) -> list[tuple[str, str]]:
    """Ways to read a word as a compound of two words of at least four letters: (first part,
    second part), the first part also without a linking element ("integrations" →
    "integration"), the second also as its stem. Shorter second parts first: the last word of
    a German compound is the one it is about."""
    if len(word) < COMPOUND_MIN_LENGTH or not GERMAN_WORD.match(word):
        return []
    splits = []
    for cut in range(len(word) - COMPOUND_PART_MIN_LENGTH, COMPOUND_PART_MIN_LENGTH - 1, -1):
        first, second = word[:cut], word[cut:]
        firsts = [first] + [
            first[: -len(link)]
            for link in LINKING_ELEMENTS
            if first.endswith(link) and len(first) - len(link) >= COMPOUND_PART_MIN_LENGTH
        ]
        seconds = list(dict.fromkeys([second, stem(second)]))
        splits += [(a, b) for a in firsts for b in seconds if len(b) >= COMPOUND_PART_MIN_LENGTH]
    return splits


def closest_words(
    municipality_id: int, candidates_for: Sequence[str], using: str
) -> dict[str, str]:
    """For each word, how to read it with the known words of the municipality: as a compound
    of two known words ("sprach kurs", space-separated), else as the closest known word within
    the allowed distance.

    One query: the deletion variants and the possible parts of all words at once. Ties go to
    the word of the same length, then alphabetically, so the answer does not depend on the
    database.
    """
    looked_up = [word for word in candidates_for if is_vocabulary_word(word)]
    if not looked_up:
        return {}
    splits = {word: compound_splits(word) for word in looked_up}
    parts = {part for word in looked_up for split in splits[word] for part in split}
    variants = sorted(
        set().union(*(deletion_variants(word) for word in looked_up))
        | {part for part in parts if is_vocabulary_word(part)}
    )
    placeholders = ", ".join(["%s"] * len(variants))
    rows = rows_of(
        using,
        f"SELECT variant, word FROM {VOCABULARY_TABLE} "  # noqa: S608
        f"WHERE municipality_id = %s AND variant IN ({placeholders})",
        [municipality_id, *variants],
    )
    by_variant: dict[str, set[str]] = {}
    for variant, known in rows:
        by_variant.setdefault(variant, set()).add(known)
    known_words = {known for knowns in by_variant.values() for known in knowns}
    closest = {}
    for word in looked_up:
        compound = next(
            (
                split
                for split in splits[word]
                if split[0] in known_words and split[1] in known_words
            ),
            None,
        )
        if compound is not None:
            closest[word] = " ".join(compound)
            continue
        limit = allowed_distance(word)
        candidates = set().union(*(by_variant.get(v, set()) for v in deletion_variants(word)))
        scored = sorted(
            (osa_distance(word, candidate, limit), abs(len(candidate) - len(word)), candidate)
            for candidate in candidates
            if candidate != word
        )
        if scored and scored[0][0] <= limit:
            closest[word] = scored[0][2]
    return closest


def vocabulary_rows(municipality_id: int, tokens: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    for token in tokens:
        if is_vocabulary_word(token):
            for variant in deletion_variants(token):
                yield (municipality_id, variant, token)


def insert_vocabulary(using: str, rows: list[tuple[int, str, str]]) -> None:
    if not rows:
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = (
            f"INSERT INTO {VOCABULARY_TABLE} (municipality_id, variant, word) "  # noqa: S608
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
        )
    else:
        sql = (
            f"INSERT OR IGNORE INTO {VOCABULARY_TABLE} (municipality_id, variant, word) "  # noqa: S608
            "VALUES (%s, %s, %s)"
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def search_vocabulary_add(
    *, municipality_id: int, search_text: str, using: str = "default"
) -> None:
    """Make the words of one search text known for typo correction and as words that occur
    (idempotent)."""
    tokens = set(search_text.split())
    insert_vocabulary(using, sorted(vocabulary_rows(municipality_id, tokens)))
    insert_words(using, municipality_id, occurring_words(tokens))


def search_vocabulary_rebuild(
    *, municipality_id: int, texts: Any = None, using: str = "default"
) -> int:
    """Rebuild the municipality's known words from all its organisations; for bulk loaders.

    `texts` (an iterable of search texts) defaults to those of the municipality's
    organisations. Returns the number of known words. Words of organisations that were
    deleted or changed disappear only here; until then they can at most be offered as a
    correction that finds nothing, which the search then reports as no result.
    """
    from django_scopes import scopes_disabled

    tokens: set[str] = set()
    with scopes_disabled():
        if texts is None:
            texts = (
                Organisation.objects.using(using)
                .filter(municipality_id=municipality_id)
                .values_list("search_text", flat=True)
            )
        for text in texts.iterator(chunk_size=2000) if hasattr(texts, "iterator") else texts:
            tokens.update(token for token in text.split() if is_vocabulary_word(token))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {VOCABULARY_TABLE} WHERE municipality_id = %s",  # noqa: S608
            [municipality_id],
        )
    batch: list[tuple[int, str, str]] = []
    for row in vocabulary_rows(municipality_id, sorted(tokens)):
        batch.append(row)
        if len(batch) >= 10_000:
            insert_vocabulary(using, batch)
            batch = []
    insert_vocabulary(using, batch)
    search_words_rebuild(municipality_id=municipality_id, using=using)
    return len(tokens)


# ---------------------------------------------------------------------------------------------
# Words that occur


def occurring_words(tokens: Iterable[str]) -> set[str]:
    """The words among the tokens of search texts, as the words table keeps them."""
    return {
        token if len(token) <= WORD_MAX_LENGTH else LONG_WORD
        for token in tokens
        if WORD.fullmatch(token)  # not the separators between the parts of a search text
    }


def insert_words(using: str, municipality_id: int, words: Iterable[str]) -> None:
    rows = [(municipality_id, word) for word in sorted(words)]
    if not rows:
        return
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = (
            f"INSERT INTO {WORDS_TABLE} (municipality_id, word) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
    elif connection.vendor == "sqlite":
        sql = f"INSERT OR IGNORE INTO {WORDS_TABLE} (municipality_id, word) VALUES (%s, %s)"  # noqa: S608
    else:
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def search_words_rebuild(
    *, municipality_id: int, texts: Any = None, using: str = "default"
) -> None:
    """Keep exactly the words of the municipality's current search texts (`texts`, by default
    those of its organisations)."""
    from django_scopes import scopes_disabled

    connection = connections[using]
    if connection.vendor not in WORD_CONTAINS:
        return
    if WORDS_TABLE not in connection.introspection.table_names():
        return  # a data migration before 0003_search_words; that one fills the table
    with scopes_disabled():
        if texts is None:
            texts = (
                Organisation.objects.using(using)
                .filter(municipality_id=municipality_id)
                .values_list("search_text", flat=True)
            )
        words: set[str] = set()
        for text in texts.iterator(chunk_size=2000) if hasattr(texts, "iterator") else texts:
            words |= occurring_words(text.split())
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {WORDS_TABLE} WHERE municipality_id = %s",  # noqa: S608
            [municipality_id],
        )
    insert_words(using, municipality_id, words)


# Whether a pattern is part of a word that occurs (the municipality's id the first parameter)
WORD_IS = "SELECT 1 FROM network_search_word WHERE municipality_id = %s AND word = %s"
WORD_STARTS = {
    "postgresql": "SELECT 1 FROM network_search_word WHERE municipality_id = %s AND word LIKE %s",
    "sqlite": "SELECT 1 FROM network_search_word WHERE municipality_id = %s AND word GLOB %s",
}
WORD_CONTAINS = {
    "postgresql": "SELECT 1 FROM network_search_word WHERE municipality_id = %s AND word LIKE %s",
    # CROSS JOIN keeps the index of words as the outer loop (see candidate_ids)
    "sqlite": "SELECT 1 FROM network_search_word_index CROSS JOIN network_search_word w "
    "ON w.id = network_search_word_index.rowid "
    "WHERE w.municipality_id = %s AND network_search_word_index MATCH %s",
}


def _occurs(vendor: str, pattern: str) -> tuple[str, str] | None:
    """(SQL, its parameter) that tell whether a pattern is part of a word that occurs, or None
    where the words table cannot tell."""
    inner = pattern.strip(" ")
    if not WORD.fullmatch(inner) or len(inner) > WORD_MAX_LENGTH:
        return None
    if pattern == f" {inner} ":  # the whole word
        return WORD_IS, inner
    if pattern == f" {inner}":  # the start of a word; no word character is a wildcard
        return WORD_STARTS[vendor], f"{inner}%" if vendor == "postgresql" else f"{inner}*"
    if pattern != inner or len(inner) < 3:  # the trigram indexes need three letters
        return None
    return WORD_CONTAINS[vendor], f"%{inner}%" if vendor == "postgresql" else f'"{inner}"'


def unmatched_terms(municipality_id: int, terms: Sequence[Term], using: str) -> set[str]:
    """The words of those terms that occur in no search text of the municipality: none of
    their patterns is part of a word that occurs. One query; a term that the words table
    cannot judge counts as occurring, and so does every term while the municipality has a word
    too long to keep."""
    return term_occurrences(municipality_id, terms, using=using).unmatched


@dataclass(frozen=True)
class Occurrences:
    """What the words tables tell of a query's terms before any search: the words that occur
    nowhere, and at least how many publicly listed organisations hold the only term (0 when
    not asked, or for more than one term)."""

    unmatched: set[str]
    listed_at_least: int = 0


def term_occurrences(
    municipality_id: int, terms: Sequence[Term], *, using: str, listed: bool = False
) -> Occurrences:
    """`unmatched_terms`, and with `listed` (one term) the most publicly listed organisations
    that hold one of its patterns' words (see "Listed organisations of a word"). One query."""
    vendor = connections[using].vendor
    if vendor not in WORD_CONTAINS or not terms:
        return Occurrences(set())
    judged: list[tuple[Term, list[tuple[str, str]]]] = []
    for term in terms:
        possible = [_occurs(vendor, pattern) for pattern in term.patterns]
        checks = [check for check in possible if check is not None]
        if checks and len(checks) == len(possible):
            judged.append((term, checks))
    listed_words = _listed_words(terms) if listed else []
    if not judged and not listed_words:
        return Occurrences(set())
    columns = [f"EXISTS({WORD_IS})"]
    params: list[Any] = [municipality_id, LONG_WORD]
    for _term, term_checks in judged:
        columns.append(" OR ".join(f"EXISTS({sql})" for sql, _value in term_checks))
        for _sql, value in term_checks:
            params += [municipality_id, value]
    if listed_words:
        marks = ", ".join(["%s"] * len(listed_words))
        columns.append(
            f"SELECT MAX(listed) FROM (SELECT SUM(organisations) AS listed"  # noqa: S608 - our names
            f" FROM {LISTED_WORDS_TABLE} WHERE municipality_id = %s AND word IN ({marks})"
            " GROUP BY word) AS words"
        )
        params += [municipality_id, *listed_words]
    select = ", ".join(f"({column})" for column in columns)
    has_long_word, *occurs = rows_of(using, f"SELECT {select}", params)[0]
    listed_at_least = occurs.pop() if listed_words else 0
    unmatched = (
        set()
        if has_long_word
        else {term.word for (term, _checks), found in zip(judged, occurs, strict=True) if not found}
    )
    return Occurrences(unmatched, int(listed_at_least or 0))


# ---------------------------------------------------------------------------------------------
# Listed organisations of a word (migration 0012_search_word_listed)
#
# `network_search_word_listed` holds, for every word of a municipality's search texts, how many
# of its published, public organisations hold it; triggers keep it in the transaction of every
# write. An organisation that holds the word holds every pattern that is part of it, so the
# number is a lower bound of a one-word search's matches in the public directory without
# filters: above COUNT_LIMIT, "more than 1,000" is known without reading a candidate.
#
# On PostgreSQL a word's number is the sum of its rows: the triggers add each change as a row of
# its own rather than update a row that every write in the municipality would lock (see the
# migration), and `listed_words_fold` sums each word's rows into one now and then. SQLite has one
# writer at a time and keeps one row per word.

LISTED_WORDS_TABLE = "network_search_word_listed"

# any constant of ours, for pg_advisory_xact_lock
FOLD_LOCK = 5_121_997
LISTED_WORDS_FOLD = f"""
    WITH several AS (
        SELECT municipality_id, word FROM {LISTED_WORDS_TABLE}
        GROUP BY municipality_id, word HAVING COUNT(*) > 1
    ), folded AS (
        DELETE FROM {LISTED_WORDS_TABLE} kept USING several
        WHERE kept.municipality_id = several.municipality_id AND kept.word = several.word
        RETURNING kept.municipality_id, kept.word, kept.organisations
    )
    INSERT INTO {LISTED_WORDS_TABLE} (municipality_id, word, organisations)
    SELECT municipality_id, word, SUM(organisations) FROM folded
    GROUP BY municipality_id, word HAVING SUM(organisations) <> 0
"""  # noqa: S608 - our names


def listed_words_fold(using: str = "default") -> str:
    """Sum each word's rows of changes into one (PostgreSQL; the hourly job, and bulk loaders
    after their writes). Rows added meanwhile by other transactions are not in the statement's
    snapshot and stay as they are; two folds at once wait for each other rather than delete
    the same rows in different orders."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return "one row per word already"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK])
        cursor.execute(LISTED_WORDS_FOLD)
        return f"{cursor.rowcount} words folded"


def _listed_words(terms: Sequence[Term]) -> list[str]:
    """The words whose listed organisations all match the only term (none for more terms)."""
    if len(terms) != 1:
        return []
    return sorted({pattern.strip(" ") for pattern in terms[0].patterns} - {""})
