"""The map's district outlines are remembered by the boundaries' stored texts (`geo.outlines`):
drawn as afresh, and a changed boundary is drawn anew on the next request."""

import json
import re
from typing import Any

import pytest
from django.test import Client
from django_scopes import scope

from querschnitt.monitoring import geo, page_reads
from querschnitt.monitoring.models import Area

pytestmark = pytest.mark.django_db

INDICATOR = "/mannheim/monitoring/indikatoren/migrationshintergrund/"


def forget() -> None:
    geo._projections.clear()
    geo._paths.clear()


Shapes = list[tuple[str | None, dict[str, Any]]]


def drawn_afresh(shapes: Shapes, width: float) -> tuple[float, list[str]]:
    projection, height = geo.projection_for([geometry for _text, geometry in shapes], width)
    return height, [geo.svg_path(geometry, projection) for _text, geometry in shapes]


def map_paths(language: str) -> list[str]:
    client = Client()
    client.cookies["qs_language"] = language
    response = client.get(INDICATOR)
    assert response.status_code == 200
    found = re.search(r'<svg[^>]*qs-chart--map".*?</svg>', response.content.decode(), re.S)
    assert found is not None
    return re.findall(r'<path d="([^"]*)"', found.group())


def shifted(geometry: dict[str, Any], by: float) -> dict[str, Any]:
    def move(value: Any) -> Any:
        if isinstance(value, list) and value and isinstance(value[0], int | float):
            return [value[0] + by, value[1] + by, *value[2:]]
        return [move(item) for item in value] if isinstance(value, list) else value

    return {**geometry, "coordinates": move(geometry["coordinates"])}


def test_remembered_outlines_are_the_ones_drawn_afresh(mannheim) -> None:
    forget()
    areas = page_reads.areas_with_boundaries(municipality=mannheim)
    texts = [page_reads.boundary_text(area) for area in areas]
    assert [json.loads(text or "") for text in texts] == [area.boundary for area in areas]
    shapes: Shapes = [(text, area.boundary or {}) for text, area in zip(texts, areas, strict=True)]
    for _ in range(2):  # drawn, then remembered
        assert geo.outlines(shapes, 540) == drawn_afresh(shapes, 540)
    assert geo.outlines(shapes[::-1], 540) == drawn_afresh(shapes[::-1], 540)
    assert geo.outlines(shapes[:5], 300) == drawn_afresh(shapes[:5], 300)
    # a changed boundary is another text: drawn anew, and so is every outline it moves
    moved = shifted(shapes[0][1], 0.5)
    changed: Shapes = [(json.dumps(moved), moved), *shapes[1:]]
    assert geo.outlines(changed, 540) == drawn_afresh(changed, 540)
    assert geo.outlines(changed, 540) != geo.outlines(shapes, 540)
    # without a stored text for each, nothing is remembered
    untold: Shapes = [(None, geometry) for _text, geometry in changed]
    assert geo.outlines(untold, 540) == drawn_afresh(untold, 540)


def test_a_changed_boundary_shows_at_once(mannheim, settings) -> None:
    settings.PAGE_CACHE = False
    forget()
    before = {language: map_paths(language) for language in ("de", "ar")}
    assert before["de"] == before["ar"]
    with scope(municipality=mannheim):
        area = Area.objects.filter(municipality=mannheim).order_by("code").first()
        area.boundary = shifted(area.boundary, 0.5)
        area.save()
    after = {language: map_paths(language) for language in ("de", "ar")}
    assert after["de"] != before["de"]
    assert after["de"] == after["ar"]
    with scope(municipality=mannheim):
        Area.objects.filter(pk=area.pk).update(name=area.name)  # no change of the outlines
    forget()
    mannheim.refresh_from_db()
    with scope(municipality=mannheim):
        area.save()  # a new content version, and nothing remembered: drawn afresh
    assert {language: map_paths(language) for language in ("de", "ar")} == after
