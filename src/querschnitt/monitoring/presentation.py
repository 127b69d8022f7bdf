"""How an indicator is shown: the choice of year, series and category, its charts and tables.

Used by the public page and by the report, so both show the same numbers the same way.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from querschnitt.core.forms import FilterForm
from querschnitt.monitoring import charts, page_reads
from querschnitt.monitoring.selectors import Cell, IndicatorData


@dataclass(frozen=True)
class Selection:
    year: int | None
    series: str
    category: str


class SelectionForm(FilterForm):
    """The year, series and category an indicator page shows; a choice left out falls back
    to its default (the latest year, the first series and category), and one that is none
    is named in the error summary while the default is shown."""

    jahr = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    reihe = forms.ChoiceField(label=gettext_lazy("Group"), required=False)
    kategorie = forms.ChoiceField(label=gettext_lazy("Category"), required=False)

    def __init__(self, *args: Any, data: IndicatorData, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_data = data
        self.fields["jahr"].choices = [  # type: ignore[attr-defined]
            (year, str(year)) for year in reversed(data.years)
        ]
        self.fields["reihe"].choices = [  # type: ignore[attr-defined]
            (key, label or "–") for key, label in data.series
        ]
        self.fields["kategorie"].choices = data.categories  # type: ignore[attr-defined]
        if len(data.series) < 2:
            del self.fields["reihe"]
        if not data.categories:
            del self.fields["kategorie"]
        if data.latest is not None:
            self.fields["jahr"].initial = data.latest

    def selection(self) -> Selection:
        data = self.indicator_data
        chosen = {}
        if self.is_bound:
            self.is_valid()
            # each valid choice counts, an invalid one falls back to its default
            chosen = {name: value for name, value in self.cleaned_data.items() if value}
        return Selection(
            year=chosen.get("jahr") or data.latest,
            series=chosen.get("reihe") or (data.series[0][0] if data.series else ""),
            category=chosen.get("kategorie") or (data.categories[0][0] if data.categories else ""),
        )

    @property
    def has_choices(self) -> bool:
        return len(self.fields) > 1 or len(self.indicator_data.years) > 1


class IndicatorPage:
    """The charts and tables of one indicator for a selection."""

    def __init__(self, data: IndicatorData, selection: Selection, ident: str = "") -> None:
        self.data = data
        self.selection = selection
        self.indicator = data.indicator
        self.ident = ident or self.indicator.key
        self.unit = self.indicator.get_unit_display()
        self.decimals = self.indicator.decimals

    @cached_property
    def series_label(self) -> str:
        return dict(self.data.series).get(self.selection.series, "")

    @cached_property
    def category_label(self) -> str:
        return dict(self.data.categories).get(self.selection.category, "")

    @cached_property
    def subject(self) -> str:
        """What the district comparison shows: the chosen group and category."""
        return ", ".join(p for p in (self.category_label, self.series_label) if p)

    # Time series for the whole municipality

    @cached_property
    def city_rows(self) -> list[dict[str, Any]]:
        category, language = self.selection.category, get_language()
        return [
            {
                "year": year,
                "cells": [
                    self.data.get(year, None, key, category, language)
                    for key, _label in self.data.series
                ],
            }
            for year in self.data.years
        ]

    @cached_property
    def time_series(self) -> Any:
        if len(self.data.years) < 2:
            return None
        lines = []
        for index, (_key, label) in enumerate(self.data.series):
            points = [
                charts.Point(str(row["year"]), row["cells"][index].value, row["cells"][index].text)
                for row in self.city_rows
            ]
            lines.append(charts.Series(label, points))
        title = _("%(name)s over the years") % {"name": self.indicator.title.text}
        if self.category_label:
            title += f" ({self.category_label})"
        return charts.line_chart(
            f"{self.ident}-time", title, lines, unit=self.unit, decimals=self.decimals
        )

    # Breakdown of the whole municipality in the chosen year

    @cached_property
    def breakdown_rows(self) -> list[dict[str, Any]]:
        year = self.selection.year
        if not self.data.categories or year is None:
            return []
        language = get_language()
        return [
            {
                "label": label,
                "cells": [
                    self.data.get(year, None, key, code, language) for key, _l in self.data.series
                ],
            }
            for code, label in self.data.categories
        ]

    @cached_property
    def breakdown_chart(self) -> Any:
        if not self.breakdown_rows:
            return None
        lines = [
            charts.Series(
                label,
                [
                    charts.Point(row["label"], row["cells"][i].value, row["cells"][i].text)
                    for row in self.breakdown_rows
                ],
            )
            for i, (_key, label) in enumerate(self.data.series)
        ]
        title = _("%(name)s, %(year)s") % {
            "name": self.indicator.title.text,
            "year": self.selection.year,
        }
        categories = [row["label"] for row in self.breakdown_rows]
        return charts.grouped_bars(
            f"{self.ident}-breakdown",
            title,
            categories,
            lines,
            unit=self.unit,
            decimals=self.decimals,
        )

    # Districts in the chosen year

    @cached_property
    def district_rows(self) -> list[dict[str, Any]]:
        year = self.selection.year
        if year is None or not self.data.has_districts:
            return []
        series, category, language = self.selection.series, self.selection.category, get_language()
        rows = [
            {"area": area, "cell": self.data.get(year, area, series, category, language)}
            for area in self.data.areas
        ]
        return sorted(rows, key=lambda row: (row["cell"].value is None, -(row["cell"].value or 0)))

    @cached_property
    def city_cell(self) -> Cell | None:
        if self.selection.year is None:
            return None
        return self.data.get(
            self.selection.year, None, self.selection.series, self.selection.category
        )

    @cached_property
    def district_chart(self) -> Any:
        if not self.district_rows:
            return None
        bars = [
            charts.Bar(row["area"].name, row["cell"].value, row["cell"].text)
            for row in self.district_rows
        ]
        # a rate of the whole municipality compares with the districts' rates; a count does not
        if self.city_cell is not None and self.indicator.denominator_id is not None:
            bars.append(
                charts.Bar(_("whole municipality"), self.city_cell.value, self.city_cell.text, True)
            )
        title = _("%(name)s by district, %(year)s") % {
            "name": self.indicator.title.text,
            "year": self.selection.year,
        }
        if self.subject:
            title += f" ({self.subject})"
        return charts.bar_chart(
            f"{self.ident}-districts", title, bars, unit=self.unit, decimals=self.decimals
        )

    @cached_property
    def district_map(self) -> Any:
        rows = self.district_rows
        if not rows or not all(row["area"].boundary for row in rows):
            return None
        areas = [
            charts.MapArea(
                row["area"].code,
                row["area"].name,
                row["area"].boundary,
                row["cell"].value,
                row["cell"].text,
                page_reads.boundary_text(row["area"]),
            )
            for row in rows
        ]
        title = _("Map: %(name)s by district, %(year)s") % {
            "name": self.indicator.title.text,
            "year": self.selection.year,
        }
        return charts.choropleth(
            f"{self.ident}-map", title, areas, unit=self.unit, decimals=self.decimals
        )

    @cached_property
    def sources(self) -> list[Any]:
        figures = [self.indicator.numerator]
        if self.indicator.denominator is not None and self.indicator.denominator != figures[0]:
            figures.append(self.indicator.denominator)
        return figures
