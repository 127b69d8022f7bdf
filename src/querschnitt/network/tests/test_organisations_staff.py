"""The office's pages for organisations: list with status filter and search, create and edit
through the services, coordinates outside the municipality, the logo upload."""

import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from conftest import signed_in_client
from querschnitt.core import selectors
from querschnitt.core.models import AuditEntry, Visibility
from querschnitt.network.models import Organisation
from querschnitt.network.services.organisations import (
    municipality_area,
    organisation_location_problem,
)
from querschnitt.network.tests.test_directory_fixtures import make_organisation

STAFF = "/mannheim/verwaltung/akteure/"


def image(kind: str) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b4f8a").save(output, format=kind)
    return output.getvalue()


PNG = image("PNG")
JPEG = image("JPEG")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def admin():
    client = signed_in_client("team@mannheim.example")
    client.cookies["qs_language"] = "en"
    return client


def valid_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Prüfverein Quellenhof e. V.",
        "kind": "association",
        "topics": ["culture", "youth"],
        "languages": ["de", "tr"],
        "description_de": "Wir treffen uns jeden Freitag.",
        "description_en": "We meet every Friday.",
        "street": "Quellenweg 1",
        "postal_code": "68159",
        "city": "Mannheim",
        "district": "",
        "latitude": "49.487000",
        "longitude": "8.466000",
        "public_email": "info@quellenhof.example",
        "public_phone": "+49 621 99",
        "homepage": "https://quellenhof.example/",
        "status": "published",
        "visibility": "public",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def rows(html: str) -> list[str]:
    return re.findall(
        r'<th class="kern-table__cell" scope="row"><a [^>]*><bdi lang="de">([^<]*)<', html
    )


@pytest.mark.django_db
def test_the_list_shows_every_status_and_filters(mannheim) -> None:
    make_organisation(mannheim, "Quxverein Angefragt", status="requested")
    make_organisation(mannheim, "Quxverein Intern", visibility=Visibility.INTERNAL)
    make_organisation(mannheim, "Quxverein Öffentlich")
    client = admin()
    html = client.get(STAFF + "?q=Quxverein").content.decode()
    assert sorted(rows(html)) == ["Quxverein Angefragt", "Quxverein Intern", "Quxverein Öffentlich"]
    html = client.get(STAFF + "?q=quxvereine&status=requested").content.decode()
    assert rows(html) == ["Quxverein Angefragt"]
    assert client.get(STAFF + "?status=nonsense").status_code == 200


@pytest.mark.django_db
def test_create_through_the_service_with_an_audit_entry(mannheim) -> None:
    response = admin().post(STAFF + "neu/", valid_data())
    assert response.status_code == 302
    with scope(municipality=mannheim):
        organisation = Organisation.objects.get(
            municipality=mannheim, name__startswith="Prüfverein"
        )
        assert response["Location"] == f"{STAFF}{organisation.pk}/"
        assert organisation.website == "https://quellenhof.example/"
        assert organisation.description == {
            "de": "Wir treffen uns jeden Freitag.",
            "en": "We meet every Friday.",
        }
        assert sorted(organisation.topics.values_list("topic", flat=True)) == ["culture", "youth"]
        assert sorted(organisation.languages.values_list("language", flat=True)) == ["de", "tr"]
        assert organisation.published_at is not None
        assert "quellenhof" in organisation.search_text
        assert AuditEntry.objects.filter(
            municipality=mannheim, action="organisation.created", target_id=str(organisation.pk)
        ).exists()
    # Published and public: it is in the directory at once.
    html = admin().get("/mannheim/akteure/?q=Quellenhof").content.decode()
    assert "Prüfverein Quellenhof e. V." in html


@pytest.mark.django_db
def test_bad_input_gives_form_errors(mannheim) -> None:
    client = admin()
    cases: list[dict[str, object]] = [
        {"name": ""},
        {"kind": "spaceship"},
        {"topics": ["astrology"]},
        {"languages": ["klingon"]},
        {"public_email": "not-an-address"},
        {"homepage": "javascript:alert(1)"},
        {"latitude": "91", "longitude": "8"},
        {"latitude": "49.4", "longitude": ""},
        {"latitude": "abc"},
        {"status": "deleted"},
        {"district": "999999999"},
    ]
    for overrides in cases:
        response = client.post(STAFF + "neu/", valid_data(**overrides))
        assert response.status_code == 200, overrides
        assert 'class="kern-error"' in response.content.decode(), overrides
    with scope(municipality=mannheim):
        assert not Organisation.objects.filter(name__startswith="Prüfverein").exists()


@pytest.mark.django_db
def test_another_municipalitys_district_is_refused(mannheim, bamberg) -> None:
    from querschnitt.network.tests.test_directory_fixtures import make_district

    district = make_district(bamberg, "Gaustadt-Prüf")
    response = admin().post(STAFF + "neu/", valid_data(district=str(district.pk)))
    assert response.status_code == 200
    assert 'class="kern-error"' in response.content.decode()


@pytest.mark.django_db
def test_edit_and_audit_changes(mannheim) -> None:
    organisation = make_organisation(mannheim, "Prüfchor Alt", topics=("culture",))
    client = admin()
    page = client.get(f"{STAFF}{organisation.pk}/").content.decode()
    assert 'value="Prüfchor Alt"' in page
    response = client.post(
        f"{STAFF}{organisation.pk}/",
        valid_data(name="Prüfchor Neu", topics=["culture", "women"], status="archived"),
    )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        organisation.refresh_from_db()
        assert organisation.name == "Prüfchor Neu"
        assert organisation.status == "archived"
        entry = AuditEntry.objects.filter(
            municipality=mannheim, action="organisation.updated", target_id=str(organisation.pk)
        ).latest("pk")
    assert entry.changes["name"] == {"from": "Prüfchor Alt", "to": "Prüfchor Neu"}
    assert entry.changes["topics"] == {"from": ["culture"], "to": ["culture", "women"]}


@pytest.mark.django_db
def test_another_municipalitys_organisation_is_not_found(bamberg) -> None:
    foreign = make_organisation(bamberg, "Bamberger Prüfverein")
    client = admin()
    assert client.get(f"{STAFF}{foreign.pk}/").status_code == 404
    assert client.post(f"{STAFF}{foreign.pk}/", valid_data()).status_code == 404


@pytest.mark.django_db
def test_coordinates_outside_the_municipality_must_be_confirmed(mannheim) -> None:
    cache.clear()
    # Berlin, far from Mannheim's organisations.
    outside = valid_data(latitude="52.520000", longitude="13.405000")
    client = admin()
    response = client.post(STAFF + "neu/", outside)
    html = response.content.decode()
    assert response.status_code == 200
    assert "outside the municipality" in html
    assert 'name="confirm_location"' in html
    response = client.post(STAFF + "neu/", {**outside, "confirm_location": "on"})
    assert response.status_code == 302
    with scope(municipality=mannheim):
        organisation = Organisation.objects.get(name__startswith="Prüfverein")
    # Flagged in the list and on the edit page.
    html = client.get(STAFF + "?q=Quellenhof").content.decode()
    assert 'data-flag="location"' in html
    follow = client.get(response["Location"]).content.decode()
    assert "outside the municipality" in follow
    # Swapped latitude and longitude lie outside Germany.
    response = client.post(
        f"{STAFF}{organisation.pk}/", valid_data(latitude="8.466000", longitude="49.487000")
    )
    assert "outside Germany" in response.content.decode()
    # Inside: no question asked.
    assert client.post(STAFF + "neu/", valid_data(name="Prüfverein Zwei")).status_code == 302


@pytest.mark.django_db
def test_the_area_comes_from_the_organisations_or_a_setting(mannheim, settings) -> None:
    cache.clear()
    with scopes_disabled():
        area = municipality_area(municipality=mannheim)
    assert area is not None
    assert area.source == "organisations"
    assert 49.3 < area.latitude < 49.7
    assert 8.3 < area.longitude < 8.7
    assert 8 <= area.radius_km <= 40
    with scopes_disabled():
        assert (
            organisation_location_problem(municipality=mannheim, latitude=49.49, longitude=8.47)
            is None
        )
    settings.MUNICIPALITY_AREAS = {"mannheim": (52.52, 13.40, 10)}
    with scopes_disabled():
        configured = municipality_area(municipality=mannheim)
        assert configured is not None
        assert configured.source == "setting"
        assert organisation_location_problem(municipality=mannheim, latitude=49.49, longitude=8.47)


@pytest.mark.django_db
def test_logo_png_and_jpeg_only_by_content_at_most_1_mb(
    mannheim, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = admin()
    for name, content, reason in (
        ("logo.png", SVG, "its content is Text"),
        ("logo.svg", SVG, "its content is Text"),
        ("logo.png", b"GIF89a" + PNG, "its content is GIF"),
        ("logo.png", PNG[:16] + b"<html>", "The image cannot be read."),
    ):
        data = valid_data(logo=SimpleUploadedFile(name, content, content_type="image/png"))
        response = client.post(STAFF + "neu/", data)
        assert response.status_code == 200, name
        assert reason in response.content.decode(), name
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (1024 * 1024), content_type="image/png")
    response = client.post(STAFF + "neu/", valid_data(logo=big))
    assert "at most 1 MB" in response.content.decode()
    jpeg = SimpleUploadedFile("../../evil.svg", JPEG, content_type="image/svg+xml")
    assert client.post(STAFF + "neu/", valid_data(logo=jpeg)).status_code == 302
    with scope(municipality=mannheim):
        organisation = Organisation.objects.get(name__startswith="Prüfverein")
    first = organisation.logo.name
    assert re.fullmatch(r"mannheim/logos/[0-9a-f]{32}/logo\.jpg", first)
    assert (tmp_path / first).read_bytes() == JPEG
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{STAFF}{organisation.pk}/",
            valid_data(logo=SimpleUploadedFile("neu.png", PNG, content_type="image/png")),
        )
    assert response.status_code == 302
    with scope(municipality=mannheim):
        organisation.refresh_from_db()
    assert organisation.logo.name.endswith("/logo.png")
    assert not (tmp_path / first).exists(), "the replaced logo is removed"
    second = organisation.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{STAFF}{organisation.pk}/", valid_data(remove_logo="on"))
    assert response.status_code == 302
    with scope(municipality=mannheim):
        organisation.refresh_from_db()
    assert not organisation.logo
    assert not (tmp_path / second).exists(), "the removed logo is deleted"


def query_count(client, path: str) -> int:
    cache.clear()
    selectors._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_staff_list_query_count_does_not_grow(mannheim) -> None:
    client = admin()
    paths = [STAFF, STAFF + "?q=Zählverein", STAFF + "?status=published"]
    for number in range(10):
        make_organisation(mannheim, f"Zählverein {number:03d}", latitude="49.4", longitude="8.4")
    small = [query_count(client, path) for path in paths]
    for number in range(10, 200):
        make_organisation(mannheim, f"Zählverein {number:03d}", latitude="49.4", longitude="8.4")
    assert [query_count(client, path) for path in paths] == small


TILES = "/static/network/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"


@pytest.mark.django_db
def test_the_form_groups_its_fields_and_folds_the_rare_ones(settings) -> None:
    settings.MAP_TILE_URL = ""
    html = admin().get(STAFF + "neu/").content.decode()
    headings = re.findall(r"<legend[^>]*><h2[^>]*>([^<]+)</h2>", html)
    assert headings == [
        "The organisation",
        "Description",
        "Address",
        "Location on the map",
        "Contact",
        "Publication",
    ]
    folded = re.findall(
        r'<summary class="kern-accordion__header"><span class="kern-title">([^<(]+)', html
    )
    assert [summary.strip() for summary in folded] == [
        "Languages spoken",
        "Description in other languages",
        "Logo",
    ]


@pytest.mark.django_db
def test_without_a_tile_server_the_coordinates_are_typed(settings) -> None:
    settings.MAP_TILE_URL = ""
    html = admin().get(STAFF + "neu/").content.decode()
    assert "data-location-picker" not in html
    assert "leaflet.js" not in html
    assert 'name="latitude"' in html
    assert 'name="longitude"' in html


@pytest.mark.django_db
def test_with_a_tile_server_staff_place_the_location_on_a_map(settings, mannheim) -> None:
    settings.MAP_TILE_URL = TILES
    with scope(municipality=mannheim):
        organisation = make_organisation(
            mannheim, "Kartenverein", latitude=Decimal("49.48"), longitude=Decimal("8.46")
        )
    html = admin().get(f"{STAFF}{organisation.pk}/").content.decode()
    picker = re.search(r"<div class=\"qs-location-picker\"[^>]*>", html, re.S)
    assert picker is not None
    assert " hidden" in picker.group(0)  # shown by the script; without it the fields remain
    assert 'data-lat="49.480000"' in picker.group(0)
    assert 'data-latitude-input="id_latitude"' in picker.group(0)
    assert "location-picker.js" in html
    assert 'name="latitude"' in html
    assert "<script>" not in html
    assert " style=" not in html
