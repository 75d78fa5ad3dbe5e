"""How big a slow check is under each Hypothesis profile (the profiles are in
``tests/conftest.py``): ``make test`` loads ``ci``, ``make test-deep`` loads ``deep``.

- ``examples(n)``: a property test that is slow per example draws ``n`` examples under ``ci``
  (fewer than the profile's), and the profile's own count under any other profile (``deep``:
  many). Use it as a decorator under ``@given``.
- ``deep()``: whether the ``deep`` profile is loaded; a sweep or search too slow for
  ``make test`` in full runs a smaller version of the same check there, and in full under
  ``make test-deep`` (mark it ``deep``, so that ``make test-deep`` selects it).
"""

from __future__ import annotations

from hypothesis import settings


def examples(ci: int) -> settings:
    """``ci`` examples under the ``ci`` profile; the loaded profile's count under any other."""
    if settings.get_current_profile_name() == "ci":
        return settings(max_examples=ci)
    return settings()


def deep() -> bool:
    """Whether the ``deep`` profile is loaded (``make test-deep``)."""
    return settings.get_current_profile_name() == "deep"
