"""Sparse codes: the KL-divergence sparsity penalty, and how sparse a code is.

A sparse autoencoder has a wide coding layer of sigmoid units, each allowed to
be active (near 1) for few images only. The penalty of
:class:`KLSparsityRegularizer` compares each unit's mean activation over a batch,
``ρ̂_j``, with a target ``ρ`` (say 0.1) through the KL divergence between two
Bernoulli distributions:

``KL(ρ ‖ ρ̂_j) = ρ log(ρ / ρ̂_j) + (1 − ρ) log((1 − ρ) / (1 − ρ̂_j))``,

summed over the units and multiplied by a weight. It is zero when every unit's
mean is the target and grows without bound as a mean approaches 0 or 1.
"""

from __future__ import annotations

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
from keras import ops

#: Means are clipped to [ε, 1 − ε] so that the logarithms stay finite.
EPSILON = 1e-7


def _check_target(target: float) -> float:
    if not 0.0 < target < 1.0:
        raise ValueError(f"The target mean activation must lie strictly between 0 and 1, got {target!r}.")
    return float(target)


def bernoulli_kl(target: float, means):
    """``KL(ρ ‖ ρ̂)`` between Bernoulli distributions of means ``target`` and ``means``, element-wise.

    Args:
        target: ``ρ`` in ``(0, 1)``.
        means: tensor (or array) of mean activations ``ρ̂`` in ``[0, 1]``, any shape;
            clipped to ``[EPSILON, 1 − EPSILON]``.

    Returns:
        Tensor of the shape of ``means``, in nats.
    """
    rho = _check_target(target)
    means = ops.clip(ops.convert_to_tensor(means, dtype="float32"), EPSILON, 1.0 - EPSILON)
    return rho * ops.log(rho / means) + (1.0 - rho) * ops.log((1.0 - rho) / (1.0 - means))


def kl_sparsity_penalty(activations, target: float):
    """The sparsity penalty of a batch of codes: ``Σ_j KL(ρ ‖ ρ̂_j)``, unweighted.

    Args:
        activations: tensor ``(batch, units)`` of activations in ``[0, 1]``.
        target: the target mean activation ``ρ``.

    Returns:
        Scalar tensor, in nats: ``ρ̂_j`` is unit ``j``'s mean over the batch.
    """
    return ops.sum(bernoulli_kl(target, ops.mean(activations, axis=0)))


@keras.saving.register_keras_serializable(package="aecourse")
class KLSparsityRegularizer(keras.regularizers.Regularizer):
    """``weight × Σ_j KL(ρ ‖ ρ̂_j)``: a Keras activity regularizer for a sigmoid coding layer.

    Use it as ``Dense(300, activation="sigmoid", activity_regularizer=KLSparsityRegularizer(0.1, 0.05))``.
    Called on a batch of codes ``(batch, units)``, it returns a scalar.

    Keras divides an activity regularizer's value by the batch size before it
    adds it to the loss. That suits a penalty summed over the examples, such as
    L1, but this one is already a mean over the batch: its weight per batch is
    ``weight / batch_size`` (0.05 / 32 ≈ 0.0016 in batches of 32), so the same
    weight acts more weakly in larger batches.

    Args:
        target: the target mean activation ``ρ`` of every unit, in ``(0, 1)``.
        weight: the penalty's weight (non-negative).
    """

    def __init__(self, target: float = 0.1, weight: float = 0.05) -> None:
        self.target = _check_target(target)
        if not weight >= 0:
            raise ValueError(f"The penalty's weight must be non-negative, got {weight!r}.")
        self.weight = float(weight)

    def __call__(self, activations):
        return self.weight * kl_sparsity_penalty(activations, self.target)

    def get_config(self) -> dict:
        return {"target": self.target, "weight": self.weight}


def mean_activations(codes: np.ndarray) -> np.ndarray:
    """Each unit's mean activation over the images: ``(n, units)`` → ``(units,)``."""
    codes = np.asarray(codes, dtype=np.float64)
    if codes.ndim != 2 or len(codes) == 0:
        raise ValueError(f"codes must have shape (n_images, units) with n_images ≥ 1, got {codes.shape}.")
    return codes.mean(axis=0)


def share_near_zero(codes: np.ndarray, threshold: float = 0.1) -> float:
    """The share of all activations in ``codes`` ``(n, units)`` below ``threshold``: 0 to 1."""
    codes = np.asarray(codes, dtype=np.float64)
    if codes.ndim != 2 or codes.size == 0:
        raise ValueError(f"codes must have shape (n_images, units) and not be empty, got {codes.shape}.")
    return float((codes < threshold).mean())
