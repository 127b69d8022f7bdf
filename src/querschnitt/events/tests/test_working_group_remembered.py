"""A working group's page is remembered per content version, with its URL map, language, time
zone and day (`WorkingGroupDetail`): a remembered page is the page made afresh, in
alternating languages, a change shows at once and the next day's page is that day's."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import public_page
from querschnitt.events.models import WorkingGroup, WorkingGroupResult

pytestmark = pytest.mark.django_db


def _public_groups() -> list[tuple[str, str]]:
    with scopes_disabled():
        return list(
            WorkingGroup.objects.filter(body__is_public=True).values_list(
                "municipality__slug", "body__slug"
            )
        )


def test_every_working_group_remembered_is_the_page_made_afresh() -> None:
    groups = _public_groups()
    assert len({town for town, _ in groups}) == 2
    for town, slug in groups:
        path = f"/{town}/arbeitsgruppen/{slug}/"
        fresh = {
            language: public_page(path, language, forget=True) for language in ("de", "en", "ar")
        }
        for language in ("de", "en", "ar", "de", "en", "ar"):
            assert public_page(path, language) == fresh[language], (path, language)


def test_a_change_shows_at_once(mannheim) -> None:
    with scope(municipality=mannheim):
        group = WorkingGroup.objects.filter(body__is_public=True).select_related("body").first()
    path = f"/mannheim/arbeitsgruppen/{group.body.slug}/"
    public_page(path, "de", forget=True)
    with scope(municipality=mannheim):
        WorkingGroupResult.objects.create(
            municipality=mannheim, group=group, title="Ein neues Ergebnis", achieved_on="2026-01-02"
        )
    assert b"Ein neues Ergebnis" in public_page(path, "de")


def test_the_next_day_shows_that_day(mannheim) -> None:
    with scope(municipality=mannheim):
        group = WorkingGroup.objects.filter(body__is_public=True).select_related("body").first()
        body = group.body
        body.start_date = datetime.date(2026, 1, 1)
        body.planned_end_date = datetime.date(2026, 12, 31)
        body.save()
    path = f"/mannheim/arbeitsgruppen/{body.slug}/"
    days = [datetime.date(2026, 6, 1), datetime.date(2026, 6, 2)]
    pages = {}
    for day in days:
        with mock.patch.object(timezone, "localdate", return_value=day):
            pages[day] = public_page(path, "de", forget=True)
    assert pages[days[0]] != pages[days[1]]
    for day in [*days, *days]:
        with mock.patch.object(timezone, "localdate", return_value=day):
            assert public_page(path, "de") == pages[day]
