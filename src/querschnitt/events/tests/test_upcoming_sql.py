"""The calendar's page of coming dates read by plain SQL (`events/selectors/upcoming_sql.py`)
gives the values the ORM's query gave (`_upcoming(…).values_list(*ROW_FIELDS)`), row by row
and in the same order: for every filter alone and several together, for every organiser key
(also another municipality's and malformed ones), from a given day, walking every page by
its cursor, at another moment, and under the other municipality's address. Run on SQLite and
PostgreSQL."""

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.events.models import Event, Format, TargetGroup
from querschnitt.events.selectors.calendar import (
    ROW_FIELDS,
    CalendarFilters,
    Cursor,
    _upcoming,
    organiser_choices,
)
from querschnitt.events.selectors.upcoming_sql import upcoming_values
from querschnitt.events.tests.helpers import make_event

pytestmark = pytest.mark.django_db


def by_the_orm(municipality: Municipality, **kwargs: Any) -> list[tuple[Any, ...]]:
    limit = kwargs.pop("limit")
    return list(_upcoming(municipality=municipality, **kwargs).values_list(*ROW_FIELDS)[:limit])


def every_filter(cities: list[Municipality]) -> list[CalendarFilters]:
    found = [CalendarFilters()]
    with scopes_disabled():
        slugs = list(Format.objects.values_list("slug", flat=True))
        languages = {
            code for codes in Event.objects.values_list("languages", flat=True) for code in codes
        }
    found += [CalendarFilters(format=slug) for slug in [*slugs, "nothing"]]
    for city in cities:
        with scope(municipality=city):
            keys = [key for key, _name in organiser_choices(municipality=city)]
        found += [CalendarFilters(organiser=key) for key in keys]
    found += [CalendarFilters(organiser=key) for key in ("body-", "org-x", "body-999999", "else")]
    found += [CalendarFilters(language=code) for code in [*languages, "x%_", "de\\"]]
    found += [CalendarFilters(target_group=group) for group in TargetGroup.values]
    found += [
        CalendarFilters(accessible=True),
        CalendarFilters(free=True),
        CalendarFilters(online=True),
        CalendarFilters(accessible=True, free=True, online=True, language="de"),
        CalendarFilters(format=slugs[0], free=True, target_group="everyone"),
    ]
    return found


def test_the_coming_dates_read_as_the_orm_read_them(mannheim: Any, bamberg: Any) -> None:
    make_event(mannheim, languages=["de", "ar"], target_groups=["women"], online=True, free=False)
    cities = [mannheim, bamberg]
    now = timezone.now()
    filters = every_filter(cities)
    shown = 0
    for city in cities:
        with scope(municipality=city):
            for chosen in filters:
                for since in (
                    None,
                    timezone.localdate(),
                    timezone.localdate() + timedelta(days=60),
                ):
                    kwargs: dict[str, Any] = {
                        "filters": chosen,
                        "after": None,
                        "since": since,
                        "now": now,
                        "limit": 26,
                    }
                    found = upcoming_values(municipality=city, **kwargs)
                    assert found == by_the_orm(city, **kwargs), (city.slug, chosen, since)
                    shown += len(found)
    assert shown > 100


def test_every_page_by_its_cursor_and_another_moment(mannheim: Any, bamberg: Any) -> None:
    for city in (mannheim, bamberg):
        for now in (timezone.now(), timezone.now() + timedelta(days=45)):
            with scope(municipality=city):
                after = None
                pages = 0
                while True:
                    kwargs: dict[str, Any] = {
                        "filters": CalendarFilters(),
                        "after": after,
                        "since": None,
                        "now": now,
                        "limit": 4,
                    }
                    found = upcoming_values(municipality=city, **kwargs)
                    assert found == by_the_orm(city, **kwargs)
                    pages += 1
                    if len(found) < 4:
                        break
                    after = Cursor(found[-1][2], found[-1][0])
                assert pages > 2


def test_another_municipalitys_dates_are_not_read(mannheim: Any, bamberg: Any) -> None:
    with scope(municipality=mannheim):
        keys = [key for key, _name in organiser_choices(municipality=mannheim)]
    kwargs: dict[str, Any] = {"after": None, "since": None, "now": timezone.now(), "limit": 100}
    assert upcoming_values(municipality=mannheim, filters=CalendarFilters(), **kwargs)
    with scope(municipality=bamberg):
        for key in keys[1:]:
            chosen = replace(CalendarFilters(), organiser=key)
            assert upcoming_values(municipality=bamberg, filters=chosen, **kwargs) == []
