"""`Municipality.content_version`, kept on the instance, is the one written afresh: after a
change of either stamp and when its period passes; and `field_converters` found by a tuple's
identity are the ones found by its fields."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection

from querschnitt.core import models
from querschnitt.core.models import Municipality
from querschnitt.core.sql_rows import column, field_converters
from querschnitt.events.models import EventDate

pytestmark = pytest.mark.django_db


def written_afresh(municipality: Municipality) -> str:
    return Municipality.objects.get(pk=municipality.pk).content_version


def test_the_kept_version_follows_every_stamp_and_the_period(mannheim) -> None:
    municipality = Municipality.objects.get(pk=mannheim.pk)
    first = municipality.content_version
    assert municipality.content_version == first == written_afresh(mannheim)
    municipality.content_changed_at += timedelta(microseconds=1)
    assert municipality.content_version != first
    changed = municipality.content_version
    municipality.updated_at += timedelta(seconds=1)
    assert municipality.content_version not in {first, changed}
    municipality.save()
    saved = municipality.content_version
    assert saved == written_afresh(mannheim)
    later = models.time.time() + models.CONTENT_LIFETIME
    with mock.patch.object(models.time, "time", return_value=later):
        assert municipality.content_version == written_afresh(mannheim) != saved
        assert municipality.content_version.endswith(f"-{int(later) // models.CONTENT_LIFETIME}")


def test_converters_by_identity_are_those_by_fields() -> None:
    fields = (column(EventDate, "start"), None, column(EventDate, "end"))
    by_fields = field_converters(tuple(field for field in fields), connection)
    assert field_converters(fields, connection) == by_fields
    assert field_converters(fields, connection) is field_converters(fields, connection)
    again = tuple(field for field in fields)
    assert again is not fields
    assert field_converters(again, connection) == by_fields
