"""The property tests of `make test` try the same examples on every run (`conftest.py`): a
run passes or fails on the code alone, and CI's clean clone tries what this machine tried.
`make explore` draws new ones and keeps those that failed."""

import hypothesis
from hypothesis import given
from hypothesis import strategies as st


def test_the_gate_is_derandomized_and_untimed_without_a_database() -> None:
    assert hypothesis.settings.get_current_profile_name() == "gate"
    current = hypothesis.settings()  # the loaded profile's values
    assert current.derandomize
    assert current.database is None
    assert current.deadline is None
    assert hypothesis.HealthCheck.too_slow in current.suppress_health_check


def test_exploring_draws_new_examples_and_keeps_the_failing_ones() -> None:
    explore = hypothesis.settings.get_profile("explore")
    assert not explore.derandomize
    assert explore.database is not None


def test_two_runs_of_a_property_try_the_same_examples() -> None:
    drawn: list[list[str]] = []

    @given(st.text())
    def record(text: str) -> None:
        drawn[-1].append(text)

    for _ in range(2):
        drawn.append([])
        record()
    assert len(drawn[0]) > 10
    assert drawn[0] == drawn[1]
