"""`{% translated_text %}` written out in Python gives exactly the markup of the template it
replaced (an element with the text's own `lang` and `dir`, paragraphs, links, the fallback
note), in every language, for any text."""

from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

# The component as it was, rendered by the template engine.
TEMPLATE = Template(
    '{% load i18n %}{% if text %}<{{ tag }} class="qs-translated" lang="{{ text.language }}"'
    ' dir="{{ text.direction }}">{{ text.text|linebreaks|urlize }}</{{ tag }}>'
    '{% if text.is_fallback %}{% include "core/components/fallback_note.html" %}{% endif %}'
    "{% endif %}\n"
)
TAG = Template("{% translated_text value tag %}")

words = st.sampled_from(
    [
        "Verein",
        "https://example.org/a?b=1&c=<2>",
        "www.mannheim.de.",
        "(info@verein.example)",
        "<script>alert(1)</script>",
        "\"quoted\" & 'single'",
        "\n",
        "\n\n",
        "  ",
        "مرحبا",
        "\u202eevil",
        "http://x.y/(z)",
    ]
)
texts = st.lists(st.one_of(words, st.text(max_size=8)), max_size=12).map("".join)
values = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(["de", "en", "ar", "tr", "xx"]), texts, max_size=3),
)


def both(value: dict[str, str] | None, tag: str) -> tuple[str, str]:
    from querschnitt.core.translation import translate

    old = TEMPLATE.render(Context({"text": translate(value), "tag": tag}))
    new = TAG.render(Context({"value": value, "tag": tag}))
    return new, old


@settings(max_examples=300, deadline=None)
@given(value=values, tag=st.sampled_from(["div", "section", 'p" onclick="x']))
def test_the_same_markup_as_the_template(value: dict[str, str] | None, tag: str) -> None:
    for language in ("de", "en", "ar"):
        with translation.override(language):
            new, old = both(value, tag)
            assert new == old
            assert both(value, tag)[0] == new  # remembered, still the same


def test_a_fallback_says_so_in_the_visitors_language() -> None:
    from querschnitt.core.templatetags.querschnitt import paragraphs_with_links

    with translation.override("en"):
        new, old = both({"de": "Hallo https://example.org"}, "div")
        hits = paragraphs_with_links.cache_info().hits
        assert both({"de": "Hallo https://example.org"}, "div") == (new, old)
    assert new == old
    assert paragraphs_with_links.cache_info().hits == hits + 1  # taken apart once
    assert 'href="https://example.org" rel="nofollow"' in new
    assert "is shown in German" in new
