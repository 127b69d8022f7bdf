"""Forms of the monitoring's staff area."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django_scopes.forms import SafeModelChoiceField

from querschnitt.core.forms import Form, ModelForm, add_translated_fields, translated_values
from querschnitt.core.models import Municipality
from querschnitt.monitoring.dimensions import DIMENSIONS, ORDER, Definition
from querschnitt.monitoring.models import (
    Area,
    Figure,
    Indicator,
    MonitoringSettings,
    Report,
    ReportSection,
    Source,
)
from querschnitt.monitoring.report_sections import section_kinds
from querschnitt.monitoring.spreadsheets import ENCODINGS, MAX_TABLE_BYTES, XLSX_MEDIA_TYPE

MAX_REGISTER_BYTES = 512 * 1024 * 1024
FILTER_PART = re.compile(r"^\s*([a-z_]+)\s*=\s*([^=]+?)\s*$")


def parse_filter(text: str) -> dict[str, list[str]]:
    """`migration=mh; age=15-64,65+` → {"migration": ["mh"], "age": ["15-64", "65+"]}."""
    found: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = FILTER_PART.match(part)
        if match is None:
            raise ValidationError(
                _("“%(part)s” is not of the form dimension=category,category.") % {"part": part}
            )
        dim, codes = match.groups()
        if dim not in DIMENSIONS:
            raise ValidationError(
                _("“%(dim)s” is no dimension. Known: %(known)s.")
                % {"dim": dim, "known": ", ".join(ORDER)}
            )
        found[dim] = [code.strip() for code in codes.split(",") if code.strip()]
    return found


def filter_text(value: dict[str, list[str]] | None) -> str:
    return "; ".join(f"{dim}={','.join(codes)}" for dim, codes in (value or {}).items())


def series_text(series: list[dict[str, Any]]) -> str:
    return "\n".join(
        " | ".join(
            [
                item.get("key", ""),
                (item.get("label") or {}).get("de", ""),
                filter_text(item.get("numerator")),
                filter_text(item.get("denominator")),
            ]
        )
        for item in series
    )


def parse_series(text: str) -> list[dict[str, Any]]:
    found = []
    for number, line in enumerate(
        filter(None, (row.strip() for row in text.splitlines())), start=1
    ):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            raise ValidationError(
                _("Line %(number)s: give key | name | numerator filter | denominator filter.")
                % {"number": number}
            )
        key, label, top, bottom = parts
        if not re.fullmatch(r"[a-z0-9-]*", key):
            raise ValidationError(
                _("Line %(number)s: the key may hold only a–z, 0–9 and hyphens.")
                % {"number": number}
            )
        found.append(
            {
                "key": key,
                "label": {"de": label},
                "numerator": parse_filter(top),
                "denominator": parse_filter(bottom),
            }
        )
    return found


class TableImportForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Table (CSV or XLSX)"),
        widget=forms.FileInput(attrs={"accept": f".csv,.txt,.xlsx,text/csv,{XLSX_MEDIA_TYPE}"}),
        help_text=gettext_lazy("At most 20 MB. Long form (a column of counts) or wide form."),
    )
    figure = SafeModelChoiceField(
        label=gettext_lazy("Figure"),
        queryset=Figure.objects.none(),
        required=False,
        empty_label=gettext_lazy("a new figure (below)"),
        help_text=gettext_lazy("The data of the same years is replaced."),
    )
    key = forms.SlugField(
        label=gettext_lazy("Key of the new figure"), required=False, max_length=60
    )
    name = forms.CharField(
        label=gettext_lazy("Name of the new figure"), required=False, max_length=200
    )
    source = SafeModelChoiceField(
        label=gettext_lazy("Source of the new figure"),
        queryset=Source.objects.none(),
        required=False,
    )
    definition = forms.ChoiceField(
        label=gettext_lazy("Definition of migration background of the new figure"),
        choices=Definition.choices,
        initial=Definition.NONE,
        required=False,
    )
    reference_date = forms.DateField(
        label=gettext_lazy("Reference date"),
        required=False,
        help_text=gettext_lazy("Only if the file has no column “Stichtag” or “Jahr”."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"), choices=list(ENCODINGS.items())
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].queryset = Figure.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["source"].queryset = Source.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean_reference_date(self) -> Any:
        value = self.cleaned_data.get("reference_date")
        if value and value > timezone.localdate():
            raise ValidationError(_("The reference date lies in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("figure") is None:
            for name in ("key", "name", "source"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a new figure."))
        return data

    def new_figure(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if data.get("figure") is not None:
            return None
        return {
            "key": data["key"],
            "name": {"de": data["name"]},
            "source": data["source"],
            "definition": data["definition"] or Definition.NONE,
        }


class RegisterImportForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Register extract (CSV)"),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
        help_text=gettext_lazy(
            "One row per person, without names. It is counted at once; its rows are never stored."
        ),
    )
    source = SafeModelChoiceField(label=gettext_lazy("Source"), queryset=Source.objects.none())
    reference_date = forms.DateField(
        label=gettext_lazy("Reference date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    encoding = forms.ChoiceField(label=gettext_lazy("Encoding"), choices=list(ENCODINGS.items()))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REGISTER_BYTES:
            raise ValidationError(_("The file is larger than 512 MB."))
        return upload

    def clean_reference_date(self) -> Any:
        value = self.cleaned_data["reference_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The reference date lies in the future."))
        return value


class SourceForm(ModelForm):
    class Meta:
        model = Source
        fields = [
            "name",
            "publisher",
            "url",
            "min_count",
            "protection",
            "rounding",
            "licence",
            "attribution",
        ]
        # The licences' names are long: radio buttons show them in full on a phone.
        widgets = {"licence": forms.RadioSelect}


class AreaForm(ModelForm):
    class Meta:
        model = Area
        fields = ["code", "name"]


class BoundaryForm(Form):
    file = forms.FileField(
        label=gettext_lazy("District boundaries (GeoJSON)"),
        widget=forms.FileInput(attrs={"accept": ".geojson,.json,application/geo+json"}),
        help_text=gettext_lazy(
            "A FeatureCollection in WGS 84, one polygon per district, with the district's code "
            "(property “code”) or name (property “name”)."
        ),
    )


class SettingsForm(ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["contributor_id", "licence", "publisher_name", "contact_email"]
        widgets = {"licence": forms.RadioSelect}


class IndicatorForm(Form):
    key = forms.SlugField(label=gettext_lazy("Address"), max_length=60)
    code = forms.CharField(label=gettext_lazy("Code"), max_length=12, required=False)
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"), choices=Indicator.Topic.choices, widget=forms.RadioSelect
    )
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=Indicator.Unit.choices)
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"), choices=Indicator.Direction.choices
    )
    decimals = forms.IntegerField(
        label=gettext_lazy("Decimals"), min_value=0, max_value=3, initial=1
    )
    numerator = SafeModelChoiceField(
        label=gettext_lazy("Numerator: figure"), queryset=Figure.objects.none()
    )
    numerator_filter = forms.CharField(
        label=gettext_lazy("Numerator: filter"),
        required=False,
        help_text=gettext_lazy("E.g. migration=mh; age=15-64 (dimension=category,category; …)."),
    )
    denominator = SafeModelChoiceField(
        label=gettext_lazy("Denominator: figure"),
        queryset=Figure.objects.none(),
        required=False,
        help_text=gettext_lazy("Empty for a count."),
    )
    denominator_filter = forms.CharField(label=gettext_lazy("Denominator: filter"), required=False)
    denominator_year_offset = forms.TypedChoiceField(
        label=gettext_lazy("Denominator from"),
        coerce=int,
        choices=[(0, gettext_lazy("the same year")), (-1, gettext_lazy("the previous year"))],
    )
    breakdown = forms.ChoiceField(label=gettext_lazy("Breakdown"), required=False)
    breakdown_in_denominator = forms.BooleanField(
        label=gettext_lazy("The denominator follows the breakdown"), required=False, initial=True
    )
    series = forms.CharField(
        label=gettext_lazy("Series"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One line per series: key | name | numerator filter | denominator filter. Empty for "
            "one series."
        ),
    )
    is_published = forms.BooleanField(label=gettext_lazy("Published"), required=False, initial=True)
    position = forms.IntegerField(
        label=pgettext_lazy("order", "Position"), min_value=0, max_value=32767, initial=100
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        indicator: Indicator | None = None,
        **kwargs: Any,
    ) -> None:
        if indicator is not None:
            kwargs.setdefault("initial", initial_of(indicator))
        super().__init__(*args, **kwargs)
        figures = Figure.objects.filter(municipality=municipality)
        self.fields["numerator"].queryset = figures  # type: ignore[attr-defined]
        self.fields["denominator"].queryset = figures  # type: ignore[attr-defined]
        self.fields["breakdown"].choices = [("", "–"), *((k, DIMENSIONS[k].label) for k in ORDER)]  # type: ignore[attr-defined]
        self.languages = municipality.offered_languages
        for name, label in (
            ("name", _("Name")),
            ("description", _("Definition")),
            ("relevance", _("Why it matters")),
            ("method", _("Method")),
        ):
            add_translated_fields(
                self,
                name,
                label=label,
                languages=self.languages,
                initial=getattr(indicator, name) if indicator else {},
                required_german=name == "name",
                rows=2 if name == "name" else 4,
            )

    def clean_numerator_filter(self) -> dict[str, list[str]]:
        return parse_filter(self.cleaned_data.get("numerator_filter", ""))

    def clean_denominator_filter(self) -> dict[str, list[str]]:
        return parse_filter(self.cleaned_data.get("denominator_filter", ""))

    def clean_series(self) -> list[dict[str, Any]]:
        return parse_series(self.cleaned_data.get("series", ""))

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "key",
                "code",
                "topic",
                "unit",
                "direction",
                "decimals",
                "numerator",
                "numerator_filter",
                "denominator",
                "denominator_filter",
                "denominator_year_offset",
                "breakdown",
                "breakdown_in_denominator",
                "series",
                "is_published",
                "position",
            )
        }
        for name in ("name", "description", "relevance", "method"):
            fields[name] = translated_values(self, name, self.languages)
        return fields


def initial_of(indicator: Indicator) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "code": indicator.code,
        "topic": indicator.topic,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "decimals": indicator.decimals,
        "numerator": indicator.numerator_id,
        "numerator_filter": filter_text(indicator.numerator_filter),
        "denominator": indicator.denominator_id,
        "denominator_filter": filter_text(indicator.denominator_filter),
        "denominator_year_offset": indicator.denominator_year_offset,
        "breakdown": indicator.breakdown,
        "breakdown_in_denominator": indicator.breakdown_in_denominator,
        "series": series_text(indicator.series),
        "is_published": indicator.is_published,
        "position": indicator.position,
    }


class ReportForm(ModelForm):
    class Meta:
        model = Report
        fields = ["title", "year", "language"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language"),
            choices=[
                (code, get_language_info(code)["name_local"])
                for code in municipality.offered_languages
                if code in dict(settings.LANGUAGES)
            ],
        )


class SectionForm(ModelForm):
    class Meta:
        model = ReportSection
        fields = [
            "kind",
            "heading",
            "body",
            "indicator",
            "show_time_series",
            "show_districts",
            "show_map",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"indicator": SafeModelChoiceField}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(label=_("Kind"), choices=section_kinds())
        self.fields["indicator"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["indicator"].help_text = _("For a section of the kind “indicator”.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReportSection.Kind.INDICATOR and not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator of this section."))
        if data.get("kind") == ReportSection.Kind.TEXT and not (data.get("body") or "").strip():
            self.add_error("body", _("Write the text of this section."))
        return data
