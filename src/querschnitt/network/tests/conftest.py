"""Fixtures shared by the network's tests."""

from typing import Any

import pytest

from querschnitt.network.tests.test_directory_fixtures import make_district, make_town


@pytest.fixture
def towns(db: Any) -> list[tuple[Any, list[str]]]:
    """Two towns with their district ids as a query would name them: each town's own districts
    first, then one of the other town's (which its filters must refuse)."""
    town, other = make_town(), make_town("nachbarstadt", "09999002")
    own = [make_district(town, name) for name in ("Altstadt", "<Hafen & Süd>")]
    foreign = make_district(other, "Neckarau")
    return [
        (town, [str(district.pk) for district in own] + [str(foreign.pk)]),
        (other, [str(foreign.pk), str(own[0].pk)]),
    ]
