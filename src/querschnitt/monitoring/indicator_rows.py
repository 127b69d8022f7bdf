"""The content of an indicator's page written out in Python (see core/rows.py), exactly as
`monitoring/includes/indicator_content.html` writes it: its tables as the template's
`{% for %}` loops wrote them (`tests/test_indicator_rows.py` renders both for arbitrary text in
every language), the whole content around them as the template does (`content_markup`,
`tests/test_indicator_content.py`: every published indicator of the demo, every state of the
selection form, every language). The page is rendered afresh on the first request after every
change of the municipality's data, and the template engine was most of that. The template's
own sentences are printed as `{% translate %}` prints them: not escaped (they are ours)."""

from collections.abc import Iterable
from typing import Any

from django.forms import BoundField, Select
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.core.routing import municipality_reverse, municipality_reverser
from querschnitt.core.rows import shown
from querschnitt.core.templatetags.querschnitt import translated_text
from querschnitt.core.translation import translate
from querschnitt.monitoring.models import Indicator
from querschnitt.monitoring.overview_rows import cell_markup
from querschnitt.monitoring.presentation import IndicatorPage, SelectionForm
from querschnitt.monitoring.selectors import Cell, IndicatorData, count_text, symbol_explanations


def _cell(cell: Cell | None, explanations: dict[str, str]) -> str:
    """`{{ cell|cell_markup }}` (templatetags/monitoring_cells.py: `overview_rows.cell_markup`
    without a unit), each symbol explained as in `explanations` (`symbol_explanations()`,
    translated once for the whole table instead of once a hidden cell)."""
    return "\n" if cell is None else cell_markup(cell, "", explanations)


def _cells(cells: Iterable[Cell | None], explanations: dict[str, str]) -> str:
    return "".join(
        f'<td class="kern-table__cell qs-number">{_cell(cell, explanations)}</td>' for cell in cells
    )


def city_rows(
    rows: Iterable[dict[str, Any]], explanations: dict[str, str] | None = None
) -> SafeString:
    """The whole municipality over the years (`IndicatorPage.city_rows`); `explanations`:
    `symbol_explanations()` where the caller has them."""
    explained = explanations or symbol_explanations()
    return mark_safe(
        "".join(
            '\n                <tr class="kern-table__row"><th class="kern-table__cell" '
            f'scope="row">{shown(row["year"])}</th>{_cells(row["cells"], explained)}</tr>\n'
            "              "
            for row in rows
        )
    )


def breakdown_rows(
    rows: Iterable[dict[str, Any]], explanations: dict[str, str] | None = None
) -> SafeString:
    """The whole municipality by category (`IndicatorPage.breakdown_rows`)."""
    explained = explanations or symbol_explanations()
    return mark_safe(
        "".join(
            '\n                  <tr class="kern-table__row"><th class="kern-table__cell" '
            f'scope="row">{shown(row["label"])}</th>{_cells(row["cells"], explained)}</tr>\n'
            "                "
            for row in rows
        )
    )


def _counts(cell: Cell, with_counts: bool, language: str | None) -> str:
    """`cell.numerator_text` and `cell.denominator_text`, in `language` (the active one)."""
    if not with_counts:
        return ""
    return (
        f'<td class="kern-table__cell qs-number">{shown(count_text(cell.numerator, language))}'
        "</td>"
        f'<td class="kern-table__cell qs-number">{shown(count_text(cell.denominator, language))}'
        "</td>"
    )


def district_rows(
    rows: Iterable[dict[str, Any]],
    city_cell: Cell | None,
    *,
    with_counts: bool,
    municipality: Municipality,
    explanations: dict[str, str] | None = None,
) -> SafeString:
    """The districts compared (`IndicatorPage.district_rows`), then the whole municipality;
    `with_counts` where the indicator has a denominator."""
    explained = explanations or symbol_explanations()
    parts = []
    language = get_language()
    area_url = municipality_reverser(municipality, "monitoring:area")
    for row in rows:
        area, cell = row["area"], row["cell"]
        url, value = area_url(code=area.code), _cell(cell, explained)
        parts.append(
            '\n                  <tr class="kern-table__row">\n'
            '                    <th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{shown(url)}" lang="de" dir="ltr">{shown(area.name)}</a></th>\n'
            f'                    <td class="kern-table__cell qs-number">{value}</td>\n'
            f"                    {_counts(cell, with_counts, language)}\n"
            "                  </tr>\n                "
        )
    city = ""
    if city_cell:
        city_value = _cell(city_cell, explained)
        city = (
            '\n                  <tr class="kern-table__row">\n'
            '                    <th class="kern-table__cell" scope="row">'
            f"{_('whole municipality')}</th>\n"
            f'                    <td class="kern-table__cell qs-number">{city_value}</td>\n'
            f"                    {_counts(city_cell, with_counts, language)}\n"
            "                  </tr>\n                "
        )
    return mark_safe("".join(parts) + "\n                " + city)


def tables(
    page: IndicatorPage, municipality: Municipality, symbols: dict[str, str] | None = None
) -> dict[str, SafeString]:
    """The rows of the page's three tables, for `monitoring/includes/indicator_content.html`;
    `symbols`: `symbol_explanations()` where the caller has them."""
    explained = symbols or symbol_explanations()
    return {
        "city_rows": city_rows(page.city_rows, explained),
        "breakdown_rows": breakdown_rows(page.breakdown_rows, explained),
        "district_rows": district_rows(
            page.district_rows,
            page.city_cell,
            with_counts=bool(page.indicator.denominator_id),
            municipality=municipality,
            explanations=explained,
        ),
    }


def _item(key: str, value: str) -> str:
    return (
        '<div class="kern-description-list-item"><dt class="kern-description-list-item__key">'
        f'{key}</dt><dd class="kern-description-list-item__value">{value}</dd></div>'
    )


def _sources(page: IndicatorPage) -> str:
    parts = []
    for figure in page.sources:
        name = translate(figure.name)
        parts.append(
            f'<span lang="de" dir="ltr">{shown(figure.source.name)}</span>: '
            f'<span lang="{shown(name.language)}" dir="{shown(name.direction)}">'
            f"{shown(name.text)}</span>"
        )
    return "; ".join(parts)


def _facts(indicator: Indicator, data: IndicatorData, page: IndicatorPage) -> str:
    """The description list under the heading."""
    code = (
        f"\n      {_item(_('Code in the Länder set'), shown(indicator.code))}\n    "
        if indicator.code
        else ""
    )
    definitions = "; ".join(shown(definition["name"]) for definition in data.definitions)
    return (
        '  <dl class="kern-description-list">\n'
        f"    {code}\n"
        f"    {_item(_('Unit'), shown(indicator.get_unit_display()))}\n"
        f"    {_item(_('Direction'), shown(indicator.get_direction_display()))}\n"
        f"    {_item(_('Definition of migration background'), definitions)}\n"
        f"    {_item(_('Source'), _sources(page))}\n"
        "  </dl>\n"
    )


def _field_group(field: BoundField) -> str:
    """`{{ field.as_field_group }}` (core/forms/field.html) of a select without a hint; any
    other field through its template."""
    optional = getattr(field.form, "marks_optional", True)
    if type(field.field.widget) is not Select or field.help_text or optional:
        return shown(field.as_field_group())
    errors = field.errors
    auto_id = shown(field.auto_id)
    shown_errors = "".join(
        f'<p class="kern-error" id="{auto_id}_error{f"_{number}" if number > 1 else ""}">'
        '<span class="kern-icon kern-icon--danger" aria-hidden="true"></span>'
        f'<span class="kern-body">{shown(error)}</span></p>'
        for number, error in enumerate(errors, 1)
    )
    return (
        f'<div class="kern-form-input{" kern-form-input--error" if errors else ""} qs-field">\n'
        f'    <label class="kern-label" for="{shown(field.id_for_label)}">{shown(field.label)}'
        "</label>\n    \n"
        f'    <div class="kern-form-input__select-wrapper">{shown(field)}</div>\n'
        f"    {shown_errors}\n\n  </div>"
    )


def _selection(form: SelectionForm, indicator: Indicator, municipality: Municipality) -> str:
    if not form.has_choices:
        return ""
    url = municipality_reverse(municipality, "monitoring:indicator", key=indicator.key)
    fields = "".join(_field_group(field) for field in form)
    return (
        f"\n      {shown(form.error_summary())}\n"
        f'      <form method="get" action="{shown(url)}" class="qs-selection" '
        f'aria-label="{_("Choose what is shown")}">\n'
        f"        {fields}\n"
        '        <button type="submit" class="kern-btn kern-btn--secondary">'
        f'<span class="kern-label">{_("Show")}</span></button>\n'
        "      </form>\n    "
    )


def _head(data: IndicatorData) -> str:
    value = _("Value")
    return "".join(
        f'<th class="kern-table__header qs-number" scope="col">{shown(label) if label else value}'
        "</th>"
        for _key, label in data.series
    )


def _time(indicator: Indicator, data: IndicatorData, page: IndicatorPage, rows: str) -> str:
    category = shown(page.category_label)
    chart = page.time_series
    figure = f'<figure class="qs-figure">{shown(chart)}</figure>' if chart else ""
    title = shown(indicator.title.text)
    unit = shown(indicator.get_unit_display())
    return (
        '    <section aria-labelledby="time-heading">\n'
        '      <h2 class="kern-heading-medium" id="time-heading">'
        f"{_('Whole municipality over the years')}{f': {category}' if category else ''}</h2>\n"
        '      <div class="qs-chart-and-table">\n'
        f"        {figure}\n"
        '        <div class="qs-table-scroll" role="region" tabindex="0" '
        'aria-labelledby="time-caption">\n'
        '          <table class="kern-table kern-table--small">\n'
        f'            <caption id="time-caption" class="kern-title">{title}'
        f"{f', {category}' if category else ''} ({unit})</caption>\n"
        '            <thead class="kern-table__head"><tr class="kern-table__row">'
        f'<th class="kern-table__header" scope="col">{_("Year")}</th>{_head(data)}</tr></thead>\n'
        '            <tbody class="kern-table__body">\n'
        f"              {rows}\n"
        "            </tbody>\n"
        "          </table>\n"
        "        </div>\n"
        "      </div>\n"
        "    </section>\n"
    )


def _breakdown(indicator: Indicator, data: IndicatorData, page: IndicatorPage, rows: str) -> str:
    if not page.breakdown_rows:
        return ""
    year = shown(page.selection.year)
    heading = _("Whole municipality by category, %(year)s") % {"year": year}
    return (
        '\n      <section aria-labelledby="breakdown-heading">\n'
        f'        <h2 class="kern-heading-medium" id="breakdown-heading">{heading}</h2>\n'
        '        <div class="qs-chart-and-table">\n'
        f'          <figure class="qs-figure">{shown(page.breakdown_chart)}</figure>\n'
        '          <div class="qs-table-scroll" role="region" tabindex="0" '
        'aria-labelledby="breakdown-caption">\n'
        '            <table class="kern-table kern-table--small">\n'
        '              <caption id="breakdown-caption" class="kern-title">'
        f"{shown(indicator.title.text)}, {year} ({shown(indicator.get_unit_display())})"
        "</caption>\n"
        '              <thead class="kern-table__head"><tr class="kern-table__row">'
        f'<th class="kern-table__header" scope="col">{_("Category")}</th>{_head(data)}'
        "</tr></thead>\n"
        '              <tbody class="kern-table__body">\n'
        f"                {rows}\n"
        "              </tbody>\n"
        "            </table>\n"
        "          </div>\n"
        "        </div>\n"
        "      </section>\n    "
    )


def _districts(indicator: Indicator, page: IndicatorPage, rows: str) -> str:
    if not page.district_rows:
        return ""
    year = shown(page.selection.year)
    subject = f": {shown(page.subject)}" if page.subject else ""
    heading = _("Districts compared, %(year)s") % {"year": year}
    caption = _("By district, %(year)s") % {"year": year}
    counts = (
        f'<th class="kern-table__header qs-number" scope="col">{_("Numerator")}</th>'
        f'<th class="kern-table__header qs-number" scope="col">{_("Denominator")}</th>'
        if indicator.denominator_id
        else ""
    )
    district_map = (
        '\n          <figure class="qs-figure">\n'
        '            <figcaption class="kern-body">'
        f"{_('Map of the districts (the table above gives the same values).')}</figcaption>\n"
        f"            {shown(page.district_map)}\n"
        "          </figure>\n        "
        if page.district_map
        else ""
    )
    return (
        '\n      <section aria-labelledby="districts-heading">\n'
        f'        <h2 class="kern-heading-medium" id="districts-heading">{heading}{subject}</h2>\n'
        '        <div class="qs-chart-and-table">\n'
        f'          <figure class="qs-figure">{shown(page.district_chart)}</figure>\n'
        '          <div class="qs-table-scroll" role="region" tabindex="0" '
        'aria-labelledby="districts-caption">\n'
        '            <table class="kern-table kern-table--small">\n'
        '              <caption id="districts-caption" class="kern-title">'
        f"{caption} ({shown(indicator.get_unit_display())})</caption>\n"
        '              <thead class="kern-table__head"><tr class="kern-table__row">\n'
        '                <th class="kern-table__header" scope="col">'
        f"{_('District')}</th>\n"
        '                <th class="kern-table__header qs-number" scope="col">'
        f"{_('Value')}</th>\n"
        f"                {counts}\n"
        "              </tr></thead>\n"
        '              <tbody class="kern-table__body">\n'
        f"                {rows}\n"
        "              </tbody>\n"
        "            </table>\n"
        "          </div>\n"
        "        </div>\n"
        f"        {district_map}\n"
        "      </section>\n    "
    )


def _symbols(symbols: dict[str, str]) -> str:
    """monitoring/includes/symbols.html."""
    explained = "; ".join(f"“{shown(symbol)}” {shown(text)}" for symbol, text in symbols.items())
    return f'<p class="kern-body kern-body--small qs-symbols">{_("Symbols:")} {explained}.</p>\n'


def _values(
    indicator: Indicator,
    data: IndicatorData,
    form: SelectionForm,
    page: IndicatorPage,
    symbols: dict[str, str],
    municipality: Municipality,
) -> str:
    if not data.years:
        return f'\n    <p class="kern-body">{_("There are no values yet.")}</p>\n  '
    rows = tables(page, municipality, symbols)
    return (
        f"\n    {_selection(form, indicator, municipality)}\n\n"
        f"{_time(indicator, data, page, rows['city_rows'])}\n"
        f"    {_breakdown(indicator, data, page, rows['breakdown_rows'])}\n\n"
        f"    {_districts(indicator, page, rows['district_rows'])}\n"
        f"    {_symbols(symbols)}\n  "
    )


def _download_url(municipality: Municipality, indicator: Indicator, fmt: str) -> str:
    return municipality_reverse(
        municipality, "monitoring:indicator_download", key=indicator.key, fmt=fmt
    )


def _method(indicator: Indicator, data: IndicatorData, municipality: Municipality) -> str:
    definitions = "".join(
        f"\n        {_item(shown(definition['name']), shown(definition['explanation']))}\n      "
        for definition in data.definitions
    )
    hidden = _(
        "Small counts are hidden before publication, and so are further counts from which "
        "they could be recomputed; rates on hidden counts are not shown."
    )
    method_url = shown(municipality_reverse(municipality, "monitoring:method"))
    downloads = "".join(
        f'      <li><a class="kern-link" '
        f'href="{shown(_download_url(municipality, indicator, fmt))}"'
        f" download>{text}</a></li>\n"
        for fmt, text in (("csv", _("All values as CSV")), ("xlsx", _("All values as XLSX")))
    )
    return (
        '  <section aria-labelledby="method-heading">\n'
        f'    <h2 class="kern-heading-medium" id="method-heading">{_("Method")}</h2>\n'
        f"    {translated_text(indicator.method)}\n"
        '    <h3 class="kern-heading-small">'
        f"{_('Definition of migration background')}</h3>\n"
        '    <dl class="kern-description-list">\n'
        f"      {definitions}\n"
        "    </dl>\n"
        f'    <p class="kern-body">{hidden} <a class="kern-link" href="{method_url}">'
        f"{_('More on the method')}</a></p>\n"
        "  </section>\n"
        '  <section aria-labelledby="downloads-heading">\n'
        f'    <h2 class="kern-heading-medium" id="downloads-heading">{_("Download")}</h2>\n'
        '    <ul class="kern-list">\n'
        f"{downloads}"
        "    </ul>\n"
        "  </section>\n"
    )


def content_markup(
    municipality: Municipality,
    *,
    indicator: Indicator,
    data: IndicatorData,
    form: SelectionForm,
    page: IndicatorPage,
    symbols: dict[str, str],
    nav: str,
) -> SafeString:
    """monitoring/includes/indicator_content.html over `views.public.IndicatorView`'s context."""
    name = translate(indicator.name)
    return mark_safe(
        f"\n  {nav}\n  \n"
        f'    <h1 class="kern-heading-large"><span lang="{shown(name.language)}" '
        f'dir="{shown(name.direction)}">{shown(name.text)}</span></h1>\n  \n'
        f"  {translated_text(indicator.description)}\n"
        f"{_facts(indicator, data, page)}"
        '  <section aria-labelledby="relevance-heading">\n'
        '    <h2 class="kern-heading-medium" id="relevance-heading">'
        f"{_('Why it matters')}</h2>\n"
        f"    {translated_text(indicator.relevance)}\n"
        "  </section>\n\n"
        f"  {_values(indicator, data, form, page, symbols, municipality)}\n\n"
        f"{_method(indicator, data, municipality)}"
    )
