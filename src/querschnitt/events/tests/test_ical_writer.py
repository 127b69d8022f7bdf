"""The feed's own iCalendar writer: whatever text an event holds (Arabic, emoji, commas,
semicolons, backslashes, line breaks, long lines), vobject (strict) and `icalendar` read back
the same summary, description, location and times; lines are folded at 75 octets without
splitting a UTF-8 sequence. Unsaved objects: the writer reads no database."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import vobject
from hypothesis import example, given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.core.translation import translate
from querschnitt.events.ical_out import BERLIN, calendar_text, escape_text, fold
from querschnitt.events.models import Event, EventDate, Format

MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim", office_name="Büro")
SAMPLES = ["مرحبا بكم، في المدينة", "Café 🎉👨‍👩‍👧, a;b\\c", "Zeile 1\nZeile 2\r\nZeile 3"]
text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from("aä ,;\\\n\r:\"'مرحبا🎉👩‍👩‍👧ß€"), max_size=300),
    st.sampled_from(SAMPLES),
)
moment = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))


def cleaned(value: str) -> str:
    """What a TEXT value can carry: line breaks as LF, no control characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b-\x1f\x7f]", "", value)


def one_date(
    *,
    title: str,
    description: str,
    place: str,
    online: bool,
    start: datetime,
    minutes: int,
    all_day: bool,
) -> EventDate:
    event = Event(
        pk=7,
        municipality=MUNICIPALITY,
        title={"de": title},
        description={"de": description},
        place_name=place,
        online=online,
        all_day=all_day,
        start=start,
        end=start + timedelta(minutes=minutes),
        created_at=start,
        updated_at=start,
        format=Format(pk=3, name=title or "Format"),
    )
    return EventDate(
        pk=11,
        municipality=MUNICIPALITY,
        event=event,
        start=event.start,
        end=event.end,
        sequence=2,
        cancelled=online,
        updated_at=start,
    )


@settings(max_examples=150, deadline=None)
@example(
    title="\x07",
    description="\x1f",
    place="\x1f\x07",
    online=False,
    start=datetime(2027, 3, 28, 1, 0, tzinfo=UTC),
    minutes=30,
    all_day=True,
)
@example(
    title=SAMPLES[0],
    description="x" * 400,
    place=SAMPLES[1],
    online=False,
    start=datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    minutes=60,
    all_day=False,
)
@example(  # a control character before a space: removed before the ends are trimmed
    title="",
    description="\x1b 0",
    place="",
    online=False,
    start=datetime(2000, 1, 1, 0, 0, tzinfo=UTC),
    minutes=1,
    all_day=False,
)
@example(
    title="🎉" * 80,
    description=SAMPLES[2],
    place="",
    online=True,
    start=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    minutes=90,
    all_day=False,
)
@given(
    title=text,
    description=text,
    place=text,
    online=st.booleans(),
    start=moment,
    minutes=st.integers(1, 60 * 24 * 3),
    all_day=st.booleans(),
)
def test_what_is_written_is_read_back_the_same(
    title: str,
    description: str,
    place: str,
    online: bool,
    start: datetime,
    minutes: int,
    all_day: bool,
) -> None:
    found = one_date(
        title=title,
        description=description,
        place=place,
        online=online,
        start=start,
        minutes=minutes,
        all_day=all_day,
    )
    written = calendar_text([found], municipality=MUNICIPALITY, name=f"{title} – Mannheim")

    assert written.endswith("END:VCALENDAR\r\n")
    for line in written.split("\r\n"):
        assert len(line.encode()) <= 75, line
    assert "\n" not in written.replace("\r\n", "")

    summary = cleaned(translate({"de": title}).text) or "–"
    url = "/mannheim/veranstaltungen/7/"
    wanted_description = cleaned(f"{translate({'de': description}).text}\n\n")
    wanted_location = cleaned(found.event.place_text) or ("Online" if online else None)

    strict = vobject.readOne(written, validate=True).vevent
    loose: Any = icalendar.Calendar.from_ical(written).walk("VEVENT")[0]
    for read in (strict.summary.value, str(loose["summary"])):
        assert read == summary
    for read in (strict.description.value, str(loose["description"])):
        assert read.startswith(wanted_description.strip())
        assert read.endswith(url)
    if wanted_location is None:
        assert "location" not in loose
        assert not hasattr(strict, "location")
    else:
        assert strict.location.value == str(loose["location"]) == wanted_location
    if category := cleaned(title or "Format"):
        assert str(loose["categories"].cats[0]) == strict.categories.value[0] == category
    else:
        assert "categories" not in loose
    assert str(loose["status"]) == ("CANCELLED" if online else "CONFIRMED")
    if all_day:
        local = (found.start.astimezone(BERLIN).date(), found.end.astimezone(BERLIN).date())
        assert (strict.dtstart.value, strict.dtend.value) == local
        assert (loose["dtstart"].dt, loose["dtend"].dt) == local
    else:
        assert (strict.dtstart.value, strict.dtend.value) == (found.start, found.end)
        assert (loose["dtstart"].dt, loose["dtend"].dt) == (found.start, found.end)


def test_text_is_escaped_and_lines_folded_by_octets() -> None:
    assert escape_text("a\\b;c,d\r\ne\rf\ng\x07") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    folded = fold("SUMMARY:" + "ä" * 40)
    first, second = folded.split("\r\n ")
    assert len(first.encode()) == 74, "a two-octet letter is not split at octet 75"
    assert folded.endswith("\r\n")
    assert (first + second).rstrip("\r\n") == "SUMMARY:" + "ä" * 40
    assert fold("X:" + "a" * 73) == "X:" + "a" * 73 + "\r\n"
    assert fold("X:" + "a" * 74) == "X:" + "a" * 73 + "\r\n a\r\n"
