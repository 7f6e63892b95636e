"""Checks of the arguments that the package's functions share, with the same message everywhere."""

from __future__ import annotations

import numbers


def positive_int(name: str, value: object) -> int:
    """``value`` as an ``int`` if it is a whole number ≥ 1 (Python's or NumPy's, not a bool); else ``ValueError``.

    The error names the argument: ``"epochs must be a positive int, got 0."``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}.")
    return int(value)
