"""The body page's reads are remembered for the public (`core.versioned`); its meetings while
no meeting's start passes (`KeptMeetings`). Each page is compared with a fresh read."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import override
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.bodies.models import Meeting
from querschnitt.bodies.views.public import KeptMeetings

pytestmark = pytest.mark.django_db

BODY = "/mannheim/gremien/integrationsausschuss/"


def page(language: str, *, fresh: bool = False) -> bytes:
    return public_page(BODY, language, forget=fresh)


def first_coming(mannheim) -> Meeting:
    with scopes_disabled():
        return (
            Meeting.objects.filter(
                municipality=mannheim,
                body__slug="integrationsausschuss",
                published_at__isnull=False,
                start__gte=timezone.now() - timedelta(hours=3),
            )
            .order_by("start")
            .first()
        )


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_remembered_page_is_a_fresh_one_as_time_passes(mannheim, monkeypatch, language) -> None:
    meeting = first_coming(mannheim)
    assert meeting is not None
    remembered = page(language)
    assert remembered == page(language, fresh=True)
    # the first coming meeting's start passes: it moves to the past meetings
    for later in (
        meeting.start + timedelta(hours=3),
        meeting.start + timedelta(hours=3, seconds=1),
        meeting.start + timedelta(days=400),
    ):
        page(language)  # remembered from a moment before
        monkeypatch.setattr(timezone, "now", lambda later=later: later)
        kept = page(language)
        assert kept == page(language, fresh=True), later
    assert kept != remembered


def test_a_change_shows_on_the_next_request(mannheim) -> None:
    meeting = first_coming(mannheim)
    before = page("en")
    with scope(municipality=mannheim):
        meeting.name = "Renamed meeting"
        meeting.save()
    after = page("en")
    assert b"Renamed meeting" not in before
    assert b"Renamed meeting" in after


def test_kept_meetings_are_read_again_once_a_start_passes_or_time_goes_back() -> None:
    start = datetime(2026, 3, 3, 17, tzinfo=UTC)
    reads: list[datetime] = []

    def read(since: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        reads.append(since)
        return [{"start": start}], []

    def written(meetings: list[dict[str, Any]]) -> Any:
        return mark_safe(f"{len(meetings)} {timezone.get_current_timezone_name()}")

    kept = KeptMeetings()
    for since in (start - timedelta(hours=1), start - timedelta(minutes=1), start):
        kept.rows(since, read, written)
    assert reads == [start - timedelta(hours=1)]
    kept.rows(start + timedelta(seconds=1), read, written)
    kept.rows(start - timedelta(hours=2), read, written)
    assert len(reads) == 3
    with override("ar"), timezone.override("Asia/Tokyo"):
        assert kept.rows(start - timedelta(hours=2), read, written) == (
            "1 Asia/Tokyo",
            "0 Asia/Tokyo",
        )
    assert len(reads) == 3
