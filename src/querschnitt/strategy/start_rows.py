"""The cards of the fields of action on the public start page written out in Python, exactly
as the `{% for %}` loop of `strategy/start_section.html` wrote them
(`portal/tests/test_start_sections.py` renders both with arbitrary text in every language):
the section is rendered afresh on the first request after every change of the municipality's
data."""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.rows import shown
from querschnitt.core.translation import translate
from querschnitt.strategy.models import FieldOfAction


def _card(field: FieldOfAction) -> str:
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


def field_cards(fields: Iterable[FieldOfAction]) -> SafeString:
    return mark_safe("".join(_card(field) for field in fields))


def section_markup(municipality: Municipality, section: dict[str, Any]) -> str:
    """`strategy/start_section.html`."""
    return (
        '<section aria-labelledby="fields-of-action">\n'
        f'  <h2 class="kern-heading-medium" id="fields-of-action">{_("Fields of action")}</h2>\n'
        f'  <ul class="qs-card-grid">\n    {section["cards"]()}\n  </ul>\n'
        "</section>\n"
    )
