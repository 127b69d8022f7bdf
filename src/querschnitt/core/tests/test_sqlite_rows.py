"""`core.sql_rows.raw_rows` reads SQLite without Django's cursor wrapper (`sqlite_rows`): the
same rows, Django's errors and checks, and every statement still seen by whatever counts or
wraps them. On PostgreSQL the cursor is Django's, and the same assertions hold."""

import datetime
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from hypothesis import example, given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.core.selectors import municipality_by_slug
from querschnitt.core.sql_rows import converted_rows, raw_rows, shared_cursor

pytestmark = pytest.mark.django_db


def through_django(sql: str, params: Any) -> tuple[tuple[Any, ...], ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(map(tuple, cursor.fetchall()))


STATEMENTS: list[tuple[str, Any]] = [
    ("SELECT slug, name, languages FROM core_municipality ORDER BY id", []),
    ("SELECT slug FROM core_municipality WHERE slug = %s AND is_active", ["mannheim"]),
    ("SELECT slug FROM core_municipality WHERE slug = %s", ("bamberg",)),
    ("SELECT slug FROM core_municipality WHERE name LIKE '%%a%%' ORDER BY slug", []),
    ("SELECT slug FROM core_municipality WHERE name LIKE %s ORDER BY slug", ["%Ma%"]),
    ("SELECT slug FROM core_municipality WHERE created_at < %s", [datetime.datetime(2100, 1, 1)]),
    ("SELECT %s, %s, %s", [None, True, 1.5]),
]


def test_the_rows_are_those_of_django_s_cursor(mannheim, bamberg) -> None:
    for sql, params in STATEMENTS:
        assert raw_rows(sql, params, Municipality) == through_django(sql, params), sql


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(st.characters(blacklist_characters="\x00")),
            st.integers(-(2**62), 2**62),
            st.none(),
        ),
        max_size=4,
    )
)
@example(["\ud800"])  # a lone surrogate: neither path can encode it, both refuse it alike
def test_any_values_come_back_as_through_django_s_cursor(values: list[Any]) -> None:
    sql = "SELECT " + ", ".join(["%s"] * len(values) or ["1"])
    plain = outcome(lambda: raw_rows(sql, values, Municipality))
    assert plain == outcome(lambda: through_django(sql, values))


def outcome(read: Any) -> Any:
    """The rows `read` gives, or the class of the error it raises."""
    try:
        with transaction.atomic():
            return read()
    except Exception as error:
        return type(error)


def test_every_statement_is_seen_by_what_counts_or_wraps_them(mannheim) -> None:
    sql, params = STATEMENTS[1]
    with CaptureQueriesContext(connection) as captured:
        assert raw_rows(sql, params, Municipality) == (("mannheim",),)
        converted_rows(sql, params, (Municipality._meta.get_field("slug"),))
        municipality_by_slug("mannheim")
        with shared_cursor(Municipality) as cursor:
            raw_rows(sql, params, Municipality, cursor)
    assert len(captured.captured_queries) == 4
    seen: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        raw_rows(sql, params, Municipality)
    assert seen == [sql]


def test_errors_and_a_broken_transaction_are_django_s(mannheim) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        raw_rows("SELECT nothing FROM no_such_table", [], Municipality)
    with transaction.atomic():
        connection.needs_rollback = True
        try:
            with pytest.raises(TransactionManagementError):
                raw_rows("SELECT 1", [], Municipality)
        finally:
            connection.needs_rollback = False


def test_a_moved_content_version_is_read_with_the_rest_of_the_row(mannheim) -> None:
    before = municipality_by_slug("mannheim")
    assert before is not None
    moved = datetime.datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    Municipality.objects.filter(slug="mannheim").update(content_changed_at=moved)
    after = municipality_by_slug("mannheim")
    assert after is not None
    fresh = Municipality.objects.get(slug="mannheim")
    assert after.content_changed_at == moved == fresh.content_changed_at
    assert after.content_version == fresh.content_version != before.content_version
    for field in Municipality._meta.concrete_fields:
        assert getattr(after, field.attname) == getattr(fresh, field.attname), field.name
    Municipality.objects.filter(slug="mannheim").update(
        name="Mannheim-Nord", languages=["en"], content_changed_at=moved
    )
    renamed = municipality_by_slug("mannheim")
    assert renamed is not None
    assert (renamed.name, renamed.languages, renamed.content_changed_at) == (
        "Mannheim-Nord",
        ["en"],
        moved,
    )
