"""The events tests read the services' messages in English, the language of the msgids."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield
