"""`shown` writes a value as `{{ value }}` does: for text, with or without anything to escape."""

from django.template import Context, Template
from hypothesis import example, given
from hypothesis import strategies as st

from querschnitt.core.rows import shown

VALUE = Template("{{ value }}")
# text with and without the five characters that are escaped, among any others
text = st.text(
    alphabet=st.one_of(
        st.sampled_from("&<>\"'"), st.characters(codec="utf-8", exclude_categories=["Cs"])
    ),
    max_size=20,
)


@given(text)
@example("")
@example("Sportverein Mannheim e.V.")
@example("Tom & Jerry")
@example("<b>'quoted'</b>")
@example('"')
def test_text_is_shown_as_the_template_shows_it(value: str) -> None:
    assert shown(value) == VALUE.render(Context({"value": value}))
