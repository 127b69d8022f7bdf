"""The network's section of the public start page.

Its alliances are read by plain SQL (`alliance_rows`: what the section shows of each, with
its declaration's address; building the ORM's query cost more than the database's answer)
and written in Python (`start_rows`, exactly as the `{% for %}` loop of
`network/start_section.html` wrote them; `portal/tests/test_start_sections.py` compares
both): the section is rendered afresh on the first request after every change of the
municipality's data, its rows mostly the same (`start_rows`, each remembered)."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import RawRows, column, converted, raw_rows
from querschnitt.core.start_page import address, remembered_rows
from querschnitt.core.translation import translate
from querschnitt.core.versioned import remembered
from querschnitt.network.models import Alliance, Declaration


@dataclass(frozen=True)
class AllianceLink:
    """What the section shows of an alliance."""

    name: dict[str, str]
    slug: str
    declaration_slug: str


ALLIANCE_LINKS_SQL = """
SELECT a."name", a."slug", d."slug" FROM "network_alliance" a
JOIN "network_declaration" d ON d."id" = a."declaration_id"
WHERE a."municipality_id" = %s ORDER BY a."id"
"""


def alliance_rows(municipality: Municipality) -> RawRows:
    """The municipality's alliances by id, as `Alliance.objects.filter(municipality=…)
    .select_related("declaration")` gives them, as the database gives the section's columns
    (`links_of` converts them)."""
    return raw_rows(ALLIANCE_LINKS_SQL, [municipality.pk], Alliance)


def links_of(rows: RawRows) -> list[AllianceLink]:
    fields = (column(Alliance, "name"), column(Alliance, "slug"), column(Declaration, "slug"))
    return [AllianceLink(*row) for row in converted(rows, fields)]


def _alliance_row(alliance: AllianceLink, municipality: Municipality) -> str:
    name = translate(alliance.name)
    page = address(municipality, "network:alliance", slug=alliance.slug)
    declaration = address(municipality, "network:declaration", slug=alliance.declaration_slug)
    return (
        f'\n      \n        <li><a class="kern-link" href="{shown(page)}" '
        f'lang="{shown(name.language)}" dir="{shown(name.direction)}">{shown(name.text)}</a></li>'
        f'\n      \n      <li><a class="kern-link" href="{shown(declaration)}">'
        f"{_('Sign the declaration')}</a></li>\n    "
    )


def _alliance_key(alliance: AllianceLink) -> tuple[Any, ...]:
    return (tuple(alliance.name.items()), alliance.slug, alliance.declaration_slug)


def start_rows(alliances: Iterable[AllianceLink], *, municipality: Municipality) -> SafeString:
    """The alliances' rows, each remembered (`start_page.remembered_rows`)."""
    return remembered_rows(municipality, alliances, _alliance_key, _alliance_row)


def drawn_alliances(municipality: Municipality) -> RawRows:
    """The alliances' rows as the database gives them, remembered per content version
    (`core.versioned`): the section's markup is remembered under them
    (`start_page.drawn_markup`)."""
    return remembered(municipality, "network:start", lambda: alliance_rows(municipality))


def start_section(municipality: Municipality, drawn: RawRows) -> dict[str, Any]:
    """The alliances of `drawn_alliances`."""
    alliances = links_of(drawn)
    return {
        "alliances": alliances,
        "rows": partial(start_rows, alliances, municipality=municipality),
    }


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    """`network/start_section.html`."""
    directory = shown(address(municipality, "network:directory"))
    request = shown(address(municipality, "network:entry_request"))
    return (
        '<section aria-labelledby="network">\n'
        f'  <h2 class="kern-heading-medium" id="network">{_("The network")}</h2>\n'
        '  <ul class="kern-list">\n'
        f'    <li><a class="kern-link" href="{directory}">'
        f"{_('Organisations and initiatives')}</a></li>\n"
        f"    {section['rows']()}\n"
        f'    <li><a class="kern-link" href="{request}">'
        f"{_('Request an entry for your organisation')}</a></li>\n"
        "  </ul>\n</section>\n"
    )
