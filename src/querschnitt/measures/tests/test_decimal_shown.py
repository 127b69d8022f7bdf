"""The dashboard's numbers are written in the active language's format, whichever language
asked for the same number first (they are remembered per language)."""

from decimal import Decimal

from django.utils import translation

from querschnitt.measures.dashboard import decimal_shown


def test_each_language_gets_its_own_format_of_the_same_number() -> None:
    for _round in range(2):
        for language, expected in (("de", "12.345,70"), ("en", "12,345.70"), ("de", "12.345,70")):
            with translation.override(language):
                assert decimal_shown(Decimal("12345.7"), 2) == expected
                assert decimal_shown(Decimal("12345.70"), 2) == expected
    with translation.override("de"):
        assert decimal_shown(Decimal("12345.7"), 0) == "12.346"
        assert decimal_shown(None, 2) == "–"
