"""The dashboard's numbers are written in the active language's format, whichever language
asked for the same number first (they are remembered per language): the same as Django's
`number_format` in de, en, ar and fa; a node's whole percent computed in integers is the
rollup's `whole_percent` of its exact progress."""

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.measures.dashboard import Node, decimal_shown, euros
from querschnitt.measures.rollup import Figure, whole_percent


def test_each_language_gets_its_own_format_of_the_same_number() -> None:
    for _round in range(2):
        for language, expected in (("de", "12.345,70"), ("en", "12,345.70"), ("de", "12.345,70")):
            with translation.override(language):
                assert decimal_shown(Decimal("12345.7"), 2) == expected
                assert decimal_shown(Decimal("12345.70"), 2) == expected
    with translation.override("de"):
        assert decimal_shown(Decimal("12345.7"), 0) == "12.346"
        assert decimal_shown(None, 2) == "–"


amounts = st.one_of(
    st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False),
    st.floats(-(10**12), 10**12, allow_nan=False),
)


@settings(max_examples=300, deadline=None)
@given(value=amounts, language=st.sampled_from(["de", "en", "ar", "fa"]))
def test_euros_are_django_number_format_of_the_whole_amount(value, language) -> None:
    with translation.override(language):
        whole = Decimal(value).quantize(Decimal(1))
        expected = f"{number_format(whole, decimal_pos=0, force_grouping=True)} €"
        assert euros(value) == expected
        assert euros(-value) == (
            f"{number_format(Decimal(-value).quantize(Decimal(1)), 0, force_grouping=True)} €"
        )


weights = st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False)


@settings(max_examples=500, deadline=None)
@given(weighted=weights, weight=weights)
def test_a_nodes_percent_is_the_whole_percent_of_its_progress(weighted, weight) -> None:
    figure = Figure(measures=1, weight=weight, weighted=weighted)
    assert Node("n", "", "", 0, figure).percent == whole_percent(figure.progress)
    assert Node("n", "", "", 0, None).percent is None
