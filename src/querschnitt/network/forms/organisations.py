"""The office's form for an organisation: every field of the entry."""

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from querschnitt.core.forms import (
    Fieldset,
    FilterForm,
    ModelForm,
    add_translated_fields,
    translated_values,
)
from querschnitt.core.models import Municipality
from querschnitt.network.forms.facts import FactField
from querschnitt.network.models import District, Organisation, Topic
from querschnitt.network.selectors.entries import spoken_language_choices
from querschnitt.network.services.organisations import (
    municipality_area,
    organisation_check_logo,
    organisation_location_problem,
)


def clean_logo(logo: Any) -> Any:
    """A form's check of an uploaded logo, with the service's reason as the field's error."""
    if isinstance(logo, UploadedFile):
        try:
            organisation_check_logo(logo)
        except ValidationError as error:
            raise ValidationError(error.message_dict["logo"]) from error
    return logo


class OrganisationForm(ModelForm):
    """Create or edit an organisation. Coordinates far outside the municipality must be
    confirmed before they are saved; a logo must be a PNG or JPEG of at most 1 MB."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        required=False,
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Not "website": that name belongs to the honeypot of public forms and is hidden by CSS.
    homepage = forms.URLField(label=_("Website"), required=False, max_length=200)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "street",
            "postal_code",
            "city",
            "district",
            "latitude",
            "longitude",
            "wheelchair_accessible",
            "public_email",
            "public_phone",
            "logo",
            "status",
            "visibility",
            "is_example",
        ]
        field_classes = {"district": SafeModelChoiceField, "wheelchair_accessible": FactField}
        widgets = {
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
            "public_phone": forms.TextInput(attrs={"type": "tel"}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        }
        help_texts = {
            "latitude": _("Decimal degrees north, for example 49.487459."),
            "longitude": _("Decimal degrees east, for example 8.466039."),
            "logo": _("PNG or JPEG, at most 1 MB."),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.description_languages = municipality.offered_languages
        district = self.fields["district"]
        district.queryset = District.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        district.empty_label = _("Not stated")  # type: ignore[attr-defined]
        current_languages: list[str] = []
        if self.instance.pk:
            self.fields["topics"].initial = list(
                self.instance.topics.values_list("topic", flat=True)
            )
            current_languages = list(self.instance.languages.values_list("language", flat=True))
            self.fields["languages"].initial = current_languages
            self.fields["homepage"].initial = self.instance.website
        known = spoken_language_choices()
        known_codes = {code for code, _name in known}
        self.fields["languages"].choices = known + [  # type: ignore[attr-defined]
            (code, code) for code in sorted(set(current_languages) - known_codes)
        ]
        if not self.instance.logo:
            del self.fields["remove_logo"]
        add_translated_fields(
            self,
            "description",
            label=str(_("Description and offers")),
            languages=self.description_languages,
            initial=self.instance.description or {},
            required_german=False,
        )
        if self.is_bound and self.data.get(self.add_prefix("confirm_location")):
            self.add_confirm_location()
        self.order_fields(
            [
                "name",
                "kind",
                "topics",
                "languages",
                *[f"description_{code}" for code in self.description_languages],
                "street",
                "postal_code",
                "city",
                "district",
                "latitude",
                "longitude",
                "confirm_location",
                "wheelchair_accessible",
                "public_email",
                "public_phone",
                "homepage",
                "logo",
                "remove_logo",
                "status",
                "visibility",
                "is_example",
            ]
        )

        languages = self.description_languages
        self.fieldsets = [
            Fieldset(_("The organisation"), ["name", "kind", "topics"]),
            Fieldset(_("Languages spoken"), ["languages"], rare=True),
            Fieldset(
                _("Description"),
                ["description_de"],
                hint=_("Shown on the organisation's page in the directory."),
            ),
            Fieldset(
                _("Description in other languages"),
                [f"description_{code}" for code in languages if code != "de"],
                hint=_("Where a language is left empty, the German text is shown."),
                rare=True,
            ),
            Fieldset(
                _("Address"),
                ["street", "postal_code", "city", "district", "wheelchair_accessible"],
            ),
            Fieldset(
                _("Location on the map"),
                ["latitude", "longitude", "confirm_location"],
                template="network/staff/_location_picker.html" if self.location_map else "",
            ),
            Fieldset(_("Contact"), ["public_email", "public_phone", "homepage"]),
            Fieldset(_("Logo"), ["logo", "remove_logo"], rare=True),
            Fieldset(_("Publication"), ["status", "visibility", "is_example"]),
        ]

    @cached_property
    def location_map(self) -> dict[str, Any] | None:
        """Where staff place the organisation on a map: only where a tile server is set."""
        if not settings.MAP_TILE_URL:
            return None
        latitude, longitude = self.instance.latitude, self.instance.longitude
        area = municipality_area(municipality=self.municipality)
        if latitude is None and area is not None:
            latitude, longitude = Decimal(str(area.latitude)), Decimal(str(area.longitude))
        return {
            "tile_url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "latitude": latitude,
            "longitude": longitude,
            "placed": self.instance.latitude is not None,
        }

    def add_confirm_location(self) -> None:
        if "confirm_location" not in self.fields:
            self.fields["confirm_location"] = forms.BooleanField(
                label=_("The location is correct, even though it lies outside"),
                required=False,
            )
            self.order_fields(list(self.fields))

    def clean_logo(self) -> Any:
        return clean_logo(self.cleaned_data.get("logo"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude: Decimal | None = data.get("latitude")
        longitude: Decimal | None = data.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        if (latitude is None) != (longitude is None):
            self.add_error(
                "latitude" if latitude is None else "longitude",
                _("Give both latitude and longitude, or neither."),
            )
            return data
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", _("The latitude lies between -90 and 90."))
            return data
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", _("The longitude lies between -180 and 180."))
            return data
        problem = organisation_location_problem(
            municipality=self.municipality, latitude=latitude, longitude=longitude
        )
        self.location_problem = problem
        if problem and not self.data.get(self.add_prefix("confirm_location")):
            self.add_confirm_location()
            self.add_error(
                "latitude",
                f"{problem} "
                + str(_("Check the coordinates, or confirm the location below the longitude.")),
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of organisation_create / organisation_update."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "logo"}
        fields["website"] = data.get("homepage") or ""
        fields["description"] = translated_values(self, "description", self.description_languages)
        fields["topics"] = data.get("topics") or []
        fields["languages"] = data.get("languages") or []
        if data.get("remove_logo"):
            fields["logo"] = ""
        elif isinstance(data.get("logo"), UploadedFile):
            fields["logo"] = data["logo"]
        return fields


class StaffOrganisationFilterForm(FilterForm):
    """Search and status filter of the office's list."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Organisation.Status.choices],
    )
