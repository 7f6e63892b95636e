"""Exercise (sparse autoencoders chapter): what Keras adds to the loss for an activity regularizer."""

from __future__ import annotations

import numpy as np


def l1_activity_loss(codes: np.ndarray, weight: float) -> float:
    """The loss that ``activity_regularizer=keras.regularizers.L1(weight)`` adds for one batch.

    Keras applies the regularizer to the layer's outputs, ``weight`` times the
    sum of their absolute values over the whole batch, then divides the result
    by the batch size (the number of rows). Return it as a Python float.

    Args:
        codes: array-like ``(batch, units)``: the layer's outputs for one batch.
        weight: the L1 weight (non-negative).

    Raises:
        ValueError: if ``weight`` is negative, or ``codes`` is not 2-D with at
            least one row.
    """
    raise NotImplementedError('weight × the sum of |codes| over the batch, divided by the number of rows.')
