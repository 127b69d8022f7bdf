"""What an extract of the population register holds and what is counted from it: its columns
and the four tables (`register` reads and counts it, with Polars).

Kept apart from `register` so that the pages and services that only need these names do not
load Polars in every process.
"""

from querschnitt.monitoring.dimensions import AGE_BANDS, NATIONALITY_GROUPS, RESIDENCE_BANDS, TOTAL

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "person", "personennummer", "lfd_nr", "laufende_nummer"),
    "area": ("gebiet", "bezirk", "stadtbezirk", "area", "district"),
    "age": ("alter", "age"),
    "sex": ("geschlecht", "sex"),
    "nationality_1": ("staatsangehoerigkeit_1", "staatsangehörigkeit_1", "nationality_1"),
    "nationality_2": ("staatsangehoerigkeit_2", "staatsangehörigkeit_2", "nationality_2"),
    "acquisition": ("erwerb", "erwerb_staatsangehoerigkeit", "acquisition"),
    "moved_in_year": ("zuzugsjahr", "moved_in_year"),
    "move_origin": ("herkunft_zuzug", "move_origin"),
    "birth_country": ("geburtsland", "birth_country"),
    "parent_1": ("elternteil_1", "parent_1"),
    "parent_2": ("elternteil_2", "parent_2"),
}
# The four tables counted from an extract: (figure key, breakdown, categories of the breakdown)
FIGURES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "population": (
        ("sex", "age", "migration"),
        (("m", "f"), tuple(AGE_BANDS), ("without", "foreign", "german_mh")),
    ),
    "population_eg": (
        ("sex", "age", "migration"),
        (("m", "f"), tuple(AGE_BANDS), ("without_eg", "eg1", "eg2")),
    ),
    "foreign_nationality": (("nationality",), (tuple(NATIONALITY_GROUPS),)),
    "foreign_residence": (("residence",), (tuple(RESIDENCE_BANDS),)),
}
# Margins that two of the four tables both publish, counting the same persons: the cells of the
# first figure with the given codes are those of the second with its codes, over every category
# and the total of the dimensions not named (the same in both). An attacker joins the tables on
# them, so the tables of a year are protected together (`suppression.protect_together`).
SHARED_MARGINS: tuple[tuple[str, dict[str, str], str, dict[str, str]], ...] = (
    # residents by district, sex and age group
    ("population", {"migration": TOTAL}, "population_eg", {"migration": TOTAL}),
    # foreign residents by district
    ("population", {"sex": TOTAL, "age": TOTAL, "migration": "foreign"},
     "foreign_nationality", {"nationality": TOTAL}),
    ("population", {"sex": TOTAL, "age": TOTAL, "migration": "foreign"},
     "foreign_residence", {"residence": TOTAL}),
)  # fmt: skip
