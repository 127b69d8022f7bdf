"""The network settings read by plain SQL are the row the ORM reads, of its municipality only."""

import pytest

from querschnitt.core.models import Municipality
from querschnitt.core.tests.test_rows import fields
from querschnitt.network.models import NetworkSettings
from querschnitt.network.selectors.declarations import network_settings_of


@pytest.mark.django_db
def test_the_network_settings_are_the_row_the_orm_reads(unscoped: None) -> None:
    mannheim = Municipality.objects.get(slug="mannheim")
    bamberg = Municipality.objects.get(slug="bamberg")
    NetworkSettings.objects.filter(municipality=bamberg).delete()
    saved, _created = NetworkSettings.objects.update_or_create(
        municipality=mannheim, defaults={"signature_review_days": 11}
    )
    found = network_settings_of(municipality=mannheim)
    assert fields(found) == fields(NetworkSettings.objects.get(pk=saved.pk))
    assert not found._state.adding
    default = network_settings_of(municipality=bamberg)
    assert default.pk is None
    assert default.municipality_id == bamberg.pk
    assert default.signature_review_days != 11
