"""Where an organisation's logo is served: through the tenant, never as a `/media/` file."""

from urllib.parse import quote

from django.urls import get_script_prefix, reverse

from querschnitt.core.models import Municipality
from querschnitt.network.models import Organisation

LOGO_AREA = "logos"

# The address up to the organisation's number, per municipality and script prefix: a list
# of organisations reverses the URL once, not once per row.
_bases: dict[tuple[str, str], str] = {}


def logo_prefix(municipality: Municipality) -> str:
    """Every logo of a municipality is stored under this prefix (`UploadTo("logos")`)."""
    return f"{municipality.slug}/{LOGO_AREA}/"


def _base(municipality: Municipality) -> str:
    key = (municipality.slug, get_script_prefix())
    if key not in _bases:
        sample = reverse(
            "network:organisation_logo",
            kwargs={"municipality": municipality.slug, "pk": 0, "name": "x"},
        )
        _bases[key] = sample.removesuffix("0/logo/x")
    return _bases[key]


def logo_url(
    organisation: Organisation, *, municipality: Municipality, stored_name: str | None = None
) -> str | None:
    """The address of the organisation's logo (or of a proposed one), or None without one.

    The address contains the stored file's own folder, so a new logo has a new address and
    browsers may keep each one for long. No query: the municipality is passed in.
    """
    name = organisation.logo.name if stored_name is None else stored_name
    return logo_address(organisation.pk, name, municipality=municipality)


def logo_address(pk: int, name: str | None, *, municipality: Municipality) -> str | None:
    """The address of the logo stored as `name` for the organisation `pk` (rows read with
    `values()` have no file field to ask)."""
    prefix = logo_prefix(municipality)
    if not name or not name.startswith(prefix):
        return None
    return f"{_base(municipality)}{pk}/logo/{quote(name.removeprefix(prefix))}"
