"""Writes of organisations: create, update, topics and languages, logo. Keeps the search text
and the search vocabulary current, and knows where a municipality roughly lies so that
coordinates far outside it can be flagged."""

import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core import files
from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.network.models import (
    District,
    Organisation,
    OrganisationLanguage,
    OrganisationTopic,
    Topic,
)
from querschnitt.network.search import build_search_text, search_vocabulary_add

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def organisation_check_related(
    *,
    municipality: Municipality,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    district: Any = None,
) -> None:
    """Topics from the fixed list, languages as ISO 639 codes, a district of this municipality."""
    errors: dict[str, str] = {}
    if topics is not None and (unknown := sorted(set(topics) - set(Topic.values))):
        errors["topics"] = _("Unknown topics: %(topics)s") % {"topics": ", ".join(unknown)}
    if languages is not None and (
        unknown := sorted(code for code in set(languages) if not LANGUAGE_CODE.match(code))
    ):
        errors["languages"] = _("Unknown languages: %(codes)s") % {"codes": ", ".join(unknown)}
    if district is not None and (
        not isinstance(district, District) or district.municipality_id != municipality.pk
    ):
        errors["district"] = _("Choose a district of this municipality.")
    if errors:
        raise ValidationError(errors)


def organisation_set_topics_and_languages(
    *,
    organisation: Organisation,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
) -> None:
    """Replace the organisation's topics and/or languages (None leaves them as they are)."""
    municipality = organisation.municipality
    topics = None if topics is None else sorted(set(topics))
    languages = None if languages is None else sorted(set(languages))
    organisation_check_related(municipality=municipality, topics=topics, languages=languages)
    if topics is not None:
        OrganisationTopic.objects.filter(
            municipality=municipality, organisation=organisation
        ).delete()
        OrganisationTopic.objects.bulk_create(
            OrganisationTopic(municipality=municipality, organisation=organisation, topic=topic)
            for topic in topics
        )
    if languages is not None:
        OrganisationLanguage.objects.filter(
            municipality=municipality, organisation=organisation
        ).delete()
        OrganisationLanguage.objects.bulk_create(
            OrganisationLanguage(
                municipality=municipality, organisation=organisation, language=language
            )
            for language in languages
        )


# ---------------------------------------------------------------------------------------------
# Logo

LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = (files.PNG, files.JPEG)


def organisation_check_logo(logo: Any) -> None:
    """A new logo must be a readable PNG or JPEG image (by its content, not its name) of at
    most 1 MB. SVG is refused: it can carry script."""
    if not isinstance(logo, UploadedFile):
        return
    try:
        kind = files.upload_check(logo, allowed=LOGO_TYPES, max_bytes=LOGO_MAX_BYTES)
        files.image_check(logo)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from error
    # A name of our own: the uploaded one is not trusted and may name a person.
    logo.name = f"logo.{kind.extension}"


# ---------------------------------------------------------------------------------------------
# Create and update


def _prepare(
    organisation: Organisation,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
) -> None:
    if organisation.status == Organisation.Status.PUBLISHED and organisation.published_at is None:
        organisation.published_at = timezone.now()
    organisation.search_text = build_search_text(
        organisation,
        topics=None if topics is None else list(topics),
        languages=None if languages is None else list(languages),
    )


@transaction.atomic
def organisation_create(
    *,
    municipality: Municipality,
    by: Any,
    topics: Iterable[str] = (),
    languages: Iterable[str] = (),
    **fields: Any,
) -> Organisation:
    """Add an organisation to the network of a municipality."""
    organisation_check_related(municipality=municipality, district=fields.get("district"))
    organisation_check_logo(fields.get("logo"))
    topics, languages = list(topics), list(languages)
    organisation = Organisation(municipality=municipality, **fields)
    _prepare(organisation, topics, languages)
    organisation.full_clean()
    organisation.save()
    organisation_set_topics_and_languages(
        organisation=organisation, topics=topics, languages=languages
    )
    search_vocabulary_add(municipality_id=municipality.pk, search_text=organisation.search_text)
    audit_record(
        municipality=municipality, actor=by, action="organisation.created", target=organisation
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by: Any,
    topics: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    **fields: Any,
) -> Organisation:
    """Change an organisation's entry; publishing stamps the date of publication."""
    municipality = organisation.municipality
    if "district" in fields:
        organisation_check_related(municipality=municipality, district=fields["district"])
    organisation_check_logo(fields.get("logo"))
    before = snapshot(organisation)
    before_topics = before_languages = None
    if topics is not None:
        before_topics = sorted(organisation.topics.values_list("topic", flat=True))
    if languages is not None:
        before_languages = sorted(organisation.languages.values_list("language", flat=True))
    if topics is not None:
        topics = list(topics)
    if languages is not None:
        languages = list(languages)
    for name, value in fields.items():
        setattr(organisation, name, value)
    _prepare(organisation, topics, languages)
    organisation.full_clean()
    organisation.save()
    organisation_set_topics_and_languages(
        organisation=organisation, topics=topics, languages=languages
    )
    search_vocabulary_add(municipality_id=municipality.pk, search_text=organisation.search_text)
    changes = field_changes(before, organisation)
    changes.pop("search_text", None)
    if topics is not None and before_topics != sorted(set(topics)):
        changes["topics"] = {"from": before_topics, "to": sorted(set(topics))}
    if languages is not None and before_languages != sorted(set(languages)):
        changes["languages"] = {"from": before_languages, "to": sorted(set(languages))}
    audit_record(
        municipality=municipality,
        actor=by,
        action="organisation.updated",
        target=organisation,
        changes=changes,
    )
    return organisation


# ---------------------------------------------------------------------------------------------
# Where the municipality lies

# Germany's extent with a margin: coordinates outside are wrong whatever the municipality
# (and catch swapped latitude and longitude).
GERMANY = (47.2, 5.8, 55.1, 15.1)
AREA_SAMPLE = 2000
AREA_MIN_POINTS = 5
AREA_MIN_RADIUS_KM = 8.0
AREA_MAX_RADIUS_KM = 40.0
AREA_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Area:
    """A rough circle around a municipality: the model has no boundary geometry."""

    latitude: float
    longitude: float
    radius_km: float
    source: str  # "setting" or "organisations"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def municipality_area(*, municipality: Municipality) -> Area | None:
    """Where the municipality roughly lies, or None when that is not known yet.

    A setting `MUNICIPALITY_AREAS = {"<slug>": (latitude, longitude, radius_km)}` wins.
    Otherwise the centre is the median of the coordinates of (up to 2,000 of) its
    organisations, and the radius 1.5 times the distance within which 90 % of them lie,
    kept between 8 and 40 km: the median ignores the odd wrong entry, and the radius grows
    with the city. Cached for an hour; one query when it is not cached.
    """
    configured = getattr(settings, "MUNICIPALITY_AREAS", {}).get(municipality.slug)
    if configured:
        latitude, longitude, radius = configured
        return Area(float(latitude), float(longitude), float(radius), "setting")
    key = f"network:area:{municipality.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    points = [
        (float(lat), float(lon))
        for lat, lon in Organisation.objects.filter(
            municipality=municipality, latitude__isnull=False, longitude__isnull=False
        )
        .order_by("-pk")
        .values_list("latitude", "longitude")[:AREA_SAMPLE]
        if inside_box(float(lat), float(lon), GERMANY)
    ]
    area: Area | None = None
    if len(points) >= AREA_MIN_POINTS:
        latitude = statistics.median(lat for lat, _lon in points)
        longitude = statistics.median(lon for _lat, lon in points)
        distances = sorted(distance_km(latitude, longitude, lat, lon) for lat, lon in points)
        p90 = distances[int(0.9 * (len(distances) - 1))]
        radius = min(max(1.5 * p90, AREA_MIN_RADIUS_KM), AREA_MAX_RADIUS_KM)
        area = Area(latitude, longitude, radius, "organisations")
    cache.set(key, area or False, AREA_CACHE_SECONDS)
    return area


def inside_box(latitude: float, longitude: float, box: tuple[float, float, float, float]) -> bool:
    south, west, north, east = box
    return south <= latitude <= north and west <= longitude <= east


def organisation_location_problem(
    *,
    municipality: Municipality,
    latitude: Decimal | float | None,
    longitude: Decimal | float | None,
) -> str | None:
    """Why the coordinates look wrong for the municipality, or None when they look right."""
    if latitude is None or longitude is None:
        return None
    lat, lon = float(latitude), float(longitude)
    if not inside_box(lat, lon, GERMANY):
        return _("These coordinates lie outside Germany. Are latitude and longitude swapped?")
    area = municipality_area(municipality=municipality)
    if area is None:
        return None
    distance = distance_km(area.latitude, area.longitude, lat, lon)
    if distance > area.radius_km:
        return _(
            "These coordinates lie about %(distance)d km from the centre of %(municipality)s, "
            "outside the municipality."
        ) % {"distance": round(distance), "municipality": municipality.name}
    return None


def coordinates_outside(*, area: Area | None, latitude: Any, longitude: Any) -> bool:
    """For lists: whether one row's coordinates lie outside (the area computed once)."""
    if latitude is None or longitude is None:
        return False
    lat, lon = float(latitude), float(longitude)
    if not inside_box(lat, lon, GERMANY):
        return True
    return (
        area is not None and distance_km(area.latitude, area.longitude, lat, lon) > area.radius_km
    )
