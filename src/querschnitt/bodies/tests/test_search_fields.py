"""The paper search's fields written out in Python (`bodies.search_fields`) give exactly what
the form's field template (`core/forms/field.html`, through the form renderer) gives: for any
data (missing, empty, repeated, too long, null characters, dates in and out of the language's
formats, bodies and types known or not), any bodies, every language, an unbound form too; and
a search that validates gets the same filters and fields checked without the form
(`PaperSearchForm.valid_filters`). The labels and choices are remembered for the public per
language and content version."""

import re

import pytest
from django.conf import settings as django_settings
from django.http import QueryDict
from django.test import Client
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.bodies.forms import PaperSearchForm
from querschnitt.bodies.models import Body, Paper
from querschnitt.bodies.search_fields import field_texts, form_fields, search_fields
from querschnitt.core.form_markup import render

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
tricky = st.sampled_from(["<b>&amp;", "\"'", "\u202e\u2066x\u2069", "", " ", "a\x00b", "Ä ß"])
dates = st.sampled_from(
    ["2024-01-05", "05.01.2024", "1/5/2024", "2024-13-01", "2024-02-30", "x", " 2024-01-05 "]
)
bodies = st.lists(
    st.builds(
        lambda pk, name: Body(pk=pk, name=name), st.integers(1, 10**6), st.one_of(text, tricky)
    ),
    max_size=6,
    unique_by=lambda body: body.pk,
)
types = st.sampled_from([value for value, _label in Paper.Type.choices] + ["antrag", "MOTION"])
values = {
    "q": st.one_of(text, tricky, st.just("w" * 200), st.just("w" * 201), st.just(" w" * 101)),
    "reference": st.one_of(text, tricky, st.just("r" * 50), st.just("r" * 51)),
    "date_from": st.one_of(dates, text),
    "date_to": st.one_of(dates, text),
    "body": st.one_of(st.integers(-2, 10**6).map(str), text, tricky),
    "type": st.one_of(types, text, tricky),
    "_": text,
}
asked = st.one_of(
    st.none(),
    st.lists(
        st.sampled_from(sorted(values)).flatmap(
            lambda name: st.tuples(st.just(name), values[name])
        ),
        max_size=9,
    ),
)


def query_of(asked: list[tuple[str, str]] | None) -> QueryDict | None:
    if asked is None:
        return None
    query = QueryDict(mutable=True)
    for name, value in asked:
        query.appendlist(name, value)
    return query


@settings(max_examples=300, deadline=None)
@given(asked=asked, listed=bodies, language=st.sampled_from(LANGUAGES), data=st.data())
def test_the_fields_are_the_field_template(asked, listed, language, data) -> None:
    if asked is not None and listed:  # the choice of a body that is offered, now and then
        asked.append(("body", str(data.draw(st.sampled_from(listed)).pk)))
    query = query_of(asked)
    with translation.override(language):
        form = PaperSearchForm(query or None, bodies=listed)
        filters = form.filters()  # validated, as the view does before writing the fields
        expected = render(form, whole=False)
        assert form_fields(form, field_texts(listed)) == expected
        # a search that validates is checked and written without the form
        assert PaperSearchForm.valid_filters(query or {}, bodies=listed) == (
            None if form.errors else filters
        )
        if not form.errors:
            assert search_fields(field_texts(listed), query or {}) == expected


def test_every_error_of_a_field_has_its_own_line() -> None:
    form = PaperSearchForm(QueryDict("q=a"), bodies=[])
    form.filters()
    form.add_error("q", ["one <error>", "two"])
    assert form_fields(form, field_texts([])) == render(form, whole=False)
    assert 'id="id_q_error_2"' in form_fields(form, field_texts([]))


@pytest.mark.django_db
def test_the_labels_are_remembered_per_language(mannheim) -> None:
    client = Client()
    labels: dict[str, str] = {}
    for language in ("de", "ar", "en", "de"):
        client.cookies["qs_language"] = language
        html = client.get("/mannheim/vorlagen/?q=x").content.decode()
        found = re.search(r'<label class="kern-label" for="id_q">([^<]*)</label>', html)
        assert found is not None
        labels.setdefault(language, found.group(1))
        assert labels[language] == found.group(1)
        with translation.override(language):
            assert found.group(1) == str(PaperSearchForm.base_fields["q"].label)
