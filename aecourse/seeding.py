"""One call that makes a chapter reproducible."""

from __future__ import annotations

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
import tensorflow as tf

DEFAULT_SEED = 42


def seed_everything(seed: int = DEFAULT_SEED) -> int:
    """Seed Python's ``random``, NumPy, Keras and TensorFlow, and make TF ops deterministic.

    Call it once, at the top of a chapter or a test, before building any model.

    Args:
        seed: a non-negative integer.

    Returns:
        The seed, so that a chapter can quote it.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}.")
    keras.utils.set_random_seed(seed)  # seeds random, numpy and the backend
    tf.config.experimental.enable_op_determinism()
    return seed
