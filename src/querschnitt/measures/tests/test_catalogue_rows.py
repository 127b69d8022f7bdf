"""The public catalogue's rows: read by plain SQL, the same measures in the same order as the
ORM's `catalogue_q() & public_q()` (of the municipality only, with and without a field of
action); written out in Python, exactly what the template loop wrote, for any text, in every
language, for every variant of a row and for an empty page."""

from datetime import date, timedelta
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from django.core.paginator import Paginator
from django.template import Context, Template
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone, translation
from django_scopes import scope
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core.models import Department, Municipality
from querschnitt.core.sql_rows import RawRows
from querschnitt.measures.catalogue_rows import (
    CatalogueMeasures,
    CatalogueRow,
    catalogue_rows,
    page_markup,
    rows_of,
)
from querschnitt.measures.models import Measure, MeasureState
from querschnitt.measures.selectors import catalogue_q, public_q
from querschnitt.strategy.models import FieldOfAction

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
MUNICIPALITY = Municipality(pk=1, slug="mannheim", name="Mannheim")
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
translated = st.dictionaries(st.sampled_from([*LANGUAGES, "xx"]), text, max_size=3)
keys = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)

# The loop the function replaces, as it stood in measures/catalogue.html.
CATALOGUE_LOOP = """{% load i18n querschnitt %}{% for measure in page_obj %}
          <tr class="kern-table__row">
            <th class="kern-table__cell" scope="row"><a class="kern-link" href="{% murl 'measures:measure' key=measure.key %}"><span class="qs-measures-key">{{ measure.key }}</span> {% with title=measure.title|translated %}<span lang="{{ title.language }}" dir="{{ title.direction }}">{{ title.text }}</span>{% endwith %}</a></th>
            <td class="kern-table__cell">{{ measure.state }}</td>
            <td class="kern-table__cell" lang="de">{{ measure.lead_department.name|default:"–" }}</td>
            <td class="kern-table__cell qs-number">{% if measure.state.reporting and measure.reported_progress is not None %}{{ measure.reported_progress }} %{% else %}{{ measure.state.default_progress }} %{% endif %}</td>
          </tr>
        {% empty %}
          <tr class="kern-table__row"><td class="kern-table__cell" colspan="4">{% translate "The catalogue has no measures yet." %}</td></tr>
        {% endfor %}"""  # noqa: E501


def as_model(row: CatalogueRow) -> Measure:
    """The instance the template loop was given for the same row."""
    measure = Measure(key=row.key, title=row.title, reported_progress=row.reported_progress)
    measure.state = MeasureState(
        key=row.state_key,
        name=row.state_name,
        reporting=row.reporting,
        default_progress=row.default_progress,
    )
    measure.lead_department = (
        Department(name=row.lead_department) if row.lead_department is not None else None
    )
    return measure


catalogue_row = st.builds(
    CatalogueRow,
    key=keys,
    title=translated,
    state_name=translated,
    state_key=keys,
    reporting=st.booleans(),
    default_progress=st.integers(0, 100),
    reported_progress=st.one_of(st.none(), st.integers(0, 100)),
    lead_department=st.one_of(st.none(), text),
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(catalogue_row, max_size=4), language=st.sampled_from(LANGUAGES))
def test_catalogue_rows_are_the_template_rows(rows, language) -> None:
    with translation.override(language):
        expected = Template(CATALOGUE_LOOP).render(
            Context({"municipality": MUNICIPALITY, "page_obj": [as_model(r) for r in rows]})
        )
        assert catalogue_rows(rows, municipality=MUNICIPALITY) == expected


def by_the_orm(municipality, field: FieldOfAction | None) -> list[tuple]:
    measures = Measure.objects.filter(catalogue_q(), public_q(), municipality=municipality)
    if field is not None:
        measures = measures.filter(fields_of_action=field)
    return [
        (
            m.key,
            m.title,
            m.state.name,
            m.state.key,
            m.state.reporting,
            m.state.default_progress,
            m.reported_progress,
            m.lead_department.name if m.lead_department else None,
        )
        for m in measures.select_related("state", "lead_department").order_by("key")
    ]


def by_sql(municipality, field: FieldOfAction | None) -> list[tuple]:
    measures = CatalogueMeasures(
        municipality=municipality, field_id=field.pk if field is not None else None
    )
    paginator: Paginator[RawRows] = Paginator(cast(Any, measures), 7)
    found = [
        tuple(row.__dict__.values())
        for number in paginator.page_range
        for row in rows_of(cast(RawRows, paginator.page(number).object_list))
    ]
    assert paginator.count == len(found)
    return found


@pytest.mark.django_db
def test_the_catalogue_reads_what_the_orm_reads(mannheim, bamberg) -> None:
    with scope(municipality=mannheim):
        # a measure closed last year leaves the catalogue; one closed this year stays
        closed = MeasureState.objects.filter(is_closed=True, in_catalogue=True).first()
        assert closed is not None
        first, second = Measure.objects.filter(public_q()).order_by("key")[:2]
        Measure.objects.filter(pk=first.pk).update(
            state=closed, state_since=date(timezone.localdate().year, 1, 1) - timedelta(days=1)
        )
        Measure.objects.filter(pk=second.pk).update(
            state=closed, state_since=date(timezone.localdate().year, 1, 1)
        )
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            found = by_sql(municipality, None)
            assert len(found) > 5
            assert found == by_the_orm(municipality, None)
            for field in FieldOfAction.objects.all():
                assert by_sql(municipality, field) == by_the_orm(municipality, field)
    with scope(municipality=mannheim):
        assert second.key in [row[0] for row in by_sql(mannheim, None)]
        assert first.key not in [row[0] for row in by_sql(mannheim, None)]
        # a field of action of the other municipality serves none of this one's measures
        other = FieldOfAction.objects.model.objects.with_scopes_disabled().filter(
            municipality=bamberg
        )
        assert all(by_sql(mannheim, field) == [] for field in other)


def shown_page(municipality, field: FieldOfAction | None, asked: str | None, read: bool) -> Any:
    """The page a Paginator of 7 gets for `asked`, the count read with the page's rows
    (`read`) or on its own."""
    measures = CatalogueMeasures(
        municipality=municipality,
        field_id=field.pk if field is not None else None,
        asked=(7, asked) if read else None,
    )
    page = Paginator(cast(Any, measures), 7).get_page(asked)
    return (page.number, page.paginator.count, page.object_list)


@pytest.mark.django_db
def test_a_page_read_with_its_count_is_the_page_read_apart(
    mannheim, bamberg, django_assert_num_queries
) -> None:
    """Every page asked, and numbers beyond the last, none and not numbers: the same page and
    count; the page asked and its count in one query."""
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            fields = [None, *FieldOfAction.objects.all()]
            for field in fields:
                pages = Paginator(range(len(by_sql(municipality, field))), 7).num_pages
                asked = [None, "", "0", "-1", "x", "2.0", str(pages + 1), "99999"]
                for number in [*map(str, range(1, pages + 1)), *asked]:
                    expected = shown_page(municipality, field, number, read=False)
                    assert shown_page(municipality, field, number, read=True) == expected
            pages = Paginator(range(len(by_sql(municipality, None))), 7).num_pages
            for number in map(str, range(1, pages + 1)):
                with django_assert_num_queries(1):
                    shown_page(municipality, None, number, read=True)


def afresh(found: RawRows, municipality: Municipality) -> str:
    return catalogue_rows(rows_of(found), municipality=municipality)


@pytest.mark.django_db
def test_a_page_kept_by_its_rows_is_the_page_written_afresh(mannheim, bamberg) -> None:
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            found = CatalogueMeasures(municipality=municipality)[0:7]
            assert len(found) == 7
            for language in LANGUAGES:
                with translation.override(language):
                    kept = page_markup(found, municipality=municipality)
                    assert kept == afresh(found, municipality)
                    assert page_markup(found, municipality=municipality) is kept
            assert page_markup((), municipality=municipality) == afresh((), municipality)


@pytest.mark.django_db
def test_other_rows_a_language_prefix_zone_or_slug_write_it_anew(mannheim) -> None:
    with scope(municipality=mannheim), translation.override("en"):
        found = CatalogueMeasures(municipality=mannheim)[0:7]
        here = page_markup(found, municipality=mannheim)
        changed = ((f"{found[0][0]}x", *found[0][1:]), *found[1:])
        assert page_markup(changed, municipality=mannheim) != here
        assert page_markup(changed, municipality=mannheim) == afresh(changed, mannheim)
        with translation.override("ar"):
            assert page_markup(found, municipality=mannheim) != here
            assert page_markup(found, municipality=mannheim) == afresh(found, mannheim)
        with timezone.override("Asia/Tokyo"):
            in_tokyo = page_markup(found, municipality=mannheim)
            assert in_tokyo is not here  # the rows show no time now, but may
            assert in_tokyo == here
        prefix = get_script_prefix()
        set_script_prefix("/unter/")
        try:
            assert page_markup(found, municipality=mannheim) != here
            assert page_markup(found, municipality=mannheim) == afresh(found, mannheim)
        finally:
            set_script_prefix(prefix)
        assert page_markup(found, municipality=mannheim) is here
        mannheim.slug = "anders"
        assert page_markup(found, municipality=mannheim) != here
        assert page_markup(found, municipality=mannheim) == afresh(found, mannheim)
