"""The catalogue page's list of frozen editions: read by plain SQL, the same editions in the
same order as the ORM (of the municipality only); written out in Python, exactly what the
template wrote, for any title, in every language, with and without a previous edition, and
for no edition at all; kept by the rows as the database gave them and all they are written
in."""

from datetime import date

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django_scopes import scope
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Municipality
from querschnitt.measures.editions_list import (
    EditionRow,
    edition_rows,
    editions_markup,
    editions_of,
    kept_editions,
)
from querschnitt.measures.models import Catalogue

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)

# The template the function replaces, as it stood in measures/_catalogue_editions.html.
EDITIONS_TEMPLATE = """{% load i18n %}<section aria-labelledby="editions-heading">
    <h2 class="kern-heading-medium" id="editions-heading">{% translate "Frozen editions" %}</h2>
    <p class="kern-body">{% translate "Each edition shows the catalogue as it stood on its date and never changes." %}</p>
    <ul class="kern-list">
      {% for edition in editions %}
        <li><a class="kern-link" href="{% murl 'measures:edition' as_of=edition.as_of|date:'Y-m-d' %}">{{ edition.title }}</a> ({% blocktranslate count count=edition.measures_count %}{{ count }} measure{% plural %}{{ count }} measures{% endblocktranslate %}) · <a class="kern-link" href="{% murl 'measures:edition_pdf' as_of=edition.as_of|date:'Y-m-d' %}">PDF</a> · <a class="kern-link" href="{% murl 'measures:edition_xlsx' as_of=edition.as_of|date:'Y-m-d' %}">XLSX</a>{% if edition.previous_id %} · <a class="kern-link" href="{% murl 'measures:edition_changes' as_of=edition.as_of|date:'Y-m-d' %}">{% translate "What changed" %}</a>{% endif %}</li>
      {% empty %}<li>{% translate "No edition has been frozen yet." %}</li>{% endfor %}
    </ul>
  </section>
"""  # noqa: E501

edition_row = st.builds(
    EditionRow,
    as_of=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    title=text,
    measures_count=st.integers(0, 5000),
    previous_id=st.one_of(st.none(), st.integers(1, 10**6)),
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(edition_row, max_size=3), language=st.sampled_from(LANGUAGES))
def test_the_editions_are_the_template_list(rows, language) -> None:
    with translation.override(language):
        expected = Template("{% load querschnitt %}" + EDITIONS_TEMPLATE).render(
            Context({"municipality": MUNICIPALITY, "editions": rows})
        )
        assert editions_markup(rows, municipality=MUNICIPALITY) == expected


contexts = st.lists(
    st.tuples(
        st.sampled_from(LANGUAGES),
        st.sampled_from(["mannheim", "bamberg"]),
        st.sampled_from(["/", "/unter/"]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(edition_row, min_size=1, max_size=3), written_in=contexts)
def test_remembered_editions_are_the_template_list_in_any_context(rows, written_in) -> None:
    """The same editions, written again in another language, city or under another script
    prefix (or the same), are the template's list there: each edition's item is remembered
    under everything it shows."""
    before = get_script_prefix()
    try:
        for language, slug, prefix in written_in:
            set_script_prefix(prefix)
            municipality = Municipality(pk=1, slug=slug, name="Stadt")
            with translation.override(language):
                expected = Template("{% load querschnitt %}" + EDITIONS_TEMPLATE).render(
                    Context({"municipality": municipality, "editions": rows})
                )
                assert editions_markup(rows, municipality=municipality) == expected
    finally:
        set_script_prefix(before)


def test_a_changed_edition_is_written_afresh() -> None:
    first = EditionRow(as_of=date(2030, 5, 1), title="Erst", measures_count=3, previous_id=None)
    changed = [
        EditionRow(as_of=date(2030, 5, 2), title="Erst", measures_count=3, previous_id=None),
        EditionRow(as_of=date(2030, 5, 1), title="Dann", measures_count=3, previous_id=None),
        EditionRow(as_of=date(2030, 5, 1), title="Erst", measures_count=1, previous_id=None),
        EditionRow(as_of=date(2030, 5, 1), title="Erst", measures_count=3, previous_id=9),
    ]
    with translation.override("de"):
        for rows in ([first], *([row] for row in changed), [first]):
            expected = Template("{% load querschnitt %}" + EDITIONS_TEMPLATE).render(
                Context({"municipality": MUNICIPALITY, "editions": rows})
            )
            assert editions_markup(rows, municipality=MUNICIPALITY) == expected


def by_the_orm(municipality: Municipality) -> list[tuple]:
    with scope(municipality=municipality):
        editions = Catalogue.objects.filter(municipality=municipality).order_by("-as_of")
        return [(e.pk, e.as_of, e.title, e.measures_count, e.previous_id) for e in editions]


@pytest.mark.django_db
def test_the_editions_read_what_the_orm_reads(mannheim, bamberg) -> None:
    for municipality, other in ((mannheim, bamberg), (bamberg, mannheim)):
        expected = by_the_orm(municipality)
        read = editions_of(edition_rows(municipality=municipality))
        found = [tuple(row.__dict__.values()) for row in read]
        assert len(found) > 1
        assert found == [row[1:] for row in expected]
        # only its own editions, chained to its own editions
        own = {row[0] for row in expected}
        assert {row[3] for row in found} - {None} <= own
        assert not {row[1:] for row in by_the_orm(other)} & set(found)


def afresh(found, municipality: Municipality) -> str:
    return editions_markup(editions_of(found), municipality=municipality)


@pytest.mark.django_db
def test_the_kept_section_is_the_section_written_afresh(mannheim, bamberg) -> None:
    with scope(municipality=bamberg):
        found = edition_rows(municipality=bamberg)
    for language in LANGUAGES:
        with translation.override(language):
            kept = kept_editions(found, municipality=bamberg)
            assert kept == afresh(found, bamberg)
            assert kept_editions(found, municipality=bamberg) is kept
            assert kept_editions((), municipality=bamberg) == afresh((), bamberg)
    with translation.override("en"):
        here = kept_editions(found, municipality=bamberg)
        changed = ((found[0][0], f"{found[0][1]} neu", *found[0][2:]), *found[1:])
        assert kept_editions(changed, municipality=bamberg) != here
        assert kept_editions(changed, municipality=bamberg) == afresh(changed, bamberg)
        with translation.override("ar"):
            assert kept_editions(found, municipality=bamberg) != here
        prefix = get_script_prefix()
        set_script_prefix("/unter/")
        try:
            assert kept_editions(found, municipality=bamberg) != here
            assert kept_editions(found, municipality=bamberg) == afresh(found, bamberg)
        finally:
            set_script_prefix(prefix)
        assert kept_editions(found, municipality=bamberg) is here
        assert kept_editions(found, municipality=mannheim) != here
        assert kept_editions(found, municipality=mannheim) == afresh(found, mannheim)
