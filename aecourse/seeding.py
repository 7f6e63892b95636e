"""One call that makes a chapter reproducible."""

from __future__ import annotations

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

DEFAULT_SEED = 42
_current_seed: int | None = None


def seed_everything(seed: int = DEFAULT_SEED) -> int:
    """Seed Python's ``random``, NumPy, Keras and TensorFlow.

    Call it once, at the top of a chapter or a test, before building any model.

    It does not call ``tf.config.experimental.enable_op_determinism()``: Keras
    turns XLA off under it, which halves the training speed, and on the CPU,
    with the package's settings (oneDNN off, one thread per operation) the
    same seed already gives the same weights bit for bit, in one process and
    across processes (``tests/test_seeding.py`` checks both).

    Args:
        seed: a non-negative integer.

    Returns:
        The seed, so that a chapter can quote it.
    """
    check_seed(seed)
    global _current_seed
    keras.utils.set_random_seed(seed)  # seeds random, numpy and the backend
    _current_seed = seed
    return seed


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is a non-negative int (not a bool); raise ``ValueError`` otherwise."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}.")
    return seed


def current_seed() -> int | None:
    """The seed of the last :func:`seed_everything` call in this process, or ``None``."""
    return _current_seed
