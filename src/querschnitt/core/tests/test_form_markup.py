"""A filter form's remembered markup is the markup its template gave, for whatever was asked,
in every language, and what changes (the data, the language, the municipality's content)
shows at once."""

import datetime

from django import forms
from django.conf import settings as django_settings
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from hypothesis import given, settings
from hypothesis import strategies as st

from querschnitt.core import form_markup
from querschnitt.core.form_markup import filter_form_markup
from querschnitt.core.forms import FilterForm
from querschnitt.core.models import Municipality

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
LOOP = "{% for field in form %}{{ field.as_field_group }}{% endfor %}"


class StatusFilter(FilterForm):
    defaults = {"status": "open"}
    q = forms.CharField(label=_("Search"), required=False, max_length=5)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("open", _("open")), ("all", _("All"))]
    )


def municipality(moment: datetime.datetime) -> Municipality:
    return Municipality(pk=1, slug="mannheim", updated_at=moment, content_changed_at=moment)


NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def query(**values: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update(values)
    return data


@settings(max_examples=100, deadline=None)
@given(
    asked=st.one_of(st.none(), st.fixed_dictionaries({}, optional={"q": text, "status": text})),
    language=st.sampled_from(LANGUAGES),
    whole=st.booleans(),
)
def test_the_markup_is_the_templates_every_time(asked, language, whole) -> None:
    with translation.override(language):
        for _time in range(2):  # rendered, then remembered
            form = StatusFilter(None if asked is None else query(**asked))
            expected = Template("{{ form }}" if whole else LOOP).render(Context({"form": form}))
            shown = filter_form_markup(form, municipality=municipality(NOW), whole=whole)
            assert shown == expected


def test_what_changes_shows_at_once() -> None:
    form_markup._markup.clear()
    city = municipality(NOW)
    first = filter_form_markup(StatusFilter(query(q="Sport")), municipality=city)
    assert 'value="Sport"' in first
    other = filter_form_markup(StatusFilter(query(q="Kultur", status="all")), municipality=city)
    assert 'value="Kultur"' in other
    assert '<option value="all" selected>' in other
    assert "kern-form-input--error" in other
    assert "kern-form-input--error" not in first
    with translation.override("ar"):
        arabic = filter_form_markup(StatusFilter(query(q="Sport")), municipality=city)
    assert arabic != first
    assert len(form_markup._markup) == 3
    changed = municipality(NOW + datetime.timedelta(seconds=1))
    assert filter_form_markup(StatusFilter(query(q="Sport")), municipality=changed) == first
    assert len(form_markup._markup) == 4  # rendered again for the new content version


class DistrictFilter(FilterForm):
    bezirk = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args: object, districts: list[tuple[str, str]]) -> None:
        super().__init__(*args)
        self.fields["bezirk"].choices = [("", "all"), *districts]  # type: ignore[attr-defined]


def test_markup_drawn_from_rows_is_kept_by_them_instead_of_the_content_version() -> None:
    form_markup._markup.clear()
    rows = [("1", "Neckarstadt-West"), ("2", "Jungbusch")]

    def shown(districts: list[tuple[str, str]], city: Municipality) -> str:
        form = DistrictFilter(query(bezirk="2"), districts=districts)
        return filter_form_markup(form, municipality=city, drawn_from=("districts", *districts))

    first = shown(rows, municipality(NOW))
    assert '<option value="2" selected>Jungbusch</option>' in first
    later = municipality(NOW + datetime.timedelta(hours=1))  # a change elsewhere
    assert shown(rows, later) == first
    assert len(form_markup._markup) == 1  # not rendered again
    renamed = shown([("1", "Neckarstadt-West"), ("2", "Jungbusch-Hafen")], later)
    assert '<option value="2" selected>Jungbusch-Hafen</option>' in renamed
    assert len(form_markup._markup) == 2
