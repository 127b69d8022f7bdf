"""The property tests of `make test` try the same examples on every run (`conftest.py`): a
run passes or fails on the code alone, and CI's clean clone tries what this machine tried.
`make explore` draws new ones and keeps those that failed."""

import os
import subprocess
import sys
from pathlib import Path

import hypothesis
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase


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
    kept = Path(__file__).parents[4] / "var" / "hypothesis"
    assert explore.database == DirectoryBasedExampleDatabase(kept)
    assert explore.deadline is None


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


def test_the_profiles_are_the_same_where_hypothesis_sees_a_ci() -> None:
    """Hypothesis loads settings of its own where `CI` is set; our profiles must not inherit
    them, or `make explore` in a CI would never draw anything new."""
    plugins_left_out = ["-p", "no:xdist", "-p", "no:randomly", "-p", "no:cacheprovider"]
    settings_tests = ["-k", "gate_is_derandomized or exploring_draws"]
    run = subprocess.run(  # noqa: S603 - our own interpreter and test file
        [sys.executable, "-m", "pytest", "-q", *plugins_left_out, __file__, *settings_tests],
        env={**os.environ, "CI": "true"},
        cwd=Path(__file__).parents[4],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
