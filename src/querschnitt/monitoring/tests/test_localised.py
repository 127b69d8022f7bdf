"""Numbers are written in the active language's format, rounded half up, whichever language
asked for the same number first (they are remembered per language)."""

from django.utils import translation

from querschnitt.monitoring.selectors import localised


def test_each_language_gets_its_own_format_of_the_same_number() -> None:
    for _round in range(2):
        for language, expected in (("de", "12.345,7"), ("en", "12,345.7"), ("de", "12.345,7")):
            with translation.override(language):
                assert localised(12345.65, 1) == expected
        with translation.override("de"):
            assert localised(2.5, 0) == "3"
            assert localised(2, 2) == "2,00"
            assert localised(2.0, 0) == "2"
