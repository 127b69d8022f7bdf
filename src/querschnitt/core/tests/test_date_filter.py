"""The `date` filter that remembers its answers prints exactly what Django's prints, for any
date or time, zone, fold, format and language, and templates use it."""

import datetime
import zoneinfo
from collections.abc import Callable

from django.template import Context, Template, defaultfilters
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.templatetags.querschnitt import _date, date_remembered

ZONES = [None, datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin"), zoneinfo.ZoneInfo("Asia/Tehran")]
FORMATS = [None, "", "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "Y-m-d", "j. F Y, H:i", "e O T P", "r"]
moments = st.one_of(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.builds(
        lambda moment, zone, fold: moment.replace(tzinfo=zone, fold=fold),
        st.datetimes(
            min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2100, 1, 1)
        ),
        st.sampled_from(ZONES),
        st.sampled_from([0, 1]),
    ),
)


def outcome(filter_function: Callable[..., str], value: datetime.date, arg: str | None) -> str:
    """The text, or the error (a time format for a date raises in Django's filter as well)."""
    try:
        return filter_function(value, arg)
    except TypeError as error:
        return f"TypeError: {error}"


@settings(max_examples=400, deadline=None)
@given(
    value=moments,
    arg=st.sampled_from(FORMATS),
    language=st.sampled_from(["de", "en", "ar", "fa", "tr", "uk"]),
)
def test_the_same_text_as_djangos_filter(
    value: datetime.date, arg: str | None, language: str
) -> None:
    with translation.override(language):
        expected = outcome(defaultfilters.date, value, arg)
        assert outcome(date_remembered, value, arg) == expected
        assert outcome(date_remembered, value, arg) == expected  # remembered
        # the same instant in another zone is another text
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            elsewhere = value.astimezone(zoneinfo.ZoneInfo("America/New_York"))
            expected = outcome(defaultfilters.date, elsewhere, arg)
            assert outcome(date_remembered, elsewhere, arg) == expected


def test_templates_use_it_and_keep_converting_to_local_time() -> None:
    moment = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)
    template = Template('{{ moment|date:"j. F Y, H:i" }}|{{ moment|date:"Y-m-d" }}|{{ x|date }}')
    misses = _date.cache_info().misses
    with translation.override("de"), timezone.override("Europe/Berlin"):
        assert (
            template.render(Context({"moment": moment, "x": ""}))
            == "29. März 2026, 01:30|2026-03-29|"
        )
    with translation.override("en"), timezone.override("UTC"):
        assert (
            template.render(Context({"moment": moment, "x": None}))
            == "29. March 2026, 00:30|2026-03-29|"
        )
    assert _date.cache_info().misses == misses + 4
