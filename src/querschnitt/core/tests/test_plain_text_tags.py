"""`{% page_title %}` and `{% meta_description %}` give what the filters they replace gave."""

from django.template import Context, Engine
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

ENGINE = Engine(builtins=["querschnitt.core.templatetags.querschnitt"])
PAIRS = [
    (
        "{% filter without_bidi_controls %}{{ text }}|{{ safe|safe }}{% endfilter %}",
        "{% page_title %}{{ text }}|{{ safe|safe }}{% endpage_title %}",
    ),
    (
        "{% filter striptags|truncatechars:200 %}{{ text }}|{{ safe|safe }}{% endfilter %}",
        "{% meta_description %}{{ text }}|{{ safe|safe }}{% endmeta_description %}",
    ),
]
# tags, entities, combining marks, bidi controls and the lengths around the cut
pieces = st.sampled_from(
    ["<b>", "</b>", "<", ">", "&amp;", "&", "e\u0301", "\u0301", "\u202e", "\u2067", "ﷺ", " ", "x"]
)
text = st.one_of(
    st.text(),
    st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=80).map("".join),
    st.integers(190, 210).map(lambda n: "a" * n),
    st.integers(190, 210).map(lambda n: "e\u0301" * (n // 2) + "a" * (n % 7)),
)


@settings(max_examples=400, deadline=None)
@given(text=text, safe=text)
def test_the_tags_give_what_the_filters_gave(text: str, safe: str) -> None:
    context = {"text": text, "safe": safe}
    for old, new in PAIRS:
        assert ENGINE.from_string(new).render(Context(context)) == ENGINE.from_string(old).render(
            Context(context)
        )


def test_a_long_description_is_cut_as_before() -> None:
    context = Context({"text": "<p>" + "Wort " * 60 + "</p>", "safe": ""})
    old, new = PAIRS[1]
    rendered = ENGINE.from_string(new).render(context)
    assert rendered == ENGINE.from_string(old).render(context)
    assert len(rendered) == 200
    assert rendered.endswith("…")


def test_a_long_description_is_cut_in_each_language_with_its_own_ellipsis() -> None:
    # Django's Hebrew catalogue ends a cut text with "\u202e…", the others with "…"
    context = {"text": "Wort " * 60, "safe": ""}
    old, new = PAIRS[1]
    cuts = []
    for language in ("de", "he", "de", "he"):
        with translation.override(language):
            rendered = ENGINE.from_string(new).render(Context(context))
            assert rendered == ENGINE.from_string(old).render(Context(context)), language
            cuts.append(rendered)
    assert cuts[0] == cuts[2] != cuts[1] == cuts[3]
