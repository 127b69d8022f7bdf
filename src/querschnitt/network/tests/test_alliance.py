"""The alliance page: its members with since-when, filters, only public names, constant queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from querschnitt.core import selectors, versioned
from querschnitt.core.form_markup import forget_markup
from querschnitt.network.models import District, Organisation, Signature
from querschnitt.network.services import declarations as services
from querschnitt.network.tests.test_signatures import add_signatures

pytestmark = pytest.mark.django_db

ALLIANCE = "/mannheim/buendnisse/mannheimer-buendnis/"


def english() -> Client:
    client = Client()
    client.cookies["qs_language"] = "en"
    return client


def members(mannheim):
    with scopes_disabled():
        return Signature.objects.filter(
            municipality=mannheim, state="accepted", withdrawn_at__isnull=True
        ).select_related("organisation", "organisation__district")


def test_the_alliance_lists_its_public_members_with_since_when(mannheim) -> None:
    response = english().get(ALLIANCE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mannheim Alliance for Living Together in Diversity" in content
    assert "335 institutions belong to the alliance." in content
    assert "weder Gütesiegel noch Ausdruck eines bereits erreichten Ziels" in content
    assert 'datetime="2016-10-05"' in content
    assert 'href="/mannheim/erklaerungen/mannheimer-erklaerung/unterzeichnen/"' in content
    # One member keeps its entry internal: it counts, but its name is not shown.
    paginator = response.context["paginator"]
    assert paginator.count == 334
    assert "334 of them are listed by name" in content
    hidden = members(mannheim).exclude(organisation__visibility="public").get()
    listed_names = set()
    for number in paginator.page_range:
        page = english().get(f"{ALLIANCE}?page={number}")
        listed_names |= {m["organisation__name"] for m in page.context["object_list"]}
    assert hidden.organisation.name not in listed_names
    assert len(listed_names) == 334
    first = response.context["object_list"][0]
    assert f'href="/mannheim/akteure/{first["organisation_id"]}/"' in content
    assert f'datetime="{first["decided_at"]:%Y-%m-%d}"' in content


def test_members_who_left_or_are_not_accepted_are_not_listed(mannheim) -> None:
    with scopes_disabled():
        others = Signature.objects.filter(municipality=mannheim).exclude(state="accepted")
        names = [s.organisation.name for s in others.select_related("organisation")]
    listed = set()
    response = english().get(ALLIANCE)
    for number in response.context["paginator"].page_range:
        page = english().get(f"{ALLIANCE}?page={number}")
        listed |= {m["organisation__name"] for m in page.context["object_list"]}
    assert not listed & set(names)


def test_the_members_filter_by_kind_district_and_name(mannheim) -> None:
    client = english()
    response = client.get(ALLIANCE + "?art=sports_club")
    rows = list(response.context["paginator"].object_list)
    assert rows
    assert all(m["organisation__kind"] == "sports_club" for m in rows)
    with scopes_disabled():
        district = District.objects.get(municipality=mannheim, name="Käfertal")
    response = client.get(f"{ALLIANCE}?bezirk={district.pk}")
    rows = list(response.context["paginator"].object_list)
    assert rows
    assert all(m["organisation__district__name"] == district.name for m in rows)
    response = client.get(ALLIANCE + "?name=lindenhain+nachbarschaft")
    assert [m["organisation__name"] for m in response.context["object_list"]] == [
        "Nachbarschaftsverein Lindenhain e. V."
    ]
    assert b"1 member matches the filter." in response.content
    # Upper and lower case of umlauts are the same to the search (on SQLite, too).
    with scopes_disabled():
        names = [m.organisation.name for m in members(mannheim) if "ü" in m.organisation.name]
    word = next(w for name in names for w in name.split() if w.startswith("Südwind") or "ü" in w)
    response = client.get(ALLIANCE, {"name": word.upper()})
    assert response.context["paginator"].count >= 1


def test_bad_filter_values_are_form_errors_not_server_errors() -> None:
    client = english()
    for query in ["?bezirk=999999", "?bezirk=abc", "?art=unknown", "?page=abc"]:
        response = client.get(ALLIANCE + query)
        assert response.status_code in (200, 404), query
    response = client.get(ALLIANCE + "?bezirk=abc")
    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_another_municipalitys_district_is_not_a_filter(mannheim, bamberg) -> None:
    with scopes_disabled():
        district = District.objects.filter(municipality=bamberg).first()
    response = english().get(f"{ALLIANCE}?bezirk={district.pk}")
    assert response.status_code == 200
    assert "bezirk" in response.context["filter_form"].errors


def test_the_alliance_reads_right_to_left_in_arabic() -> None:
    client = Client()
    client.cookies["qs_language"] = "ar"
    response = client.get(ALLIANCE)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in content
    # Content without an Arabic translation falls back to German and says so.
    assert 'lang="de" dir="ltr"' in content


def test_the_page_is_cached_and_a_withdrawal_shows_at_once(mannheim) -> None:
    client = english()
    assert b"335 institutions" in client.get(ALLIANCE).content
    member = members(mannheim).filter(organisation__visibility="public").first()
    with scope(municipality=mannheim):
        services.signature_withdraw(signature=member)
    selectors._recent.clear()  # anonymous views may read the municipality 3 seconds late
    assert b"334 institutions" in client.get(ALLIANCE).content


def test_the_alliance_page_runs_the_same_number_of_queries_for_more_members(mannheim) -> None:
    client = english()
    paths = [ALLIANCE, ALLIANCE + "?page=2", ALLIANCE + "?art=association&name=e"]

    def counts() -> list[int]:
        result = []
        for path in paths:
            cache.clear()
            selectors._recent.clear()
            forget_markup()  # the filter form as the first visitor after a change renders it
            versioned.forget()  # and the counts and pages as that visitor reads them
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result.append(len(queries))
        return result

    add_signatures(mannheim, 5, state="accepted")
    small = counts()
    add_signatures(mannheim, 120, state="accepted")
    assert counts() == small
    with scopes_disabled():
        assert Organisation.objects.filter(name__startswith="Wachstum").count() == 125
    # And the declaration page.
    cache.clear()
    selectors._recent.clear()
    versioned.forget()
    with CaptureQueriesContext(connection) as queries:
        client.get("/mannheim/erklaerungen/mannheimer-erklaerung/")
    assert len(queries) <= 5


def test_an_unknown_alliance_is_a_404() -> None:
    assert Client().get("/mannheim/buendnisse/unbekannt/").status_code == 404
