"""Writes of the monitoring's set-up: sources and their rules, areas and their boundaries,
the open-data settings."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from querschnitt.core.audit import audit_record, field_changes, snapshot
from querschnitt.core.models import Municipality
from querschnitt.monitoring.dimensions import normalise
from querschnitt.monitoring.geo import BoundaryError, read_features
from querschnitt.monitoring.models import Area, FigureTable, MonitoringSettings, Source
from querschnitt.monitoring.services.computation import indicators_recompute, source_reprotect

RULE_FIELDS = ("min_count", "protection", "rounding")


@transaction.atomic
def source_create(*, municipality: Municipality, by: Any, **fields: Any) -> Source:
    """A new source of figures, with its confidentiality rule."""
    source = Source(municipality=municipality, **fields)
    source.full_clean()
    source.save()
    audit_record(municipality=municipality, actor=by, action="source.created", target=source)
    return source


@transaction.atomic
def source_update(*, source: Source, by: Any, **fields: Any) -> Source:
    """Change a source; a changed rule applies at once to everything published from it."""
    before = snapshot(source)
    for name, value in fields.items():
        setattr(source, name, value)
    source.full_clean()
    source.save()
    changes = field_changes(before, source)
    audit_record(
        municipality=source.municipality,
        actor=by,
        action="source.updated",
        target=source,
        changes=changes,
    )
    if set(changes) & set(RULE_FIELDS):
        source_reprotect(source=source)
        indicators_recompute(municipality=source.municipality)
    return source


@transaction.atomic
def area_create(*, municipality: Municipality, by: Any, code: str, name: str) -> Area:
    area = Area(municipality=municipality, code=code.strip(), name=name.strip())
    area.full_clean()
    area.save()
    audit_record(municipality=municipality, actor=by, action="area.created", target=area)
    return area


@transaction.atomic
def area_update(*, area: Area, by: Any, code: str, name: str) -> Area:
    """Rename an area; its code can change only while no table counts it."""
    before = snapshot(area)
    code = code.strip()
    if code != area.code and any(
        area.code in (table.categories[0] if table.dims[:1] == ["area"] else [])
        for table in FigureTable.objects.filter(municipality=area.municipality).only(
            "dims", "categories"
        )
    ):
        raise ValidationError(
            {"code": _("Tables count this area by its code; the code cannot change any more.")}
        )
    area.code, area.name = code, name.strip()
    area.full_clean()
    area.save()
    audit_record(
        municipality=area.municipality,
        actor=by,
        action="area.updated",
        target=area,
        changes=field_changes(before, area),
    )
    return area


@transaction.atomic
def boundaries_upload(*, municipality: Municipality, by: Any, content: bytes) -> list[Area]:
    """Give the areas the polygons of an uploaded GeoJSON file, matched by code or name; all
    or nothing."""
    try:
        features = read_features(content)
    except BoundaryError as error:
        raise ValidationError(str(error)) from error
    areas = list(Area.objects.filter(municipality=municipality))
    by_code = {normalise(area.code): area for area in areas}
    by_code.update({normalise(area.code).lstrip("0"): area for area in areas})
    by_name = {normalise(area.name): area for area in areas}
    problems, matched = [], {}
    for feature in features:
        area = (
            by_code.get(normalise(feature.code))
            or by_code.get(normalise(feature.code).lstrip("0"))
            or by_name.get(normalise(feature.name))
        )
        if area is None:
            problems.append(
                _("Feature %(number)s (code “%(code)s”, name “%(name)s”) matches no area.")
                % {"number": feature.number, "code": feature.code, "name": feature.name}
            )
        elif area.pk in matched:
            problems.append(
                _("Feature %(number)s is a second boundary for %(area)s.")
                % {"number": feature.number, "area": area}
            )
        else:
            matched[area.pk] = (area, feature.geometry)
    if problems:
        raise ValidationError(problems)
    for area, geometry in matched.values():
        area.boundary = geometry
    Area.objects.bulk_update([area for area, _geometry in matched.values()], ["boundary"])
    audit_record(
        municipality=municipality,
        actor=by,
        action="area.boundaries_uploaded",
        changes={"areas": len(matched)},
    )
    return [area for area, _geometry in matched.values()]


@transaction.atomic
def monitoring_settings_update(
    *, municipality: Municipality, by: Any, **fields: Any
) -> MonitoringSettings:
    settings, _created = MonitoringSettings.objects.get_or_create(municipality=municipality)
    before = snapshot(settings)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    audit_record(
        municipality=municipality,
        actor=by,
        action="monitoring_settings.updated",
        target=settings,
        changes=field_changes(before, settings),
    )
    return settings
