"""When a date takes place, in words: remembered, yet the words of every language, zone and
kind of date (timed, all day, several days) as they are worked out afresh."""

import datetime
import zoneinfo

from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.events.models import Event, EventDate
from querschnitt.events.templatetags.events import when, when_words

ZONES = [zoneinfo.ZoneInfo("Europe/Berlin"), datetime.UTC, zoneinfo.ZoneInfo("Asia/Tehran")]


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2030, 1, 1)
    ),
    length=st.sampled_from([0, 30, 90, 60 * 24, 60 * 24 * 3, 60 * 23 + 59]),
    all_day=st.booleans(),
    language=st.sampled_from(["de", "en", "ar", "fa", "tr", "uk"]),
    zone=st.sampled_from(ZONES),
)
def test_the_words_are_those_worked_out_afresh(
    start: datetime.datetime, length: int, all_day: bool, language: str, zone: zoneinfo.ZoneInfo
) -> None:
    begins = start.replace(tzinfo=datetime.UTC)
    date = EventDate(
        event=Event(all_day=all_day),
        start=begins,
        end=begins + datetime.timedelta(minutes=length),
    )
    with translation.override(language), timezone.override(zone):
        fresh = when_words.__wrapped__(date.start, date.end, all_day, language, zone)
        assert when(date) == fresh
        assert when(date) == fresh  # remembered


def test_the_same_date_in_another_language_or_zone_has_its_own_words() -> None:
    begins = datetime.datetime(2026, 3, 3, 16, 0, tzinfo=datetime.UTC)
    date = EventDate(event=Event(), start=begins, end=begins + datetime.timedelta(hours=1))
    with translation.override("de"), timezone.override(ZONES[0]):
        german = when(date)
    with translation.override("en"), timezone.override(ZONES[0]):
        english = when(date)
    with translation.override("de"), timezone.override(ZONES[2]):
        tehran = when(date)
    assert german == "Dienstag, 3. März 2026, 17:00–18:00"
    assert "March" in english
    assert "Tuesday" in english
    assert "19:30" in tehran
