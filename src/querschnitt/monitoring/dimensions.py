"""The dimensions by which statistics are broken down, their categories and how files name them.

A figure (`models.Figure`) is counted by area and year and by some of these dimensions. Each
dimension has stable category codes; imported files may name a category by its code or by one
of the usual German or English labels ("weiblich", "3 bis unter 6 Jahre", "Türkei" …), and a
column by one of the usual headers. Age and length of residence are bands of whole years
("0-2", "3-5", "75+"), so that a filter such as "15-64" can be checked against the bands a table
has. The category codes of migration background name their definition (see `Definition`):
"mh" is a migration background, "eg" an immigration history (Einwanderungsgeschichte); only
"foreign" (foreign nationals) means the same under every definition.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TOTAL = "_T"


class Definition(models.TextChoices):
    """Which definition of migration background a figure uses (stored with every figure)."""

    MH_REGISTER = "mh_register", _("Migration background, municipal statistics (MigraPro)")
    MH_MICROCENSUS = "mh_microcensus", _("Migration background, microcensus (Destatis)")
    IMMIGRATION_HISTORY = "eg", _("Immigration history (Einwanderungsgeschichte, 2021)")
    CHILDCARE = "childcare", _("Childcare statistics: at least one parent of foreign origin")
    SCHOOL = "school", _("School statistics: nationality, family language and country of birth")
    CITIZENSHIP = "citizenship", _("Citizenship only (German or foreign)")
    NONE = "none", _("No breakdown by migration")


DEFINITION_EXPLANATIONS: dict[str, Promise] = {
    Definition.MH_REGISTER: _(
        "Derived from the population register the way city statisticians do it (MigraPro): "
        "foreign nationals; Germans with a second nationality; Germans who were naturalised, "
        "came as (late) resettlers, were adopted or became German by birth in Germany under "
        "the option rule; Germans born abroad who moved in from abroad; and children living "
        "with at least one parent from these groups."
    ),
    Definition.MH_MICROCENSUS: _(
        "Destatis (microcensus): a person has a migration background if they or at least one "
        "parent were not German by birth."
    ),
    Definition.IMMIGRATION_HISTORY: _(
        "Expert commission 2021: people who immigrated themselves since 1950 (first "
        "generation) and people both of whose parents immigrated (second generation). From "
        "the register: born abroad; children through the parents living with them."
    ),
    Definition.CHILDCARE: _(
        "Child and youth welfare statistics: at least one parent of foreign origin."
    ),
    Definition.SCHOOL: _(
        "School statistics: nationality, the language spoken in the family and the country of "
        "birth (KMK)."
    ),
    Definition.CITIZENSHIP: _(
        "Only citizenship is counted: German or foreign nationals. Naturalised Germans count "
        "as Germans."
    ),
    Definition.NONE: _("The figure is not broken down by migration."),
}


@dataclass(frozen=True)
class Category:
    code: str
    label: str | Promise
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    """A dimension of the statistics; `categories` is empty for an open vocabulary."""

    key: str
    label: str | Promise
    headers: tuple[str, ...]
    categories: tuple[Category, ...] = ()
    banded: bool = False
    # Categories that stand for a sum of others (a file may give either)
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return not self.categories and not self.banded


def normalise(text: object) -> str:
    """Lower case, no accents folded away, single spaces, unified dashes: for comparing labels."""
    value = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    value = value.replace("–", "-").replace("—", "-").replace("‐", "-")
    value = re.sub(r"\s+", " ", value)
    return value


TOTAL_LABELS = frozenset(
    {"insgesamt", "gesamt", "zusammen", "summe", "total", "_t", "alle", "all", "gesamtstadt"}
)


# ---------------------------------------------------------------------------------------------
# Bands of whole years (age, length of residence)

AGE_BANDS = [
    "0-2",
    "3-5",
    "6-9",
    "10-14",
    "15-17",
    "18-24",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65-74",
    "75+",
]
RESIDENCE_BANDS = ["0", "1-3", "4-7", "8-14", "15+"]

_BAND_WORDS = re.compile(r"\b(jahre|jahren|jahr|j\.|years|year|yrs)\b|\.$")


def band_code(low: int, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}-{high}"


def band_bounds(code: str) -> tuple[int, int | None]:
    """(lowest, highest or None for open) of a band code such as "3-5", "75+" or "0"."""
    if code.endswith("+"):
        return int(code[:-1]), None
    low, _dash, high = code.partition("-")
    return int(low), int(high or low)


def parse_band(text: str) -> str | None:
    """The band code of labels such as "3 bis unter 6 Jahre", "unter 3", "75 und älter"."""
    value = _BAND_WORDS.sub("", normalise(text)).strip()
    patterns: list[tuple[str, object]] = [
        (r"^(\d+)$", lambda a: (a, a)),
        (
            r"^(\d+) ?(?:\+|und älter|und aelter|und mehr|and older|and over|or older)$",
            lambda a: (a, None),
        ),
        (r"^(?:ab|über|ueber|over|from) (\d+)$", lambda a: (a, None)),
        (r"^(?:unter|bis unter|under|less than|<) ?(\d+)$", lambda b: (0, b - 1)),
        (
            r"^(\d+) ?(?:bis unter|bis <|-<|- <|to under|to less than) ?(\d+)$",
            lambda a, b: (a, b - 1),
        ),
        (r"^(\d+) ?(?:-|bis|to) ?(\d+)$", lambda a, b: (a, b)),
    ]
    for pattern, bounds in patterns:
        if match := re.match(pattern, value):
            low, high = bounds(*(int(group) for group in match.groups()))  # type: ignore[operator]
            if high is not None and high < low:
                return None
            return band_code(low, high)
    return None


def band_label(dimension: str, code: str) -> str:
    from django.utils.translation import gettext

    low, high = band_bounds(code)
    if dimension == "residence":
        if high is None:
            return gettext("%(low)s years and more") % {"low": low}
        if low == high == 0:
            return gettext("under 1 year")
        return gettext("%(low)s to %(high)s years") % {"low": low, "high": high}
    if high is None:
        return gettext("%(low)s and older") % {"low": low}
    if low == 0:
        return gettext("under %(limit)s") % {"limit": high + 1}
    return gettext("%(low)s to %(high)s") % {"low": low, "high": high}


def bands_within(codes: list[str], wanted: str) -> list[str] | None:
    """The bands of `codes` inside the band `wanted`; None if a band straddles its edges."""
    low, high = band_bounds(wanted)
    inside = []
    for code in codes:
        band_low, band_high = band_bounds(code)
        band_top = float("inf") if band_high is None else band_high
        top = float("inf") if high is None else high
        if band_low >= low and band_top <= top:
            inside.append(code)
        elif band_top >= low and band_low <= top:
            return None
    return inside


# ---------------------------------------------------------------------------------------------
# Nationalities: the groups that municipal statistics usually show, the rest grouped

NATIONALITY_NAMES: dict[str, Promise] = {
    "DE": _("Germany"),
    "TR": _("Turkey"),
    "PL": _("Poland"),
    "IT": _("Italy"),
    "BG": _("Bulgaria"),
    "RO": _("Romania"),
    "HR": _("Croatia"),
    "GR": _("Greece"),
    "SY": _("Syria"),
    "UA": _("Ukraine"),
    "RU": _("Russia"),
    "XK": _("Kosovo"),
    "RS": _("Serbia"),
    "BA": _("Bosnia and Herzegovina"),
    "AF": _("Afghanistan"),
    "IQ": _("Iraq"),
    "IR": _("Iran"),
    "ES": _("Spain"),
    "PT": _("Portugal"),
    "HU": _("Hungary"),
    "FR": _("France"),
    "AT": _("Austria"),
    "VN": _("Vietnam"),
    "CN": _("China"),
    "IN": _("India"),
    "US": _("United States"),
    "EU_OTHER": _("other EU countries"),
    "OTHER": _("other countries"),
}
NATIONALITY_ALIASES: dict[str, tuple[str, ...]] = {
    "DE": ("deutschland", "deutsch", "germany", "german"),
    "TR": ("türkei", "tuerkei", "türkisch", "tuerkisch", "turkey", "türkiye", "turkish"),
    "PL": ("polen", "polnisch", "poland", "polish"),
    "IT": ("italien", "italienisch", "italy", "italian"),
    "BG": ("bulgarien", "bulgarisch", "bulgaria", "bulgarian"),
    "RO": ("rumänien", "rumaenien", "rumänisch", "romania", "romanian"),
    "HR": ("kroatien", "kroatisch", "croatia", "croatian"),
    "GR": ("griechenland", "griechisch", "greece", "greek"),
    "SY": ("syrien", "syrisch", "syria", "syrian"),
    "UA": ("ukraine", "ukrainisch", "ukrainian"),
    "RU": ("russland", "russische föderation", "russisch", "russia", "russian"),
    "XK": ("kosovo", "kosovarisch"),
    "RS": ("serbien", "serbisch", "serbia", "serbian"),
    "BA": ("bosnien und herzegowina", "bosnien-herzegowina", "bosnia and herzegovina"),
    "AF": ("afghanistan", "afghanisch", "afghan"),
    "IQ": ("irak", "irakisch", "iraq", "iraqi"),
    "IR": ("iran", "iranisch", "iranian"),
    "ES": ("spanien", "spanisch", "spain", "spanish"),
    "PT": ("portugal", "portugiesisch", "portuguese"),
    "HU": ("ungarn", "ungarisch", "hungary", "hungarian"),
    "FR": ("frankreich", "französisch", "france", "french"),
    "AT": ("österreich", "oesterreich", "österreichisch", "austria", "austrian"),
    "VN": ("vietnam", "vietnamesisch", "viet nam", "vietnamese"),
    "CN": ("china", "chinesisch", "chinese"),
    "IN": ("indien", "indisch", "india", "indian"),
    "US": ("vereinigte staaten", "usa", "united states", "american"),
    "EU_OTHER": (
        "sonstige eu",
        "übrige eu",
        "sonstige eu-staaten",
        "other eu",
        "other eu countries",
    ),
    "OTHER": ("sonstige", "übrige", "sonstige staaten", "other", "other countries", "rest"),
}
_EU_CODES = "AT BE BG HR CY CZ DK EE FI FR GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
EU_MEMBERS = frozenset(_EU_CODES.split())
# ISO 3166-1 alpha-2, plus XK (Kosovo, user-assigned and used by German statistics)
_ISO_CODES = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE "
    "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD "
    "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
    "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
    "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
    "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW XK"
)
ISO_COUNTRIES = frozenset(_ISO_CODES.split())
NATIONALITY_GROUPS = [code for code in NATIONALITY_NAMES if code != "DE"]


def nationality_group(code: str) -> str:
    """The group a foreign nationality is counted in (its own, other EU, or other)."""
    if code in NATIONALITY_NAMES:
        return code
    return "EU_OTHER" if code in EU_MEMBERS else "OTHER"


# ---------------------------------------------------------------------------------------------
# The dimensions

DIMENSIONS: dict[str, Dimension] = {
    dimension.key: dimension
    for dimension in [
        Dimension(
            "sex",
            _("sex"),
            ("geschlecht", "sex", "gender"),
            (
                Category(
                    "m",
                    _("male"),
                    ("m", "männlich", "maennlich", "mann", "männer", "male", "men", "1"),
                ),
                Category(
                    "f",
                    _("female"),
                    ("w", "f", "weiblich", "frau", "frauen", "female", "women", "2"),
                ),
            ),
        ),
        Dimension(
            "age", _("age group"), ("alter", "altersgruppe", "age", "age group"), banded=True
        ),
        Dimension(
            "citizenship",
            _("citizenship"),
            (
                "staatsangehörigkeit",
                "staatsangehoerigkeit",
                "citizenship",
                "nationalität",
                "nationality",
            ),
            (
                Category(
                    "de",
                    _("German"),
                    ("deutsch", "deutsche", "de", "german", "germans", "deutschland"),
                ),
                Category(
                    "foreign",
                    _("foreign"),
                    (
                        "ausländisch",
                        "auslaendisch",
                        "ausländer",
                        "ausländer/-innen",
                        "ausländerinnen und ausländer",
                        "nichtdeutsch",
                        "nicht deutsch",
                        "nichtdeutsche",
                        "foreign",
                        "foreigners",
                    ),
                ),
            ),
        ),
        Dimension(
            "nationality",
            _("nationality"),
            (
                "staatsangehörigkeit",
                "staatsangehoerigkeit",
                "nationalität",
                "nationality",
                "herkunftsland",
            ),
            tuple(
                Category(code, name, (normalise(code), *NATIONALITY_ALIASES.get(code, ())))
                for code, name in NATIONALITY_NAMES.items()
            ),
        ),
        Dimension(
            "migration",
            _("migration"),
            (
                "migrationshintergrund",
                "migrationsstatus",
                "einwanderungsgeschichte",
                "migration",
                "migration background",
                "immigration history",
            ),
            (
                Category(
                    "without",
                    _("without migration background"),
                    (
                        "ohne migrationshintergrund",
                        "ohne mh",
                        "ohne",
                        "without migration background",
                    ),
                ),
                Category(
                    "mh",
                    _("with migration background"),
                    ("mit migrationshintergrund", "mit mh", "mit", "with migration background"),
                ),
                Category(
                    "foreign",
                    _("foreign nationals"),
                    (
                        "ausländer",
                        "ausländerinnen und ausländer",
                        "ausländer/-innen",
                        "ausländisch",
                        "foreign",
                        "foreigners",
                        "foreign nationals",
                    ),
                ),
                Category(
                    "german_mh",
                    _("Germans with migration background"),
                    (
                        "deutsche mit migrationshintergrund",
                        "deutsche mit mh",
                        "germans with migration background",
                    ),
                ),
                Category(
                    "without_eg",
                    _("without immigration history"),
                    ("ohne einwanderungsgeschichte", "without immigration history"),
                ),
                Category(
                    "eg",
                    _("with immigration history"),
                    ("mit einwanderungsgeschichte", "with immigration history"),
                ),
                Category(
                    "eg1",
                    _("immigrated themselves (first generation)"),
                    (
                        "selbst eingewandert",
                        "erste generation",
                        "1. generation",
                        "first generation",
                    ),
                ),
                Category(
                    "eg2",
                    _("both parents immigrated (second generation)"),
                    (
                        "nachkommen von eingewanderten",
                        "zweite generation",
                        "2. generation",
                        "second generation",
                    ),
                ),
            ),
            derived={"mh": ("foreign", "german_mh"), "eg": ("eg1", "eg2")},
        ),
        Dimension(
            "residence",
            _("length of residence"),
            ("aufenthaltsdauer", "wohndauer", "length of residence", "residence"),
            banded=True,
        ),
        Dimension(
            "qualification",
            _("school-leaving qualification"),
            ("abschluss", "schulabschluss", "abschlussart", "qualification"),
            (
                Category(
                    "no_certificate",
                    _("without a lower secondary certificate"),
                    (
                        "ohne hauptschulabschluss",
                        "ohne abschluss",
                        "ohne ersten schulabschluss",
                        "without certificate",
                    ),
                ),
                Category(
                    "lower_secondary",
                    _("lower secondary certificate"),
                    (
                        "hauptschulabschluss",
                        "erster allgemeinbildender schulabschluss",
                        "erster schulabschluss",
                        "lower secondary",
                    ),
                ),
                Category(
                    "intermediate",
                    _("intermediate certificate"),
                    (
                        "mittlerer schulabschluss",
                        "mittlerer abschluss",
                        "realschulabschluss",
                        "intermediate",
                    ),
                ),
                Category(
                    "uas_entrance",
                    _("entrance qualification for universities of applied sciences"),
                    ("fachhochschulreife", "fachhochschulreife (schulischer teil)"),
                ),
                Category(
                    "university_entrance",
                    _("general higher education entrance qualification"),
                    ("allgemeine hochschulreife", "hochschulreife", "abitur"),
                ),
            ),
        ),
        Dimension(
            "school_type",
            _("type of school"),
            ("schulart", "schultyp", "schulform", "school type", "type of school"),
            (
                Category(
                    "lower_track",
                    _("lower secondary school (Haupt-/Werkrealschule)"),
                    ("hauptschule", "werkrealschule", "haupt-/werkrealschule"),
                ),
                Category(
                    "intermediate_track", _("intermediate school (Realschule)"), ("realschule",)
                ),
                Category("grammar", _("grammar school (Gymnasium)"), ("gymnasium",)),
                Category(
                    "comprehensive",
                    _("comprehensive school"),
                    ("gemeinschaftsschule", "gesamtschule", "comprehensive school"),
                ),
                Category(
                    "special",
                    _("special needs school"),
                    ("förderschule", "foerderschule", "sbbz", "special needs school"),
                ),
            ),
        ),
        Dimension(
            "category",
            pgettext_lazy("dimension", "category"),
            ("merkmal", "kategorie", "category", "characteristic"),
        ),
    ]
}
ORDER = list(DIMENSIONS)
BAND_DEFAULTS = {"age": AGE_BANDS, "residence": RESIDENCE_BANDS}

# Categories of migration that mean the same under every definition.
NEUTRAL_MIGRATION = frozenset({"foreign"})


@cache
def _alias_index(key: str) -> dict[str, str]:
    dimension = DIMENSIONS[key]
    index: dict[str, str] = {}
    for category in dimension.categories:
        for alias in (category.code, *category.aliases):
            index.setdefault(normalise(alias), category.code)
    return index


def category_code(key: str, text: str) -> str | None:
    """The code of the category `text` names in dimension `key`; TOTAL for a total; None if
    it is not recognised. Open dimensions take any text."""
    value = normalise(text)
    if value in TOTAL_LABELS:
        return TOTAL
    dimension = DIMENSIONS[key]
    if dimension.banded:
        return parse_band(value)
    if dimension.is_open:
        return slug(value) or None
    return _alias_index(key).get(value)


def slug(text: str) -> str:
    value = unicodedata.normalize("NFKD", normalise(text))
    value = "".join(char for char in value if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9+]+", "_", value).strip("_")[:40]


def category_label(key: str, code: str, labels: dict[str, str] | None = None) -> str:
    """A category's name in the active language (open dimensions keep the imported label)."""
    if code == TOTAL:
        return str(_("total"))
    dimension = DIMENSIONS.get(key)
    if dimension is None:
        return code
    if dimension.banded:
        return band_label(key, code)
    for category in dimension.categories:
        if category.code == code:
            return str(category.label)
    return (labels or {}).get(code, code)


def sort_categories(key: str, codes: set[str] | list[str]) -> list[str]:
    """Categories in their natural order: bands by age, known codes as listed, others A–Z."""
    dimension = DIMENSIONS[key]
    if dimension.banded:
        return sorted(codes, key=lambda code: band_bounds(code)[0])
    known = [category.code for category in dimension.categories]
    return sorted(
        codes, key=lambda code: (known.index(code) if code in known else len(known), code)
    )


def header_dimension(text: str) -> str | None:
    """The dimension a column header names, if any ("nationality" also for citizenship)."""
    value = normalise(text)
    for key, dimension in DIMENSIONS.items():
        if value in dimension.headers:
            return key
    return None
