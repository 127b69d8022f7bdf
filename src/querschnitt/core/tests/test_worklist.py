"""The hook through which apps put their pending work on the staff overview."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import signed_in_client
from querschnitt.core import worklist
from querschnitt.core.models import AuditEntry
from querschnitt.core.worklist import PendingWork, waiting


def test_waiting_days_count_full_days() -> None:
    now = timezone.now()
    item = PendingWork(label="x", count=1, url="/", oldest=now - timedelta(days=3, hours=5))
    assert item.waiting_days(now) == 3
    assert PendingWork(label="x", count=1, url="/", oldest=now).waiting_days(now) == 0
    assert PendingWork(label="x", count=1, url="/").waiting_days(now) is None


@pytest.mark.django_db
def test_waiting_counts_the_oldest_and_those_past_the_target_in_one_query(
    mannheim, unscoped, django_assert_num_queries
) -> None:
    now = timezone.now()
    entries = AuditEntry.objects.bulk_create(
        AuditEntry(municipality=mannheim, action="test.waiting") for _n in range(3)
    )
    for days, entry in zip((1, 10, 20), entries, strict=True):
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=now - timedelta(days=days))
    queryset = AuditEntry.objects.filter(municipality=mannheim, action="test.waiting")
    with django_assert_num_queries(1):
        found = waiting(queryset, since="created_at", target_days=9, now=now)
    assert found.count == 3
    assert found.overdue == 2
    assert found.oldest is not None
    assert (now - found.oldest).days == 20


@pytest.fixture
def provider() -> Iterator[None]:
    def sample(request) -> Iterator[PendingWork]:
        yield PendingWork(label="Office-wide", count=4, url="/a", section="Sample", order=50)
        yield PendingWork(label="Nothing here", count=0, url="/b", section="Sample", order=50)
        yield PendingWork(label="Mine", count=1, url="/c", personal=True, order=50)

    worklist.register(sample)
    yield
    worklist.providers.remove(sample)


@pytest.mark.django_db
def test_the_overview_shows_an_apps_items_personal_first_and_skips_empty_ones(provider) -> None:
    html = signed_in_client("dienststelle@mannheim.example").get("/mannheim/verwaltung/")
    body = html.content.decode()
    assert body.index(">Mine<") < body.index(">Office-wide<")
    assert "Nothing here" not in body
    assert 'href="/a"' in body
