"""Shared pytest configuration. Each block belongs to one concern; add yours as a separate block."""

from __future__ import annotations

# --- Hypothesis profiles (the property tests) -----------------------------------------------
# ``ci`` is loaded by default (and under CI=true): sized so that the property tests take well
# under a minute on two cores. ``deep`` (``make test-deep``, HYPOTHESIS_PROFILE=deep) runs many
# more examples. Timing varies between machines, so there is no deadline; a failure prints the
# minimal example (Hypothesis's default) and a blob to reproduce it with @reproduce_failure.
# too_slow is not a health problem here: a full response with nested arrays, or a call through
# the official SDK to a loopback server, takes tens of milliseconds to draw or run.
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# A property test that is slow per example draws fewer under ``ci`` (``examples(n)``); a slow
# deterministic sweep or search runs a smaller version of itself under ``ci`` and the whole of
# it under ``deep`` (``deep()``), marked ``deep`` so that ``make test-deep`` selects it: both in
# tests/support/examples.py.


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "deep: a sweep or search that make test runs a smaller version of and make test-deep "
        "(HYPOTHESIS_PROFILE=deep) runs in full",
    )


# --- end of Hypothesis profiles --------------------------------------------------------------
