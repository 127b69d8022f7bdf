"""Segregation of groups across the districts: the index of dissimilarity over the years.

D = ½ · Σ |gᵢ/G − rᵢ/R| over the districts i, where gᵢ is the group in district i, rᵢ everyone
else there, and G, R their totals: the share of the group that would have to move for it to
be spread like everyone else (0: evenly spread; 1: fully apart). Computed from published
counts only; a year with a hidden district count shows no value.
"""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from querschnitt.core.models import Municipality
from querschnitt.monitoring.dimensions import NATIONALITY_NAMES
from querschnitt.monitoring.indicators import DefinitionError, Published, sums_by_area
from querschnitt.monitoring.models import Figure, FigureTable

FIELDS = ("figure_id", "year", "dims", "categories", "labels", "shown", "symbols")


@dataclass(frozen=True)
class Segregation:
    key: str
    label: str
    values: dict[int, float | None]


def dissimilarity(group: np.ndarray, rest: np.ndarray) -> float | None:
    if np.isnan(group).any() or np.isnan(rest).any() or group.sum() <= 0 or rest.sum() <= 0:
        return None
    return float(0.5 * np.abs(group / group.sum() - rest / rest.sum()).sum())


def segregation(*, municipality: Municipality) -> list[Segregation]:
    """The index for foreign nationals, people with a migration background and the three
    largest nationalities, each against everyone else; two queries."""
    figures = dict(
        Figure.objects.filter(
            municipality=municipality, key__in=["population", "foreign_nationality"]
        ).values_list("key", "id")
    )
    tables: dict[int, dict[int, Published]] = {}
    for table in FigureTable.objects.filter(
        municipality=municipality, figure__in=list(figures.values())
    ).only(*FIELDS):
        tables.setdefault(table.figure_id, {})[table.year] = Published.from_table(table)
    population = tables.get(figures.get("population", -1), {})
    nationality = tables.get(figures.get("foreign_nationality", -1), {})
    if not population:
        return []
    found = []
    groups = [
        ("foreign", _("Foreign nationals"), {"migration": ["foreign"]}),
        ("mh", _("People with a migration background"), {"migration": ["mh"]}),
    ]
    for key, label, filters in groups:
        values = {}
        for year, table in sorted(population.items()):
            try:
                group, _zero = sums_by_area(table, filters)
                total, _zero = sums_by_area(table, {})
            except DefinitionError:
                continue
            values[year] = dissimilarity(group[:-1], total[:-1] - group[:-1])
        found.append(Segregation(key, label, values))
    if nationality:
        latest = nationality[max(nationality)]
        axis = latest.axis("nationality")
        largest = []
        if axis is not None:
            city = latest.shown[(-1, slice(0, len(latest.categories[axis])))]
            order = np.argsort(-np.nan_to_num(city, nan=-1))
            largest = [
                latest.categories[axis][i]
                for i in order[:3]
                if latest.categories[axis][i] not in ("EU_OTHER", "OTHER")
            ]
        for code in largest:
            values = {}
            for year, table in sorted(nationality.items()):
                if year not in population:
                    continue
                try:
                    group, _zero = sums_by_area(table, {"nationality": [code]})
                    total, _zero = sums_by_area(population[year], {})
                except DefinitionError:
                    continue
                if len(group) != len(total):
                    continue
                values[year] = dissimilarity(group[:-1], total[:-1] - group[:-1])
            label = _("Nationality: %(country)s") % {"country": NATIONALITY_NAMES.get(code, code)}
            found.append(Segregation(f"nationality-{code}", label, values))
    return found
