"""The API's organisations as `OrganisationOut`, and the list without filters written as JSON
row by row.

Converting a row's seventeen columns (JSON descriptions, decimals, datetimes), making it an
`OrganisationOut` and encoding it cost most of the list's request, and the same rows are asked
for again and again: so the JSON of each row is remembered under everything it is made of,
the row as the database gave it, the municipality's content version (its topics and
languages), and the request's addresses of entries and logos (a changed value is another
key). A row that cannot be a key (a database
that gives JSON as a dict) is written each time. `test_api_rows.py` compares the answers
with those written from the ORM's values by `organisations_out` and `json.dumps`. The
alliance's members without filters are written the same way (`members_json`).
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from querschnitt.core.routing import municipality_reverse
from querschnitt.network.logos import logo_address, logo_prefix
from querschnitt.network.models import Topic
from querschnitt.network.selectors.directory import topics_and_languages
from querschnitt.network.selectors.directory_sql import api_converter, member_since_converter

KNOWN_TOPICS = frozenset(Topic.values)
REMEMBERED = 4096
_written: dict[tuple[Any, ...], str] = {}


@dataclass(frozen=True)
class Addresses:
    """Where the rows of a request point: an entry's page is `<prefix>/<id>/<suffix>`; the
    logo's address is the request's, whose sample is that of logo "x" of entry 0."""

    prefix: str
    suffix: str
    logo_sample: str

    @classmethod
    def of(cls, request: HttpRequest) -> "Addresses":
        # One address for all rows: the address of an entry differs only in its number.
        place = request.municipality  # type: ignore[attr-defined]
        sample = request.build_absolute_uri(
            municipality_reverse(place, "network:organisation_detail", pk=0)
        )
        prefix, suffix = sample.rsplit("/0/", 1)
        logo = logo_address(0, f"{logo_prefix(place)}x", municipality=place) or ""
        return cls(prefix, suffix, request.build_absolute_uri(logo))


def dumps(data: Any) -> str:
    return json.dumps(data, cls=NinjaJSONEncoder)


def organisations_out(request: HttpRequest, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of PUBLIC_FIELDS as OrganisationOut."""
    place = request.municipality  # type: ignore[attr-defined]
    addresses = Addresses.of(request)
    codes = topics_and_languages([row["id"] for row in rows], municipality=place)
    return [organisation_out(request, row, codes[row["id"]], addresses) for row in rows]


def organisation_out(
    request: HttpRequest,
    row: dict[str, Any],
    codes: tuple[Sequence[str], Sequence[str]],
    addresses: Addresses,
) -> dict[str, Any]:
    """A row of PUBLIC_FIELDS, with its topic and language codes, as OrganisationOut."""
    place = request.municipality  # type: ignore[attr-defined]
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "topics": [topic for topic in codes[0] if topic in KNOWN_TOPICS],
        "languages": list(codes[1]),
        "address": {
            "street": row["street"] or None,
            "postal_code": row["postal_code"] or None,
            "city": row["city"] or None,
            "district": (
                {"id": row["district__id"], "name": row["district__name"]}
                if row["district__id"] is not None
                else None
            ),
        },
        "coordinates": (
            {"lat": float(row["latitude"]), "lon": float(row["longitude"])}
            if row["latitude"] is not None and row["longitude"] is not None
            else None
        ),
        "wheelchair_accessible": row["wheelchair_accessible"],
        "contact": {
            "email": row["public_email"] or None,
            "phone": row["public_phone"] or None,
            "website": row["website"] or None,
        },
        "description": {
            language: text
            for language, text in (row["description"] or {}).items()
            if isinstance(text, str) and text.strip()
        },
        "updated_at": row["updated_at"],
        "web": f"{addresses.prefix}/{row['id']}/{addresses.suffix}",
        "logo": (
            request.build_absolute_uri(address)
            if (address := logo_address(row["id"], row["logo"], municipality=place))
            else None
        ),
    }


def listed_json(request: HttpRequest, using: str, rows: list[tuple[Any, ...]]) -> list[str]:
    """The JSON of each row of `listed_raw` as OrganisationOut, as `dumps` writes it.

    A row is remembered under the municipality's content version (its topics and languages are
    read apart from the row, and their changes go with a save of the organisation, which moves
    it): the topics and languages are read only for the rows not remembered."""
    place = request.municipality  # type: ignore[attr-defined]
    addresses = Addresses.of(request)
    context = (using, place.pk, place.slug, place.content_version, addresses)
    found: list[str | None] = []
    for raw in rows:
        try:
            found.append(_written.get((*context, raw)))
        except TypeError:  # not hashable
            found.append(None)
    missing = [raw[0] for raw, written in zip(rows, found, strict=True) if written is None]
    if not missing:
        return found  # type: ignore[return-value]
    codes = topics_and_languages(missing, municipality=place)
    convert = api_converter(using)
    encode = NinjaJSONEncoder().encode  # what `dumps` does, the encoder made once
    written = []
    for raw, remembered in zip(rows, found, strict=True):
        if remembered is None:
            remembered = encode(organisation_out(request, convert(raw), codes[raw[0]], addresses))
            _remember((*context, raw), remembered)
        written.append(remembered)
    return written


def _remember(key: tuple[Any, ...], text: str) -> None:
    try:
        hash(key)
    except TypeError:  # a row that cannot be a key is written each time
        return
    if len(_written) >= REMEMBERED:
        _written.clear()
    _written[key] = text


def members_json(using: str, rows: list[tuple[Any, ...]]) -> list[str]:
    """The JSON of each row of `member_raw` as MemberOut, as `dumps` writes it: remembered
    under the row as the database gave it and the current time zone, which makes its day."""
    zone = timezone.get_current_timezone()
    convert = member_since_converter(using)
    encode = NinjaJSONEncoder().encode
    written = []
    for raw in rows:
        key = ("member", using, zone, raw)
        found = _written.get(key)
        if found is None:
            pk, name, kind, since = raw
            if len(_written) >= REMEMBERED:
                _written.clear()
            found = _written[key] = encode(
                {
                    "id": pk,
                    "name": name,
                    "kind": kind,
                    "member_since": timezone.localdate(convert(since), zone),
                }
            )
        written.append(found)
    return written
