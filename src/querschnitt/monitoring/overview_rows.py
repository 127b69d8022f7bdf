"""The monitoring overview's topics and district links written out in Python (see
core/rows.py), exactly as the `{% for %}` loops of `monitoring/includes/overview_content.html`
wrote them; `tests/test_overview_rows.py` renders both with arbitrary text in every language.
The overview is rendered afresh on the first request after every change of the municipality's
data, and its sixteen cards through the template engine were most of that. The template's
own sentences are printed as `{% translate %}` prints them: not escaped (they are ours). The
whole content around them and its menu are written likewise (`overview_markup`, `nav_markup`;
the templates stay the reference of the tests and of the other pages' menus)."""

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse
from querschnitt.core.rows import shown
from querschnitt.core.start_page import looked_up_once, remembered_rows
from querschnitt.core.translation import translate
from querschnitt.monitoring.selectors import Cell


def cell_markup(cell: Cell, unit: str, explanations: dict[str, str] | None = None) -> str:
    """monitoring/includes/cell.html (with its closing line break); `explanations`:
    `symbol_explanations()` where the caller has them for many cells."""
    if cell.symbol:
        explained = cell.explanation if explanations is None else explanations.get(cell.symbol, "")
        return (
            f'<span aria-hidden="true">{shown(cell.text)}</span>'
            f'<span class="kern-sr-only">{shown(explained)}</span>\n'
        )
    return shown(cell.text) + (f"&#8239;{shown(unit)}" if unit else "") + "\n"


def _card(item: dict[str, Any], municipality: Municipality) -> str:
    indicator = item["indicator"]
    name = translate(indicator.name)
    url = municipality_reverse(municipality, "monitoring:indicator", key=indicator.key)
    if item["value"]:
        year = _("Whole municipality, %(year)s") % {"year": shown(item["year"])}
        series = f" · {shown(item['series'])}" if item["series"] else ""
        shown_value = (
            '\n              <p class="qs-indicator-card__value">'
            f"{cell_markup(item['value'], indicator.unit_symbol)}</p>\n"
            f'              <p class="kern-body kern-body--small">{year}{series}</p>\n            '
        )
    else:
        text = (
            _("Broken down into categories: see the indicator's page.")
            if indicator.breakdown
            else _("No value yet.")
        )
        shown_value = (
            f'\n              <p class="kern-body kern-body--small">{text}</p>\n            '
        )
    return (
        '\n          <li class="qs-indicator-card">\n            \n'
        '              <h3 class="kern-heading-small"><a class="kern-link" '
        f'href="{shown(url)}" lang="{shown(name.language)}" dir="{shown(name.direction)}">'
        f"{shown(name.text)}</a></h3>\n            \n            "
        f"{shown_value}\n          </li>\n        "
    )


def _card_key(item: dict[str, Any]) -> tuple[Any, ...]:
    """Everything a card shows."""
    indicator, value = item["indicator"], item["value"]
    shown_value = (value.symbol, value.text, item["year"], item["series"]) if value else None
    return (
        indicator.key,
        tuple((indicator.name or {}).items()),
        indicator.unit_symbol,
        bool(indicator.breakdown),
        shown_value,
    )


def topics_markup(topics: Iterable[dict[str, Any]], *, municipality: Municipality) -> SafeString:
    """The overview's sections: one per topic, a card per indicator (`selectors.overview`).
    Each card is remembered under what it shows (`remembered_rows`): after a change of the
    municipality's data the overview is written afresh, but its cards are mostly the same."""
    parts = []
    with looked_up_once():
        for topic in topics:
            key = shown(topic["key"])
            cards = remembered_rows(municipality, topic["items"], _card_key, _card)
            parts.append(
                f'\n    <section aria-labelledby="topic-{key}">\n'
                f'      <h2 class="kern-heading-medium" id="topic-{key}">'
                f"{shown(topic['label'])}</h2>\n"
                f'      <ul class="qs-indicator-list">\n        {cards}\n      </ul>\n'
                "    </section>\n  "
            )
    if not parts:
        text = _("No indicators are published yet.")
        parts.append(f'\n    <p class="kern-body">{text}</p>\n  ')
    return mark_safe("".join(parts))


def _area_link(area: Any, municipality: Municipality) -> str:
    url = municipality_reverse(municipality, "monitoring:area", code=area.code)
    return (
        f'<li><a class="kern-link" href="{shown(url)}" lang="de" dir="ltr">'
        f"{shown(area.name)}</a></li>"
    )


def area_links_markup(areas: Iterable[Any], *, municipality: Municipality) -> SafeString:
    """The overview's links to the districts (`page_reads.area_links`), each remembered under
    its code and name."""
    with looked_up_once():
        return remembered_rows(municipality, areas, _area_key, _area_link)


def _area_key(area: Any) -> tuple[str, str]:
    return (area.code, area.name)


def nav_markup(municipality: Municipality, current: str) -> str:
    """monitoring/includes/nav.html."""
    links = (
        ("overview", _("All indicators")),
        ("areas", _("Districts")),
        ("segregation", _("Segregation")),
        ("method", _("Definitions and method")),
        ("reports", _("Integration reports")),
    )
    here = ' aria-current="page"'
    items = "".join(
        '    <li><a class="kern-link" href="'
        f'{shown(municipality_reverse(municipality, f"monitoring:{name}"))}"'
        f"{here if name == current else ''}>{label}</a></li>\n"
        for name, label in links
    )
    return (
        f'<nav class="qs-subnav" aria-label="{_("Integration monitoring")}">\n'
        f'  <ul class="qs-inline-list">\n{items}  </ul>\n</nav>\n'
    )


def overview_markup(
    municipality: Municipality, *, topics_markup: str, areas: list[Any], areas_markup: str
) -> SafeString:
    """monitoring/includes/overview_content.html over `views.public.overview_context`."""
    intro = _(
        "Figures on living together in %(name)s: who lives here, citizenship and "
        "naturalisation, childcare, school and work – for the whole municipality and its "
        "districts, over the years."
    ) % {"name": shown(municipality.name)}
    districts = (
        '\n    <section aria-labelledby="districts-heading">\n'
        f'      <h2 class="kern-heading-medium" id="districts-heading">{_("Districts")}</h2>\n'
        f'      <ul class="qs-inline-list">\n        {areas_markup}\n      </ul>\n'
        "    </section>\n  "
        if areas
        else ""
    )
    turtle = shown(municipality_reverse(municipality, "monitoring:catalog_ttl"))
    json_ld = shown(municipality_reverse(municipality, "monitoring:catalog_jsonld"))
    open_data = _(
        "Every table can be downloaded as CSV or XLSX from the indicator's page. The catalogue "
        "of all tables follows DCAT-AP.de:"
    )
    return mark_safe(
        f'\n  <h1 class="kern-heading-large">{_("Integration monitoring")}</h1>\n'
        f'  <p class="kern-body kern-body--large">{intro}</p>\n'
        f"  {nav_markup(municipality, 'overview')}\n"
        f"  {topics_markup}\n"
        f"  {districts}\n"
        '  <section aria-labelledby="open-data-heading">\n'
        f'    <h2 class="kern-heading-medium" id="open-data-heading">{_("Open data")}</h2>\n'
        f'    <p class="kern-body">{open_data}\n'
        f'      <a class="kern-link" href="{turtle}">Turtle</a>, '
        f'<a class="kern-link" href="{json_ld}">JSON-LD</a>.</p>\n'
        "  </section>\n"
    )
