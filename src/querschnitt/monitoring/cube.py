"""A table of counts with all its margins, as one dense array.

A figure is published as one table per reference date: area × its breakdown dimensions, with
every margin (each dimension has its categories and, last, their total). Everything else that
is published about the figure (an indicator's sums, a district's profile, a download) is
computed from the cells of this table, so protecting this one table protects all of them.

The array has one axis per dimension; index `len(categories)` on an axis is its total. The
first axis is always the area: its categories are the areas' codes, its total the whole
municipality (a figure counted only for the whole municipality has no area categories).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from querschnitt.monitoring.dimensions import TOTAL


@dataclass
class Cube:
    dims: list[str]
    categories: list[list[str]]
    values: np.ndarray  # int64, shape (len(categories[d]) + 1 for each d)

    @classmethod
    def from_interior(
        cls, dims: Sequence[str], categories: Sequence[Sequence[str]], interior: np.ndarray
    ) -> "Cube":
        """Add every margin to the innermost cells (shape: one entry per category)."""
        values = np.asarray(interior, dtype=np.int64)
        for axis in range(values.ndim):
            values = np.concatenate([values, values.sum(axis=axis, keepdims=True)], axis=axis)
        return cls(list(dims), [list(c) for c in categories], values)

    @classmethod
    def from_cells(
        cls,
        dims: Sequence[str],
        categories: Sequence[Sequence[str]],
        cells: Iterable[tuple[Sequence[str], int]],
    ) -> "Cube":
        """From (codes per dimension, count) of the innermost cells; missing cells are 0."""
        positions = [{code: index for index, code in enumerate(c)} for c in categories]
        interior = np.zeros([len(c) for c in categories], dtype=np.int64)
        for codes, count in cells:
            interior[tuple(positions[d][code] for d, code in enumerate(codes))] += count
        return cls.from_interior(dims, categories, interior)

    @classmethod
    def from_flat(
        cls, dims: Sequence[str], categories: Sequence[Sequence[str]], flat: Sequence[int]
    ) -> "Cube":
        shape = [len(c) + 1 for c in categories]
        return cls(list(dims), [list(c) for c in categories], np.asarray(flat).reshape(shape))

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.values.shape)

    def index(self, dim: str, code: str) -> int:
        axis = self.dims.index(dim)
        return len(self.categories[axis]) if code == TOTAL else self.categories[axis].index(code)

    def interior(self) -> np.ndarray:
        return self.values[tuple(slice(0, len(c)) for c in self.categories)]

    def margin(self, codes: Mapping[str, str]) -> np.ndarray:
        """Flat positions of the cells with the given codes (TOTAL for a total) on some
        dimensions, over every category and the total of the others (C order). ValueError for
        a dimension or category the table does not have."""
        if set(codes) - set(self.dims):
            raise ValueError(f"no dimension {set(codes) - set(self.dims)}")
        index = [
            np.array([self.index(dim, codes[dim])]) if dim in codes else np.arange(size)
            for dim, size in zip(self.dims, self.values.shape, strict=True)
        ]
        grid = np.meshgrid(*index, indexing="ij")
        return np.ravel_multi_index(tuple(grid), self.values.shape).reshape(-1)

    def free_dimensions(self, codes: Mapping[str, str]) -> list[tuple[str, list[str]]]:
        """The dimensions a margin selected by `codes` runs over, with their categories."""
        return [(d, c) for d, c in zip(self.dims, self.categories, strict=True) if d not in codes]


def total_mask(shape: Sequence[int]) -> np.ndarray:
    """For each cell, how many of its coordinates are a total (0 for the innermost cells)."""
    count = np.zeros(shape, dtype=np.int64)
    for axis, size in enumerate(shape):
        index: list[slice | None] = [np.newaxis] * len(shape)
        index[axis] = slice(None)
        is_total = np.zeros(size, dtype=np.int64)
        is_total[-1] = 1
        count = count + is_total[tuple(index)]
    return count
