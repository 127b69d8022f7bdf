"""The meeting calendar's month and the bodies' calendar links are kept for the public by the
rows they are drawn from as read, the month and `core.kept.around` (`MeetingCalendar`): the
first request after a change elsewhere (the content version moved, the rows as they were)
writes nothing; a change of a meeting or a body, even one no signal reports, shows at once."""

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import content_moved, public_page
from querschnitt.bodies.models import Body, Meeting
from querschnitt.bodies.views import public

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(monkeypatch) -> list[str]:
    """What was written: months and calendar links."""
    found: list[str] = []
    rows, links = public.meeting_rows, public.body_calendar_links

    def month(*args, **kwargs):
        found.append("month")
        return rows(*args, **kwargs)

    def calendars(*args, **kwargs):
        found.append("links")
        return links(*args, **kwargs)

    monkeypatch.setattr(public, "meeting_rows", month)
    monkeypatch.setattr(public, "body_calendar_links", calendars)
    return found


@pytest.fixture
def meeting(mannheim) -> Meeting:
    with scope(municipality=mannheim):
        return Meeting.objects.filter(body__is_public=True, published_at__isnull=False).first()


def test_kept_when_the_content_version_moves_alone(mannheim, meeting, written) -> None:
    path = f"/mannheim/sitzungen/?monat={timezone.localtime(meeting.start):%Y-%m}"
    fresh = {language: public_page(path, language, forget=True) for language in ("de", "ar")}
    public_page(path, "de")  # made afresh after the one in Arabic forgot it
    written.clear()
    for language in ("de", "ar", "de", "ar"):
        content_moved(mannheim)
        assert public_page(path, language) == fresh[language]
    assert written == []


def test_a_change_no_signal_reports_shows_at_once(mannheim, meeting, written) -> None:
    path = f"/mannheim/sitzungen/?monat={timezone.localtime(meeting.start):%Y-%m}"
    public_page(path, "en")
    with scopes_disabled():
        body = Body.objects.filter(municipality=mannheim, is_public=True).first()
    changes = [
        (lambda: Meeting.objects.filter(pk=meeting.pk).update(name="Renamed"), b"Renamed", "month"),
        (
            lambda: Meeting.objects.filter(pk=meeting.pk).update(cancelled=True),
            b"<strong>",
            "month",
        ),
        (lambda: Body.objects.filter(pk=body.pk).update(name="Other body"), b"Other body", "links"),
    ]
    for change, shown, what in changes:
        with scope(municipality=mannheim):
            change()
        content_moved(mannheim)
        written.clear()
        page = public_page(path, "en")
        assert shown in page
        assert written == [what]
        assert page == public_page(path, "en", forget=True)
