"""The rows of the network's public lists (directory, alliance), written out in Python.

Each function gives exactly what the `{% for %}` loop of its template gave (see
core/rows.py); `network/tests/test_public_rows.py` renders both with arbitrary text, in every
language, for every variant of a row and for an empty list.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core import versioned
from querschnitt.core.kept import Kept, around
from querschnitt.core.models import Municipality, choice_labels
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import date_shown, or_dash, shown
from querschnitt.network.models import Organisation
from querschnitt.network.selectors.directory import topics_and_languages, with_details
from querschnitt.network.selectors.directory_sql import ListedOrganisation


def organisation_address(municipality: Municipality) -> tuple[str, str]:
    """The escaped address of an organisation's page around its number: one reverse a list."""
    sample = shown(municipality_reverse(municipality, "network:organisation_detail", pk=0))
    prefix, suffix = sample.rsplit("/0/", 1)
    return f"{prefix}/", f"/{suffix}"


def fixed(value: Any) -> str:
    """`{{ value|stringformat:"f" }}` (a Decimal as a float with six places, as `%f` gives it)."""
    return "%f" % value  # noqa: UP031 - str.format would keep the Decimal's own digits


@lru_cache(maxsize=4096)
def joined(values: tuple[str, ...]) -> str:
    """`{{ values|join:", " }}` of names (the pages show the same few again and again)."""
    return ", ".join(shown(value) for value in values)


# A row of the directory is the same for every visitor while the municipality's public data
# (its content version: the row's topics and languages are read apart from it) and the values
# of the row are: `remembered_directory_rows` keeps it under those, the language and the address
# around the number.
_directory_rows: dict[tuple[Any, ...], str] = versioned.kept_elsewhere({})
# Below that, each row is kept by all it is drawn from (`core.kept`): its values, the codes of
# its topics and languages and `around`. The first request after a change elsewhere in the
# municipality's data reads the rows' topics and languages again, and writes only the rows
# that changed.
_drawn_rows: Kept[str] = Kept(4096)


def remembered_directory_rows(
    organisations: Sequence[ListedOrganisation], *, municipality: Municipality
) -> SafeString:
    """network/directory_results.html: the rows of a page read without details
    (`directory_page(details=False)`), each remembered:
    the topics and languages of the rows not remembered are read, in one query."""
    address = organisation_address(municipality)
    context = (municipality.pk, municipality.content_version, get_language(), address)
    values = [
        (
            row.pk,
            row.name,
            row.kind,
            row.district_name,
            row.latitude,
            row.longitude,
            row.wheelchair_accessible,
            row.logo,
        )
        for row in organisations
    ]
    keys = [(*context, *value) for value in values]
    rows = [_directory_rows.get(key) for key in keys]
    missing = [index for index, found in enumerate(rows) if found is None]
    if missing:
        codes = topics_and_languages(
            [organisations[index].pk for index in missing], municipality=municipality
        )
        drawn = (*around(municipality), address)
        writers: list[Callable[[ListedOrganisation], str]] = []

        def draw(row: ListedOrganisation) -> str:
            if not writers:
                writers.append(directory_row_writer(municipality))
            with_details([row], municipality=municipality, codes=codes)
            return writers[0](row)

        if len(_directory_rows) + len(missing) > REMEMBERED:
            _directory_rows.clear()
        for index in missing:
            row = organisations[index]
            topics, languages = codes[row.pk]
            rows[index] = _directory_rows[keys[index]] = _drawn_rows.get(
                (*drawn, *values[index], tuple(topics), tuple(languages)), partial(draw, row)
            )
    return mark_safe("".join(rows))  # type: ignore[arg-type]


def directory_row_writer(municipality: Municipality) -> Callable[[ListedOrganisation], str]:
    """What writes one row of the directory (the labels looked up once)."""
    before, after = organisation_address(municipality)
    kinds = choice_labels(Organisation._meta.get_field("kind"), get_language())
    topics_label = escape(_("Topics"))
    languages_label = escape(_("Languages spoken"))
    step_free = (
        '<p class="kern-body kern-body--small"><span class="kern-badge kern-badge--info">'
        f'<span class="kern-label">{escape(_("Step-free access"))}</span></span></p>'
    )

    def write(organisation: ListedOrganisation) -> str:
        url = f"{before}{organisation.pk}{after}"
        name = shown(organisation.name)
        marker = ""
        if organisation.latitude is not None and organisation.longitude is not None:
            marker = (
                f' data-map-marker data-lat="{fixed(organisation.latitude)}"'
                f' data-lon="{fixed(organisation.longitude)}" data-name="{name}"'
                f' data-url="{url}"'
            )
        logo = organisation.logo_url
        kind = shown(kinds.get(organisation.kind, organisation.kind))
        if organisation.district_name is not None:
            kind += f' · <bdi lang="de">{shown(organisation.district_name)}</bdi>'
        topics = organisation.topic_names
        languages = organisation.language_names
        return (
            f'\n      <li class="kern-card qs-org"{marker}>\n'
            '        <div class="kern-card__container">\n'
            '          <div class="kern-card__header qs-org__header">\n'
            "            "
            + (
                f'<img class="qs-org__logo" src="{shown(logo)}" alt="" width="48" height="48"'
                ' loading="lazy">'
                if logo
                else ""
            )
            + "\n"
            f'            <h3 class="kern-title"><a class="kern-link" href="{url}">'
            f'<bdi lang="de">{name}</bdi></a></h3>\n'
            "          </div>\n"
            '          <div class="kern-card__body">\n'
            f'            <p class="kern-body">{kind}</p>\n'
            "            "
            + (
                '\n              <p class="kern-body kern-body--small">'
                f'<span class="qs-org__label">{topics_label}:</span> {joined(tuple(topics))}</p>\n'
                "            "
                if topics
                else ""
            )
            + "\n            "
            + (
                '\n              <p class="kern-body kern-body--small">'
                f'<span class="qs-org__label">{languages_label}:</span> '
                f"{joined(tuple(languages))}</p>\n"
                "            "
                if languages
                else ""
            )
            + "\n            "
            + (step_free if organisation.wheelchair_accessible else "")
            + "\n          </div>\n        </div>\n      </li>\n    "
        )

    return write


@lru_cache(maxsize=4096)
def day_shown(day: datetime.date, language: str) -> tuple[str, str]:
    """`{{ moment|date:'Y-m-d' }}` and `{{ moment|date:"DATE_FORMAT" }}` of a moment on this
    local day, in the language: the same for every moment of the day, so asked once."""
    return date_shown(day, "Y-m-d"), date_shown(day, "DATE_FORMAT")


MEMBER_FIELDS = (
    "decided_at",
    "organisation_id",
    "organisation__name",
    "organisation__kind",
    "organisation__district__name",
)


# Each member's row is the same for every visitor while the values it is made of are: it is
# remembered under them (language, time zone, the address around the number and the row).
REMEMBERED = 4096
_alliance_rows: dict[tuple[Any, ...], str] = {}


def alliance_rows(members: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """network/declarations/alliance.html: `alliance_members_listed(…).values(*MEMBER_FIELDS)`."""
    around = organisation_address(municipality)
    language = get_language()
    zone = get_current_timezone()
    parts = []
    for member in members:
        key = (
            language,
            zone,
            around,
            member["organisation_id"],
            member["organisation__name"],
            member["organisation__kind"],
            member["organisation__district__name"],
            member["decided_at"],
        )
        row = _alliance_rows.get(key)
        if row is None:
            if len(_alliance_rows) >= REMEMBERED:
                _alliance_rows.clear()
            row = _alliance_rows[key] = _alliance_row(member, around, language)
        parts.append(row)
    if not parts:
        parts.append(
            '\n            <tr class="kern-table__row"><td class="kern-table__cell" colspan="4">'
            f"{escape(_('No members match.'))}</td></tr>\n          "
        )
    return mark_safe("".join(parts))


def _alliance_row(member: dict[str, Any], around: tuple[str, str], language: str) -> str:
    before, after = around
    kinds = choice_labels(Organisation._meta.get_field("kind"), language)
    kind = member["organisation__kind"]
    decided_at = member["decided_at"]
    iso, day = (
        day_shown(localtime(decided_at).date(), language) if decided_at is not None else ("", "")
    )
    return (
        '\n            <tr class="kern-table__row">\n'
        '              <th class="kern-table__cell" scope="row"><a class="kern-link" href="'
        f'{before}{member["organisation_id"]}{after}"><bdi lang="de">'
        f"{shown(member['organisation__name'])}</bdi></a></th>\n"
        f'              <td class="kern-table__cell">{shown(kinds.get(kind, kind))}</td>\n'
        '              <td class="kern-table__cell"><bdi lang="de">'
        f"{or_dash(member['organisation__district__name'])}</bdi></td>\n"
        '              <td class="kern-table__cell"><time datetime="'
        f'{iso}">{day}</time></td>\n            </tr>\n          '
    )
