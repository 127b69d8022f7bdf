"""Synthetic register extracts: deterministic (a fixed seed), for the demo and the benchmarks.

The persons are invented, but their sums are planned: the number of residents, of residents
with a migration background and of foreign nationals in the whole municipality are exactly
those of the plan, and each district gets its share by its weight and its own shares of
migration. The fields of every person are set so that the MigraPro derivation in `register.py`
arrives at exactly the planned status: a child counted through its parents is linked to a
parent with a migration background living in the same district, a child without one only to
parents without one.
"""

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import polars as pl

from querschnitt.monitoring.dimensions import NATIONALITY_GROUPS

WITHOUT, FOREIGN, GERMAN_MH = 0, 1, 2
AGE_WEIGHTS = {
    # per year of age: 0-17, 18-29, 30-49, 50-69, 70-89, 90-99
    WITHOUT: (0.8, 0.9, 1.0, 1.35, 0.95, 0.15),
    FOREIGN: (0.75, 1.6, 1.6, 0.8, 0.25, 0.02),
    GERMAN_MH: (2.2, 1.3, 1.0, 0.8, 0.4, 0.03),
}
AGE_EDGES = (0, 18, 30, 50, 70, 90, 100)
RESETTLER_COUNTRIES = ("RU", "KZ", "PL", "RO")
# Nationalities below this share of the foreign residents cluster in some districts
SMALL_GROUP = 0.02
NONE, PARENT, IUS_SOLI, SECOND, NATURALISED, RESETTLER = range(6)
# Labels of the coded columns; index 0 of acquisition and origin is an empty cell
ACQUISITIONS = ["", "geburt", "einbuergerung", "aussiedler", "geburtsortprinzip"]
ORIGINS = ["", "ausland", "inland"]


@dataclass(frozen=True)
class District:
    code: str
    name: str
    weight: float
    mh_share: float
    foreign_share: float


@dataclass(frozen=True)
class Year:
    year: int
    residents: int
    with_mh: int
    foreign: int


@dataclass(frozen=True)
class City:
    districts: tuple[District, ...]
    years: tuple[Year, ...]
    nationalities: dict[str, float]
    seed: int


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole numbers in proportion to the weights that add up to `total` (largest remainder)."""
    shares = weights / weights.sum() * total
    counts = np.floor(shares).astype(np.int64)
    remainder = total - int(counts.sum())
    order = np.argsort(-(shares - counts), kind="stable")
    counts[order[:remainder]] += 1
    return counts


def integer_table(seed: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Whole numbers near `seed`, scaled so that rows and columns sum to the given totals."""
    table = seed.astype(float).copy()
    for _round in range(50):
        table *= (rows / table.sum(axis=1))[:, None]
        table *= columns / table.sum(axis=0)
    counts = np.floor(table).astype(np.int64)
    row_need = rows - counts.sum(axis=1)
    column_need = columns - counts.sum(axis=0)
    fractions = table - counts
    for flat in np.argsort(-fractions, axis=None, kind="stable"):
        i, j = np.unravel_index(flat, table.shape)
        if row_need[i] > 0 and column_need[j] > 0:
            counts[i, j] += 1
            row_need[i] -= 1
            column_need[j] -= 1
    while row_need.sum() > 0:
        row, column = int(np.argmax(row_need > 0)), int(np.argmax(column_need > 0))
        counts[row, column] += 1
        row_need[row] -= 1
        column_need[column] -= 1
    return counts


def age_probabilities(status: int) -> np.ndarray:
    weights = np.zeros(100)
    for (low, high), weight in zip(pairwise(AGE_EDGES), AGE_WEIGHTS[status], strict=True):
        weights[low:high] = weight
    return weights / weights.sum()


def extract(city: City, year: Year) -> pl.DataFrame:
    """One year's register extract (columns as `register.SCHEMA`)."""
    rng = np.random.default_rng([city.seed, year.year])
    weights = np.array([d.weight for d in city.districts], dtype=float)
    district_totals = apportion(year.residents, weights)
    seed = np.array(
        [[1 - d.mh_share, d.foreign_share, d.mh_share - d.foreign_share] for d in city.districts]
    )
    columns = np.array([year.residents - year.with_mh, year.foreign, year.with_mh - year.foreign])
    table = integer_table(seed * district_totals[:, None], district_totals, columns)
    district = np.repeat(np.repeat(np.arange(len(city.districts)), 3), table.reshape(-1))
    status = np.repeat(np.tile(np.arange(3), len(city.districts)), table.reshape(-1))
    n = len(status)
    age = np.empty(n, dtype=np.int64)
    for code in (WITHOUT, FOREIGN, GERMAN_MH):
        chosen = status == code
        age[chosen] = rng.choice(100, size=int(chosen.sum()), p=age_probabilities(code))
    child = age < 18

    # Countries as indices into one list: "DE" first, then the nationalities of the plan
    countries = ["DE", *city.nationalities, *RESETTLER_COUNTRIES, "FR"]
    # The smaller groups live concentrated in some districts, as they do in real cities.
    probabilities = np.array(list(city.nationalities.values()))
    nationality = np.empty(n, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(np.bincount(district, minlength=len(city.districts)))])
    for index in range(len(city.districts)):
        spread = rng.lognormal(0, 1.3, len(probabilities)) / np.exp(1.3**2 / 2)
        factor = np.where(probabilities < SMALL_GROUP, spread, 1)
        local = probabilities * factor
        size = int(starts[index + 1] - starts[index])
        nationality[starts[index] : starts[index + 1]] = 1 + rng.choice(
            len(local), size=size, p=local / local.sum()
        )
    nationality_1 = np.where(status == FOREIGN, nationality, 0)

    # Kinds of Germans with a migration background
    mh = status == GERMAN_MH
    draw = rng.random(n)
    kind = np.select(
        [
            mh & child & (draw < 0.55),
            mh & child & (draw < 0.70),
            mh & child & (draw < 0.90),
            mh & child,
            mh & (draw < 0.50),
            mh & (draw < 0.75),
            mh,
        ],
        [PARENT, IUS_SOLI, SECOND, NATURALISED, NATURALISED, RESETTLER, SECOND],
        default=NONE,
    )
    nationality_2 = np.where(kind == SECOND, nationality, -1)
    # 0 empty, 1 geburt, 2 einbuergerung, 3 aussiedler, 4 geburtsortprinzip
    acquisition = np.select(
        [status == FOREIGN, kind == NATURALISED, kind == RESETTLER, kind == IUS_SOLI],
        [0, 2, 3, 4],
        default=1,
    )
    resettler_origin = 1 + len(city.nationalities) + rng.integers(0, 4, n)
    draw = rng.random(n)
    birth_country = np.select(
        [
            (status == FOREIGN) & ((age >= 30) | (draw < 0.75)),
            status == FOREIGN,
            kind == NATURALISED,
            kind == RESETTLER,
            (kind == SECOND) & ~child & (draw < 0.4),
            (status == WITHOUT) & (draw < 0.01),
        ],
        [nationality, 0, nationality, resettler_origin, nationality, len(countries) - 1],
        default=0,
    )
    born_abroad = birth_country != 0
    # Years in the municipality: since birth for many born here, otherwise a spell
    mean_stay = np.where(status == FOREIGN, 9.0, np.where(status == GERMAN_MH, 18.0, 22.0))
    stay = np.minimum(age, np.floor(rng.exponential(mean_stay))).astype(np.int64)
    never_moved = ~born_abroad & (rng.random(n) < 0.55)
    moved_in_year = np.where(never_moved, -1, year.year - stay)
    draw = rng.random(n)
    # 0 empty, 1 ausland, 2 inland
    move_origin = np.select(
        [
            never_moved,
            born_abroad & (status == WITHOUT),
            born_abroad & (kind == RESETTLER),
            born_abroad & (draw < 0.8),
        ],
        [0, 2, 1, 1],
        default=2,
    )
    # 0 m, 1 w, 2 d
    sex = np.where(rng.random(n) < 0.5, 0, 1)
    sex[rng.random(n) < 0.001] = 2

    parent_1, parent_2 = link_parents(rng, district, status, kind, age, born_abroad, child)

    def labelled(labels: list[str], index: np.ndarray) -> pl.Series:
        return (
            pl.Series(labels, dtype=pl.String)
            .gather(np.maximum(index, 0))
            .set(pl.Series(index < 0), None)
        )

    return pl.DataFrame(
        {
            "id": np.arange(1, n + 1, dtype=np.int64),
            "area": labelled([d.code for d in city.districts], district),
            "age": age,
            "sex": labelled(["m", "w", "d"], sex),
            "nationality_1": labelled(countries, nationality_1),
            "nationality_2": labelled(countries, nationality_2),
            "acquisition": labelled(ACQUISITIONS, acquisition - (acquisition == 0)),
            "moved_in_year": pl.Series(moved_in_year).set(pl.Series(moved_in_year < 0), None),
            "move_origin": labelled(ORIGINS, move_origin - (move_origin == 0)),
            "birth_country": labelled(countries, birth_country),
            "parent_1": pl.Series(parent_1).set(pl.Series(parent_1 < 0), None),
            "parent_2": pl.Series(parent_2).set(pl.Series(parent_2 < 0), None),
        }
    )


def link_parents(
    rng: np.random.Generator,
    district: np.ndarray,
    status: np.ndarray,
    kind: np.ndarray,
    age: np.ndarray,
    born_abroad: np.ndarray,
    child: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Children point to parents in the same district whose status keeps theirs (a parent is
    never the child: children are under 18, parents 22 to 55)."""
    n = len(status)
    districts = int(district.max()) + 1 if n else 0
    parent_1 = np.full(n, -1, dtype=np.int64)
    parent_2 = np.full(n, -1, dtype=np.int64)
    adult = (age >= 22) & (age <= 55)
    draw = rng.random(n)

    def pick(pool_mask: np.ndarray, members: np.ndarray) -> np.ndarray:
        """A random member of the pool in each member's district (ids, or -1)."""
        pool = np.flatnonzero(pool_mask)
        counts = np.bincount(district[pool], minlength=districts)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        here = district[members]
        offset = (rng.random(len(members)) * counts[here]).astype(np.int64)
        chosen = pool[np.minimum(starts[here] + offset, max(len(pool) - 1, 0))] if len(pool) else 0
        return np.where(counts[here] > 0, chosen + 1, -1)

    mh_adults = adult & (status != WITHOUT) & (kind != PARENT)
    pools = {
        "abroad": mh_adults & born_abroad,
        "mh": mh_adults,
        "without": adult & (status == WITHOUT),
        "foreign": adult & (status == FOREIGN),
    }
    groups = [
        ((kind == PARENT) & (draw < 0.6), "abroad", np.ones(n, dtype=bool)),
        ((kind == PARENT) & (draw >= 0.6), "mh", np.zeros(n, dtype=bool)),
        (child & (status == WITHOUT) & (draw < 0.6), "without", draw < 0.3),
        (child & (status == FOREIGN) & (draw < 0.4), "foreign", np.zeros(n, dtype=bool)),
    ]
    for members_mask, pool_name, two in groups:
        members = np.flatnonzero(members_mask)
        parent_1[members] = pick(pools[pool_name], members)
        second = members[two[members]]
        parent_2[second] = pick(pools[pool_name], second)
    return parent_1, parent_2


def nationality_weights(**weights: float) -> dict[str, float]:
    """Weights of the listed nationalities; the rest is shared by the other groups."""
    rest = max(0.0, 1.0 - sum(weights.values()))
    others = [c for c in NATIONALITY_GROUPS if c not in weights and c not in ("EU_OTHER", "OTHER")]
    extra = {"NL": 0.2, "CZ": 0.15, "SK": 0.15, "MA": 0.2, "TN": 0.15, "NG": 0.15}
    spread = {code: rest * 0.5 / len(others) for code in others}
    spread.update({code: rest * 0.5 * share for code, share in extra.items()})
    return {**weights, **spread}
