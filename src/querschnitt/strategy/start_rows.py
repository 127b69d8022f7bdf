"""The cards of the fields of action on the public start page written out in Python, exactly
as the `{% for %}` loop of `strategy/start_section.html` wrote them
(`portal/tests/test_start_sections.py` renders both with arbitrary text in every language):
the section is rendered afresh on the first request after every change of the municipality's
data. What the cards show is read by plain SQL (`card_rows`: two columns as the database
gives them cost less than model instances, and the section's markup is remembered under them,
`start_page.drawn_markup`) and each card's markup is remembered
(`start_page.remembered_rows`)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.sql_rows import RawRows, column, converted, raw_rows
from querschnitt.core.start_page import remembered_rows
from querschnitt.core.translation import translate
from querschnitt.strategy.models import FieldOfAction


@dataclass(frozen=True)
class FieldCard:
    """What a card shows of a field of action."""

    name: dict[str, str]
    description: dict[str, str]


CARDS_SQL = """
SELECT "name", "description" FROM "strategy_fieldofaction"
WHERE "municipality_id" = %s ORDER BY "position", "id"
"""


def card_rows(municipality: Municipality) -> RawRows:
    """The municipality's fields of action as `selectors.fields_of_action` orders them, as the
    database gives the cards' columns (`cards_of` converts them)."""
    return raw_rows(CARDS_SQL, [municipality.pk], FieldOfAction)


def cards_of(rows: RawRows) -> list[FieldCard]:
    fields = (column(FieldOfAction, "name"), column(FieldOfAction, "description"))
    return [FieldCard(*row) for row in converted(rows, fields)]


def _card(field: FieldCard) -> str:
    name = translate(field.name)
    description = translate(field.description)
    body = (
        '<div class="kern-card__body"><p class="kern-body" '
        f'lang="{shown(description.language)}" dir="{shown(description.direction)}">'
        f"{shown(description.text)}</p></div>"
        if description
        else ""
    )
    return (
        '\n      \n        <li class="kern-card">\n          <div class="kern-card__container">\n'
        '            <div class="kern-card__header"><h3 class="kern-title" '
        f'lang="{shown(name.language)}" dir="{shown(name.direction)}">{shown(name.text)}</h3>'
        f"</div>\n            {body}\n          </div>\n        </li>\n      \n    "
    )


def _card_key(card: FieldCard) -> tuple[Any, ...]:
    return (tuple(card.name.items()), tuple(card.description.items()))


def _card_row(card: FieldCard, municipality: Municipality) -> str:
    return _card(card)


def start_card_rows(cards: Iterable[FieldCard], *, municipality: Municipality) -> SafeString:
    """The cards of the fields of action, each remembered."""
    return remembered_rows(municipality, cards, _card_key, _card_row)


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    """`strategy/start_section.html`."""
    return (
        '<section aria-labelledby="fields-of-action">\n'
        f'  <h2 class="kern-heading-medium" id="fields-of-action">{_("Fields of action")}</h2>\n'
        f'  <ul class="qs-card-grid">\n    {section["cards"]()}\n  </ul>\n'
        "</section>\n"
    )
