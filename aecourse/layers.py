"""Custom Keras layers: the variational autoencoder's, tied weights, clipped input noise."""

from __future__ import annotations

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="aecourse")
class Sampling(keras.layers.Layer):
    """Draw codings ``z = μ + σ ε`` with ``ε ~ N(0, I)``: the reparameterisation trick.

    Inputs are ``(mean, log_var)``, each of shape ``(batch, K)``, where
    ``log_var = γ = log σ²``. The output has shape ``(batch, K)``. Because the
    randomness enters through ``ε`` only, gradients flow to ``μ`` and ``γ``.

    By default the layer samples only while training. At inference it returns
    ``μ``, the most likely code, so that a reconstruction is deterministic:
    that is ``evaluate`` and ``predict``, a call with ``training=False``, and
    also a plain call ``model(x)``, where Keras passes no ``training`` flag.
    Pass ``training=True`` to draw a sample outside ``fit``, or build the layer
    with ``sample_at_inference=True`` to sample on every call, as the source
    chapter's layer does (then ``val_loss`` is a sampled, noisy estimate).

    Args:
        seed: seed of the layer's own random generator.
        sample_at_inference: sample at inference too, not only while training.
    """

    def __init__(self, seed: int | None = None, sample_at_inference: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.seed = seed
        self.sample_at_inference = bool(sample_at_inference)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training: bool | None = None):
        mean, log_var = inputs
        if not (training or self.sample_at_inference):
            return mean
        epsilon = keras.random.normal(ops.shape(log_var), seed=self.seed_generator)
        return mean + ops.exp(0.5 * log_var) * epsilon

    def get_config(self) -> dict:
        return {**super().get_config(), "seed": self.seed, "sample_at_inference": self.sample_at_inference}


def kl_divergence(mean, log_var):
    """KL divergence from ``N(μ, σ²)`` to the standard normal, summed over the codings.

    ``-1/2 Σ_i (1 + γ_i - exp(γ_i) - μ_i²)`` with ``γ = log σ²``.

    Args:
        mean, log_var: tensors of shape ``(batch, K)``.

    Returns:
        Tensor of shape ``(batch,)``, in nats.
    """
    return -0.5 * ops.sum(1.0 + log_var - ops.exp(log_var) - ops.square(mean), axis=-1)


@keras.saving.register_keras_serializable(package="aecourse")
class KLDivergenceLoss(keras.layers.Layer):
    """Add the latent loss ``weight * mean_batch(KL)`` to the model; pass ``mean`` through.

    Inputs are ``(mean, log_var)`` of shape ``(batch, K)``; the output is ``mean``
    unchanged, so the layer can sit anywhere on the encoder's path.

    ``weight`` is 1/784 for 28×28 images, and that is not a heuristic. With a
    Bernoulli decoder, the loss of one image is −ELBO: the binary cross-entropy
    *summed* over its 784 pixels plus the KL term. Keras's binary cross-entropy
    is the *mean* over the pixels, the sum divided by 784, so the KL term must
    be divided by 784 too: the total is then −ELBO/784. Any other weight trains
    a β-VAE with β = 784 × weight.
    """

    def __init__(self, weight: float = 1.0, **kwargs) -> None:
        super().__init__(**kwargs)
        if weight < 0:
            raise ValueError(f"weight must be non-negative, got {weight!r}.")
        self.weight = float(weight)

    def call(self, inputs):
        mean, log_var = inputs
        self.add_loss(self.weight * ops.mean(kl_divergence(mean, log_var)))
        return mean

    def get_config(self) -> dict:
        return {**super().get_config(), "weight": self.weight}


@keras.saving.register_keras_serializable(package="aecourse")
class DenseTranspose(keras.layers.Layer):
    """A dense layer that reuses another dense layer's kernel, transposed: tied weights.

    If ``dense`` maps ``(batch, n_in)`` to ``(batch, n_out)`` with kernel
    ``W`` of shape ``(n_in, n_out)``, this layer maps ``(batch, n_out)`` to
    ``(batch, n_in)``: ``activation(x Wᵀ + b)``. Only the bias ``b``
    (``n_in`` values) is its own; ``W`` is shared, so a decoder made of such
    layers has about half the parameters of an untied one, and a gradient step
    on either side moves both.

    Args:
        dense: the encoder's ``keras.layers.Dense`` layer whose kernel to share
            (it must be built, i.e. called once, before this layer is called).
        activation: name or function of the activation.
    """

    def __init__(self, dense: keras.layers.Dense, activation=None, **kwargs) -> None:
        super().__init__(**kwargs)
        if not isinstance(dense, keras.layers.Dense):
            raise TypeError(f"DenseTranspose shares the kernel of a keras.layers.Dense, got {type(dense).__name__}.")
        self.dense = dense
        self.activation = keras.activations.get(activation)

    def build(self, input_shape) -> None:
        if not self.dense.built:
            raise ValueError(f"Layer {self.dense.name!r} is not built yet: call it before the DenseTranspose that shares its kernel.")
        n_in, n_out = self.dense.kernel.shape
        if input_shape[-1] is not None and input_shape[-1] != n_out:
            raise ValueError(f"DenseTranspose of {self.dense.name!r} expects inputs with {n_out} features, got {input_shape[-1]}.")
        self.bias = self.add_weight(name="bias", shape=(n_in,), initializer="zeros")

    def call(self, inputs):
        return self.activation(ops.matmul(inputs, ops.transpose(self.dense.kernel)) + self.bias)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.dense.kernel.shape[0])

    def get_config(self) -> dict:
        """The configuration, naming the tied layer: it describes the layer, but cannot
        rebuild it alone (the layer it shares a kernel with is needed)."""
        return {**super().get_config(), "dense": self.dense.name,
                "activation": keras.activations.serialize(self.activation)}


@keras.saving.register_keras_serializable(package="aecourse")
class WideGaussianNoise(keras.layers.Layer):
    """While training, add Gaussian noise of any standard deviation ``stddev``.

    ``keras.layers.GaussianNoise`` refuses a standard deviation above 1, made
    for inputs in ``[0, 1]``. The pre-activations of a semantic-hashing code
    need more: noise of several units before a sigmoid drives the sigmoid to
    saturate. Inputs and outputs have any shape ``(batch, ...)``; at inference
    the layer lets its inputs through unchanged.

    Args:
        stddev: the noise's standard deviation, in the inputs' units (non-negative).
        seed: seed of the layer's own random generator.
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if not stddev >= 0:
            raise ValueError(f"stddev must be non-negative, got {stddev!r}.")
        self.stddev = float(stddev)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training: bool | None = None):
        if not training:
            return inputs
        return inputs + keras.random.normal(ops.shape(inputs), stddev=self.stddev, seed=self.seed_generator)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


@keras.saving.register_keras_serializable(package="aecourse")
class ClippedGaussianNoise(WideGaussianNoise):
    """While training, add Gaussian noise of standard deviation ``stddev`` and clip to ``[0, 1]``.

    The damage that real pixels suffer: noise, then the sensor's range. Inputs
    and outputs have any shape ``(batch, ...)``. At inference the layer lets
    its inputs through unchanged, like ``keras.layers.GaussianNoise``, which
    does not clip.

    Args:
        stddev: the noise's standard deviation, in pixel units (non-negative).
        seed: seed of the layer's own random generator.
    """

    def call(self, inputs, training: bool | None = None):
        if not training:
            return inputs
        return ops.clip(super().call(inputs, training=True), 0.0, 1.0)
