"""Running trained models over many images, without ``model.predict`` and without spurious warnings.

``predict`` compiles a prediction function for each model; a chapter that
uses many models (ten one-class detectors, a hashing encoder beside two
others) then has TensorFlow warn about re-tracing, and a warning fails the
book's build. Calling the model directly on batches needs no compilation and
is as fast for the course's small models.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras

#: Images per call of the model.
BATCH_SIZE = 1024


def run_in_batches(model: keras.Model, x: np.ndarray) -> np.ndarray | list[np.ndarray]:
    """``model``'s outputs on ``x`` ``(n, ...)`` in inference mode (no dropout, no noise), as NumPy arrays ``(n, ...)``.

    One array for a model with one output; a list of arrays, one per output,
    for a model with several (a VAE's encoder: means, log-variances, codes).
    """
    if len(x) == 0:
        raise ValueError("x holds no images.")
    batches = [model(x[start:start + BATCH_SIZE], training=False) for start in range(0, len(x), BATCH_SIZE)]
    if isinstance(batches[0], list | tuple):
        return [np.concatenate([keras.ops.convert_to_numpy(batch[i]) for batch in batches])
                for i in range(len(batches[0]))]
    return np.concatenate([keras.ops.convert_to_numpy(batch) for batch in batches])


@contextmanager
def many_models() -> Iterator[None]:
    """Silence TensorFlow's re-tracing warning while training or running many models in a row.

    Every new model traces its own training and prediction functions once.
    TensorFlow counts the traces of all models together and, past five,
    warns that a function is being re-traced, which is not the case here;
    and a warning fails the book's build. Other warnings and errors still show.
    """
    logger = logging.getLogger("tensorflow")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(previous)
