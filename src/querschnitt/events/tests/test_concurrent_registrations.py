"""200 people register at once for 50 places through real HTTP requests to a running server:
exactly 50 get a place, 150 wait in the order of their arrival, nothing is lost; then 7
cancellations free 7 places and exactly the next 7 in line move up, in order."""

import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from django.db import connection
from django_scopes import scope

from querschnitt.core.models import Municipality
from querschnitt.events.models import Registration
from querschnitt.events.services.registrations import registration_cancel
from querschnitt.events.tests.helpers import first_date, make_event

# In flight at once: enough to make the requests overlap, within PostgreSQL's connections
# of the test cluster (max_connections=50, two test processes).
WORKERS = 12
PEOPLE = 200


# The SQLite of the tests is a shared in-memory database, which locks whole tables; the
# deployed SQLite (a file in WAL mode) and PostgreSQL serialise the writers instead.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_hundred_at_once_for_fifty_places(live_server, demo, settings) -> None:
    settings.EVENTS_REGISTRATIONS_PER_ADDRESS = 10_000
    mannheim = Municipality.objects.get(slug="mannheim")
    event = make_event(mannheim, capacity=50, max_places=1, title={"de": "Andrang"})
    date = first_date(event)
    path = f"{live_server.url}/mannheim/veranstaltungen/{event.pk}/termine/{date.pk}/anmelden/"
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(path).read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert match is not None
    token = match.group(1)

    def register(n: int) -> int:
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Person {n}",
                "email": f"andrang{n}@example.org",
                "places": "1",
                "consent": "on",
            }
        ).encode()
        request = urllib.request.Request(path, data=data, headers={"Referer": path})  # noqa: S310
        with opener.open(request) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(register, range(PEOPLE)))
    assert statuses == [200] * PEOPLE
    with scope(municipality=mannheim):
        rows = list(
            Registration.objects.filter(date=date)
            .order_by("arrival")
            .values_list("pk", "arrival", "state")
        )
    assert [arrival for _pk, arrival, _state in rows] == list(range(1, PEOPLE + 1))
    assert [state for _pk, _arrival, state in rows] == ["confirmed"] * 50 + ["waiting"] * 150
    with scope(municipality=mannheim):
        for pk, _arrival, _state in rows[:7]:
            registration_cancel(registration=Registration.objects.get(pk=pk))
        after = list(
            Registration.objects.filter(date=date)
            .order_by("arrival")
            .values_list("state", flat=True)
        )
    assert after == ["cancelled"] * 7 + ["confirmed"] * 50 + ["waiting"] * 143
