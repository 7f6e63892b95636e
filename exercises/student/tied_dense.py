"""Exercise (tied weights chapter): a decoder layer that reuses an encoder layer's kernel.

An encoder's dense layer maps ``n_in`` features to ``n_out`` with a kernel
``W`` of shape ``(n_in, n_out)``. The tied decoder layer maps ``n_out`` back to
``n_in`` with ``Wᵀ`` and a bias of its own.
"""

from __future__ import annotations

import numpy as np


def tied_dense(codes: np.ndarray, kernel: np.ndarray, bias: np.ndarray, activation: str = "linear") -> np.ndarray:
    """The output ``activation(codes @ kernel.T + bias)`` of a tied decoder layer.

    Args:
        codes: array-like ``(batch, n_out)``.
        kernel: the encoder layer's kernel, array-like ``(n_in, n_out)``.
        bias: the decoder layer's own bias, array-like ``(n_in,)``.
        activation: ``"linear"`` (none) or ``"sigmoid"`` (``1 / (1 + exp(-t))``).

    Returns:
        A float64 NumPy array ``(batch, n_in)``.

    Raises:
        ValueError: if ``codes`` is not 2-D, if its width is not ``n_out``, if
            ``bias`` does not have ``n_in`` values, or if ``activation`` is
            neither ``"linear"`` nor ``"sigmoid"``.
    """
    raise NotImplementedError("Check the shapes and the activation's name, compute codes @ kernel.T + bias in float64, then apply the activation.")
