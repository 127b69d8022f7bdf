"""The rows of the public lists written out in Python give exactly what their templates gave,
for any text, in every language, for every variant of a row (and for an empty list)."""

import datetime
import zoneinfo
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation
from django_scopes import scope
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.network.models import District, Organisation, Signature
from querschnitt.network.public_rows import (
    alliance_rows,
    directory_row_writer,
    remembered_directory_rows,
)
from querschnitt.network.selectors.directory import (
    DirectoryFilters,
    directory_page,
    directory_search,
)
from querschnitt.network.selectors.directory_sql import ListedOrganisation
from querschnitt.network.tests.test_directory_fixtures import (
    make_district,
    make_organisation,
    make_town,
)

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
# any text, with what escaping and bidi isolation are about drawn often
text = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"' \u202e\u202b\u2066\u2069\u200f"),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=12,
)
ids = st.integers(1, 10**9)
coordinates = st.one_of(
    st.none(),
    st.decimals(-180, 180, places=6, allow_nan=False),
    st.floats(-180, 180),  # SQLite gives a float (or an int) for a decimal column
    st.integers(-180, 180),
)
moments = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.sampled_from([datetime.UTC, zoneinfo.ZoneInfo("Europe/Berlin")]),
)
kinds = st.sampled_from([*Organisation.Kind.values, "", "unknown"])

# The loops the functions replace, as they stood in the templates.
DIRECTORY_LOOP = """{% load i18n querschnitt %}{% for organisation in page.items %}
      <li class="kern-card qs-org"{% if organisation.latitude is not None and organisation.longitude is not None %} data-map-marker data-lat="{{ organisation.latitude|stringformat:'f' }}" data-lon="{{ organisation.longitude|stringformat:'f' }}" data-name="{{ organisation.name }}" data-url="{% murl 'network:organisation_detail' pk=organisation.pk %}"{% endif %}>
        <div class="kern-card__container">
          <div class="kern-card__header qs-org__header">
            {% if organisation.logo_url %}<img class="qs-org__logo" src="{{ organisation.logo_url }}" alt="" width="48" height="48" loading="lazy">{% endif %}
            <h3 class="kern-title"><a class="kern-link" href="{% murl 'network:organisation_detail' pk=organisation.pk %}"><bdi lang="de">{{ organisation.name }}</bdi></a></h3>
          </div>
          <div class="kern-card__body">
            <p class="kern-body">{{ organisation.get_kind_display }}{% if organisation.district %} · <bdi lang="de">{{ organisation.district.name }}</bdi>{% endif %}</p>
            {% with topics=organisation.topic_names %}{% if topics %}
              <p class="kern-body kern-body--small"><span class="qs-org__label">{% translate "Topics" %}:</span> {{ topics|join:", " }}</p>
            {% endif %}{% endwith %}
            {% with languages=organisation.language_names %}{% if languages %}
              <p class="kern-body kern-body--small"><span class="qs-org__label">{% translate "Languages spoken" %}:</span> {{ languages|join:", " }}</p>
            {% endif %}{% endwith %}
            {% if organisation.wheelchair_accessible %}<p class="kern-body kern-body--small"><span class="kern-badge kern-badge--info"><span class="kern-label">{% translate "Step-free access" %}</span></span></p>{% endif %}
          </div>
        </div>
      </li>
    {% endfor %}"""  # noqa: E501
ALLIANCE_LOOP = """{% load i18n querschnitt %}{% for member in object_list %}
            <tr class="kern-table__row">
              <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'network:organisation_detail' pk=member.organisation.pk %}"><bdi lang="de">{{ member.organisation.name }}</bdi></a></th>
              <td class="kern-table__cell">{{ member.organisation.get_kind_display }}</td>
              <td class="kern-table__cell"><bdi lang="de">{{ member.organisation.district.name|default:"–" }}</bdi></td>
              <td class="kern-table__cell"><time datetime="{{ member.decided_at|date:'Y-m-d' }}">{{ member.decided_at|date:"DATE_FORMAT" }}</time></td>
            </tr>
          {% empty %}
            <tr class="kern-table__row"><td class="kern-table__cell" colspan="4">{% translate "No members match." %}</td></tr>
          {% endfor %}"""  # noqa: E501


def directory_rows(organisations, *, municipality: Municipality) -> str:
    """The page's rows written afresh, nothing remembered."""
    write = directory_row_writer(municipality)
    return "".join(write(organisation) for organisation in organisations)


def templated(loop: str, **context: object) -> str:
    return Template(loop).render(Context({"municipality": MUNICIPALITY, **context}))


def listed(pk, name, kind, district, lat, lon, step_free, logo, topics, languages):
    """A row as `directory_page` gives it, and the instance the template was given."""
    row = ListedOrganisation(
        pk=pk,
        name=name,
        kind=kind,
        district_name=district,
        latitude=lat,
        longitude=lon,
        wheelchair_accessible=step_free,
        logo="",
        topic_names=topics,
        language_names=languages,
        logo_url=logo,
    )
    organisation = Organisation(
        pk=pk,
        name=name,
        kind=kind,
        latitude=lat,
        longitude=lon,
        wheelchair_accessible=step_free,
        district=None if district is None else District(pk=1, name=district),
    )
    organisation.logo_url = logo  # type: ignore[attr-defined]
    organisation.topic_names = topics  # type: ignore[attr-defined]
    organisation.language_names = languages  # type: ignore[attr-defined]
    return row, organisation


@settings(max_examples=200, deadline=None)
@given(
    organisations=st.lists(
        st.builds(
            listed,
            ids,
            text,
            kinds,
            st.one_of(st.none(), st.just(""), text),
            coordinates,
            coordinates,
            st.sampled_from([None, True, False]),
            st.one_of(st.none(), st.just(""), text),
            st.lists(text, max_size=3),
            st.lists(text, max_size=3),
        ),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_directory_rows_are_the_template_rows(organisations, language) -> None:
    rows = [row for row, _instance in organisations]
    instances = [instance for _row, instance in organisations]
    with translation.override(language):
        assert directory_rows(rows, municipality=MUNICIPALITY) == templated(
            DIRECTORY_LOOP, page={"items": instances}
        )


def member(pk, name, kind, district, decided_at) -> dict[str, Any]:
    """A member as `alliance_members_listed(…).values(*MEMBER_FIELDS)` reads it."""
    return {
        "decided_at": decided_at,
        "organisation_id": pk,
        "organisation__name": name,
        "organisation__kind": kind,
        "organisation__district__name": district,
    }


def as_signature(row: dict[str, Any]) -> Signature:
    """The same member as the instance the template was given."""
    district = row["organisation__district__name"]
    signature = Signature(decided_at=row["decided_at"])
    signature.organisation = Organisation(
        pk=row["organisation_id"],
        name=row["organisation__name"],
        kind=row["organisation__kind"],
        district=None if district is None else District(pk=1, name=district),
    )
    return signature


@settings(max_examples=200, deadline=None)
@given(
    members=st.lists(
        st.builds(member, ids, text, kinds, st.one_of(st.none(), st.just(""), text), moments),
        max_size=4,
    ),
    language=st.sampled_from(LANGUAGES),
)
def test_alliance_rows_are_the_template_rows(members, language) -> None:
    with translation.override(language):
        expected = templated(ALLIANCE_LOOP, object_list=[as_signature(row) for row in members])
        assert alliance_rows(members, municipality=MUNICIPALITY) == expected
        assert alliance_rows(members, municipality=MUNICIPALITY) == expected  # remembered


SEARCHES = [
    DirectoryFilters(),
    DirectoryFilters(query="chor"),
    DirectoryFilters(topics=("culture",)),
    DirectoryFilters(languages=("ar",), wheelchair_accessible=True),
]


@pytest.mark.django_db
def test_remembered_directory_rows_are_the_rows_read_with_details() -> None:
    town, other = make_town(), make_town("nachbarstadt", "09999002")
    district = make_district(town, "Lindenhof")
    for number in range(3):
        make_organisation(
            town,
            f"Chor <{number}> & Nationen",
            topics=("culture", "youth"),
            languages=("ar", "tr"),
            district=district,
            latitude="49.480000",
            longitude="8.460000",
            wheelchair_accessible=True,
            logo=f"pruefstadt/logos/{number}/logo.png",
        )
        make_organisation(town, f"Chor ohne alles {number}")
        make_organisation(other, f"Chor Nachbarstadt {number}", topics=("culture",))
    for language in ("de", "en", "ar"):
        with translation.override(language), scope(municipality=town):
            for filters in SEARCHES:
                after = ""
                while True:
                    search = directory_search(municipality=town, filters=filters)
                    _search, expected = directory_page(search, after=after, size=2)
                    for _ in range(2):  # read, then remembered
                        search = directory_search(municipality=town, filters=filters)
                        _search, page = directory_page(search, after=after, size=2, details=False)
                        assert [item.pk for item in page.items] == [
                            item.pk for item in expected.items
                        ]
                        assert remembered_directory_rows(
                            page.items, municipality=town
                        ) == directory_rows(expected.items, municipality=town)
                    if not expected.next_cursor:
                        break
                    after = expected.next_cursor
