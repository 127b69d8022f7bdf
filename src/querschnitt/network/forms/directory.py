"""The filter form of the public directory: a GET form that works without JavaScript."""

import copy
from collections.abc import Callable, Collection
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from querschnitt.core.forms import Form
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import statement_rows
from querschnitt.core.versioned import remembered
from querschnitt.network.models import District, Organisation, Topic
from querschnitt.network.search import MAX_QUERY_LENGTH
from querschnitt.network.selectors.directory import DirectoryFilters, municipality_districts
from querschnitt.network.selectors.entries import SPOKEN_LANGUAGES, spoken_language_choices

# The names of the GET parameters are part of the page's addresses (bookmarks, links).
PARAMETERS = ("q", "art", "thema", "sprache", "bezirk", "barrierefrei")
# checked by their fields alone (`DirectoryFilterForm.valid_data`), the district by hand
CHECKED_BY_FIELD = ("q", "art", "thema", "sprache", "barrierefrei")
# Filters remembered per data asked (`DirectoryFilterForm.filters`); longer data is checked
# every time.
MAX_FILTERS = 1024
MAX_DATA = 1000
_filters: dict[tuple[Any, ...], DirectoryFilters] = {}
NO_FILTERS = DirectoryFilters()


@receiver(setting_changed)
def forget_filters(**kwargs: Any) -> None:
    _filters.clear()


class KnownCodes:
    """A choice field that checks a value against the set of its codes instead of walking its
    (callable, translated) choices: the same answer, as the choices are flat and their keys
    strings."""

    def __init__(self, *, codes: Callable[[], Collection[str]], **kwargs: Any) -> None:
        self.codes = codes
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.codes()


class CodeChoiceField(KnownCodes, forms.ChoiceField):
    pass


class CodeMultipleChoiceField(KnownCodes, forms.MultipleChoiceField):
    pass


LANGUAGE_CODES = frozenset(SPOKEN_LANGUAGES)
KIND_CODES = frozenset(Organisation.Kind.values)
TOPIC_CODES = frozenset(Topic.values)


def language_choices() -> list[tuple[str, Any]]:
    return [("", _("All languages")), *spoken_language_choices()]


def district_names(municipality: Municipality) -> QuerySet[District, tuple[int, str]]:
    return municipality_districts(municipality=municipality).values_list("pk", "name")


def district_choices(municipality: Municipality) -> list[tuple[str, Any]]:
    return [
        ("", _("All districts")),
        *((str(pk), name) for pk, name in DirectoryFilterForm.district_rows(municipality)),
    ]


class DirectoryFilterForm(Form):
    """Search words and filters. Values within one filter widen the list, filters narrow it."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Name, address or what the organisation offers."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    art = CodeMultipleChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=lambda: Organisation.Kind.choices,
        codes=lambda: KIND_CODES,
        widget=forms.CheckboxSelectMultiple,
    )
    thema = CodeMultipleChoiceField(
        label=_("Topic"),
        required=False,
        choices=lambda: Topic.choices,
        codes=lambda: TOPIC_CODES,
        widget=forms.CheckboxSelectMultiple,
    )
    sprache = CodeChoiceField(
        label=_("Language spoken"), required=False, codes=lambda: LANGUAGE_CODES
    )
    bezirk = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    barrierefrei = forms.BooleanField(label=_("Only with step-free access"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        # Django copies every field into each form; here they are copied when first asked for
        # (`fields`): a form is made on every view of the directory, and one whose filters and
        # markup are remembered (`filters`, `core.form_markup`) never asks for them.
        self.base_fields = {}  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        del self.base_fields
        self.municipality = municipality
        self._asked: DirectoryFilters | None = None

    _fields: dict[str, forms.Field] | None = None

    @property
    def fields(self) -> dict[str, forms.Field]:
        fields = self._fields
        if fields is None:
            fields = copy.deepcopy(self.base_fields)
            self._fields = fields
            # Choices as functions, asked when the form validates or is rendered: copying
            # lists of choices into the form cost more.
            fields["sprache"].choices = language_choices  # type: ignore[attr-defined]
            fields["bezirk"].choices = partial(district_choices, self.municipality)  # type: ignore[attr-defined]
        return fields

    @fields.setter
    def fields(self, value: dict[str, forms.Field]) -> None:
        self._fields = value or None

    @staticmethod
    def district_rows(municipality: Municipality) -> list[tuple[int, str]]:
        """Remembered per content version (`core.versioned`), read by a statement the ORM
        writes once per database alias and municipality (`core.sql_rows.statement_rows`)."""
        return remembered(
            municipality,
            "network:districts",
            lambda: list(statement_rows(District, district_names, municipality)),
        )

    def filters(self) -> DirectoryFilters:
        """The valid part of the input: a wrong value in one filter leaves the others working.

        A pure function of the data and the municipality's districts (its choices, read per
        content version): remembered under those, so that the same filters are not checked
        again on every view of a list (0.05–0.1 ms)."""
        if not self.is_bound:
            return NO_FILTERS
        if self._asked is None:
            self._asked = self.remembered_filters()
        return self._asked

    def remembered_filters(self) -> DirectoryFilters:
        data = self.data
        if len(repr(data)) > MAX_DATA or not hasattr(data, "lists"):
            return self.checked_filters()
        municipality = self.municipality
        key = (
            municipality.pk,
            municipality.content_version,
            tuple((name, tuple(values)) for name, values in data.lists()),
        )
        found = _filters.get(key)
        if found is None:
            found = self.first_checked()
            if len(_filters) >= MAX_FILTERS:
                _filters.pop(next(iter(_filters)), None)
            _filters[key] = found
        return found

    def first_checked(self) -> DirectoryFilters:
        """`checked_filters()`; data that validate are checked by the class's fields alone
        (`valid_data`), without the copy of the fields and the bound fields of `is_valid()`,
        and the form then knows it has no errors."""
        cleaned = self.valid_data(self.data, municipality=self.municipality)
        if cleaned is None:
            return self.checked_filters()
        self.cleaned_data = cleaned
        self._errors = ErrorDict(renderer=self.renderer)
        return filters_of(cleaned)

    @classmethod
    def valid_data(cls, data: Any, *, municipality: Municipality) -> dict[str, Any] | None:
        """The `cleaned_data` of the form bound to `data` if it validates, else None: each value
        read as its field's widget reads it and cleaned by the class's field; the district
        checked against the municipality's districts, as its choices are."""
        fields = cls.base_fields
        try:
            cleaned = {
                name: fields[name].clean(fields[name].widget.value_from_datadict(data, {}, name))
                for name in CHECKED_BY_FIELD
            }
        except ValidationError:
            return None
        district = data.get("bezirk")
        if district in fields["bezirk"].empty_values:
            cleaned["bezirk"] = None
        elif str(district) in {str(pk) for pk, _name in cls.district_rows(municipality)}:
            cleaned["bezirk"] = int(district)
        else:
            return None
        return {name: cleaned[name] for name in PARAMETERS}

    def checked_filters(self) -> DirectoryFilters:
        self.is_valid()
        return filters_of(self.cleaned_data)

    def is_filtered(self) -> bool:
        filters = self.filters()
        return filters != DirectoryFilters()

    def query_string(self) -> str:
        """The valid input as a query string, for links that keep the filters (export, pages);
        as a `QueryDict` of them encodes it (`test_directory_form.py`)."""
        return filters_query_string(self.filters())


def filters_of(data: dict[str, Any]) -> DirectoryFilters:
    """The filters of a form's `cleaned_data` (its valid fields, if it is not valid)."""
    return DirectoryFilters(
        query=data.get("q") or "",
        kinds=tuple(data.get("art") or ()),
        topics=tuple(data.get("thema") or ()),
        languages=(data["sprache"],) if data.get("sprache") else (),
        districts=(data["bezirk"],) if data.get("bezirk") else (),
        wheelchair_accessible=True if data.get("barrierefrei") else None,
    )


def filters_query_string(filters: DirectoryFilters) -> str:
    """The filters as a query string, in the order of PARAMETERS."""
    params = [("q", filters.query)] if filters.query else []
    params += [("art", kind) for kind in filters.kinds]
    params += [("thema", topic) for topic in filters.topics]
    params += [("sprache", language) for language in filters.languages]
    params += [("bezirk", str(pk)) for pk in filters.districts]
    if filters.wheelchair_accessible:
        params.append(("barrierefrei", "on"))
    return urlencode(params)
