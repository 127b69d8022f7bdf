"""`json_ld_script` escapes as the one-pass table did, for any text."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.templatetags.querschnitt import json_ld_script

# the escaping as it was written before: one pass over the text with a table
TABLE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]))


@settings(max_examples=300, deadline=None)
@given(value=st.dictionaries(text, st.one_of(text, st.lists(text, max_size=3)), max_size=4))
def test_json_ld_is_escaped_as_by_the_table(value) -> None:
    data = json.dumps(value, ensure_ascii=False).translate(TABLE)
    assert json_ld_script(value) == f'<script type="application/ld+json">{data}</script>'
    assert "</" not in json_ld_script(value)[len('<script type="application/ld+json">') : -9]
