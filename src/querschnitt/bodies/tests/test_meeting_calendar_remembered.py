"""The meeting calendar's month and the bodies' calendar links are remembered for the public
(`core.versioned`) per month, language, time zone and URL map; each page is compared with a
fresh one, and a signed-in member of the office gets its own month."""

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import public_page, signed_in_client
from querschnitt.bodies.models import Body, Meeting

pytestmark = pytest.mark.django_db

CALENDAR = "/mannheim/sitzungen/"


def months_with_meetings() -> list[str]:
    with scopes_disabled():
        starts = Meeting.objects.filter(municipality__slug="mannheim").values_list(
            "start", flat=True
        )
        return sorted({timezone.localtime(start).strftime("%Y-%m") for start in starts})[:3]


def test_remembered_months_are_fresh_ones_in_every_language() -> None:
    paths = [CALENDAR, f"{CALENDAR}?monat=x"]
    paths += [f"{CALENDAR}?monat={month}" for month in months_with_meetings()]
    for path in paths:
        fresh = {language: public_page(path, language, forget=True) for language in LANGUAGES}
        for language in LANGUAGES * 2:  # alternately, remembered
            assert public_page(path, language) == fresh[language], (path, language)


LANGUAGES = ["de", "en", "ar"]


def test_the_month_alone_is_the_remembered_month(mannheim) -> None:
    month = months_with_meetings()[0]
    page = public_page(f"{CALENDAR}?monat={month}", "en").decode()
    client = Client()
    client.cookies["qs_language"] = "en"
    fragment = client.get(f"{CALENDAR}?monat={month}", headers={"HX-Request": "true"})
    assert fragment.content.decode() in page
    assert "qs-bodies-meta" in fragment.content.decode()


def test_a_change_shows_on_the_next_request(mannheim) -> None:
    with scope(municipality=mannheim):
        meeting = Meeting.objects.filter(body__is_public=True, published_at__isnull=False).first()
    path = f"{CALENDAR}?monat={timezone.localtime(meeting.start):%Y-%m}"
    before = public_page(path, "en")
    with scope(municipality=mannheim):
        meeting.name = "Renamed meeting"
        meeting.save()
        body = Body.objects.filter(is_public=True).first()
        body.name = "Renamed body"
        body.save()
    after = public_page(path, "en")
    assert b"Renamed meeting" not in before
    assert b"Renamed meeting" in after
    assert b"Renamed body" in after
    assert after == public_page(path, "en", forget=True)


def test_the_office_gets_its_own_month_and_the_public_theirs(mannheim) -> None:
    with scope(municipality=mannheim):
        meeting = Meeting.objects.filter(body__is_public=True).first()
        meeting.published_at = None
        meeting.name = "Meeting not yet published"
        meeting.save()
    path = f"{CALENDAR}?monat={timezone.localtime(meeting.start):%Y-%m}"
    public = public_page(path, "en")
    office = signed_in_client("team@mannheim.example").get(path).content
    assert b"Meeting not yet published" not in public
    assert b"Meeting not yet published" in office
    assert public_page(path, "en") == public
