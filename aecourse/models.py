"""Builders of the course's three autoencoders (Keras 3, functional or Sequential).

Each builder returns an :class:`Autoencoder`: the encoder, the decoder and the
model that chains them, sharing weights, so that a chapter can train the whole
and then look at the codings or decode codings of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
from keras import layers, ops

from aecourse.layers import DenseTranspose, KLDivergenceLoss, Sampling, WideGaussianNoise
from aecourse.validation import positive_int

IMAGE_SHAPE = (28, 28)


class Autoencoder(NamedTuple):
    """The three views of one autoencoder: ``encoder``, ``decoder`` and ``model``."""

    encoder: keras.Model
    decoder: keras.Model
    model: keras.Model


def _check_sizes(name: str, sizes: Sequence[int]) -> tuple[int, ...]:
    sizes = tuple(sizes)
    try:
        if not sizes:
            raise ValueError("empty")
        return tuple(positive_int(name, size) for size in sizes)
    except ValueError:
        raise ValueError(f"{name} must be a non-empty sequence of positive ints, got {sizes!r}.") from None


def _n_pixels(image_shape: Sequence[int]) -> int:
    n = 1
    for size in _check_sizes("image_shape", image_shape):
        n *= size
    return n


def build_linear_autoencoder(n_inputs: int = 3, n_codings: int = 2) -> Autoencoder:
    """A linear autoencoder ``n_inputs → n_codings → n_inputs`` (no activations).

    Inputs and outputs have shape ``(batch, n_inputs)``; codings ``(batch, n_codings)``.
    With 3 inputs and 2 codings it has 8 + 9 = 17 parameters.
    """
    n_inputs, n_codings = _check_sizes("(n_inputs, n_codings)", (n_inputs, n_codings))
    encoder = keras.Sequential(
        [keras.Input(shape=(n_inputs,)), layers.Dense(n_codings)], name="encoder"
    )
    decoder = keras.Sequential(
        [keras.Input(shape=(n_codings,)), layers.Dense(n_inputs)], name="decoder"
    )
    model = keras.Sequential([keras.Input(shape=(n_inputs,)), encoder, decoder], name="linear_ae")
    return Autoencoder(encoder, decoder, model)


def build_stacked_autoencoder(
    hidden_sizes: Sequence[int] = (100, 30),
    image_shape: Sequence[int] = IMAGE_SHAPE,
    activation: str = "selu",
    input_corruption: keras.layers.Layer | None = None,
    coding_activation: str | None = None,
    coding_regularizer: keras.regularizers.Regularizer | None = None,
    coding_noise: float | None = None,
) -> Autoencoder:
    """A symmetric dense autoencoder for images, e.g. 784-100-30-100-784.

    The encoder flattens ``(batch, *image_shape)`` images and applies one dense
    layer per entry of ``hidden_sizes``; the last size is the coding size. The
    decoder mirrors it and ends with a sigmoid layer reshaped to the image
    shape, so outputs are in ``(0, 1)`` like the pixels. With the defaults the
    encoder has 81,530 parameters and the decoder 82,284.

    ``input_corruption``, a layer such as ``keras.layers.GaussianNoise(0.2)`` or
    ``keras.layers.Dropout(0.5)``, is put right after the flattening: the
    encoder then sees corrupted pixels while training, and clean ones at
    inference, which makes a *denoising* autoencoder.

    ``coding_activation`` (default: ``activation``) is the coding layer's own
    activation, e.g. ``"sigmoid"`` for a sparse code; ``coding_regularizer``,
    the coding layer's activity regularizer, such as
    ``keras.regularizers.L1(1e-3)`` or
    :class:`aecourse.sparsity.KLSparsityRegularizer`, adds a penalty on the
    codes to the loss: that makes a *sparse* autoencoder.

    ``coding_noise``, a standard deviation, adds Gaussian noise to the coding
    layer's inputs to its activation while training (a ``Dense`` layer without
    activation, ``GaussianNoise``, then ``Activation``): with a sigmoid code,
    only units pushed near 0 or 1 get through the noise, which makes the
    codes of a *semantic hashing* autoencoder. At inference there is no noise.
    """
    hidden_sizes = _check_sizes("hidden_sizes", hidden_sizes)
    image_shape = tuple(image_shape)
    n_pixels = _n_pixels(image_shape)

    encoder = keras.Sequential(name="encoder")
    encoder.add(keras.Input(shape=image_shape))
    encoder.add(layers.Flatten())
    if input_corruption is not None:
        encoder.add(input_corruption)
    for size in hidden_sizes[:-1]:
        encoder.add(layers.Dense(size, activation=activation))
    if coding_noise is None:
        encoder.add(layers.Dense(hidden_sizes[-1], activation=coding_activation or activation,
                                 activity_regularizer=coding_regularizer))
    else:
        if isinstance(coding_noise, bool) or not isinstance(coding_noise, int | float) or not coding_noise > 0:
            raise ValueError(f"coding_noise must be a positive standard deviation, got {coding_noise!r}.")
        encoder.add(layers.Dense(hidden_sizes[-1], activity_regularizer=coding_regularizer))
        encoder.add(WideGaussianNoise(coding_noise))
        encoder.add(layers.Activation(coding_activation or activation))

    decoder = keras.Sequential(name="decoder")
    decoder.add(keras.Input(shape=(hidden_sizes[-1],)))
    for size in reversed(hidden_sizes[:-1]):
        decoder.add(layers.Dense(size, activation=activation))
    decoder.add(layers.Dense(n_pixels, activation="sigmoid"))
    decoder.add(layers.Reshape(image_shape))

    model = keras.Sequential(
        [keras.Input(shape=image_shape), encoder, decoder], name="stacked_ae"
    )
    return Autoencoder(encoder, decoder, model)


def build_convolutional_autoencoder(
    filters: Sequence[int] = (16, 32, 64),
    image_shape: Sequence[int] = IMAGE_SHAPE,
    activation: str = "selu",
) -> Autoencoder:
    """A convolutional autoencoder for grey-level images, e.g. 28×28 → 3×3×64 → 28×28.

    The encoder reshapes ``(batch, height, width)`` images to one channel and
    applies, for each entry of ``filters``, a 3×3 convolution (``same``
    padding) and a 2×2 max-pooling, which halves the height and width (rounding
    down: 28 → 14 → 7 → 3). The decoder undoes the poolings with 3×3 transposed
    convolutions of stride 2, the first with ``valid`` padding (3 → 7), the
    others with ``same`` (7 → 14 → 28), through the filters in reverse order
    and a last one with a single channel and a sigmoid; it reshapes to
    ``(batch, height, width)``. With the defaults the encoder has 23,296
    parameters and the decoder 23,233, and the code is 3×3×64 = 576 numbers.
    """
    filters = _check_sizes("filters", filters)
    image_shape = tuple(image_shape)
    encoder = keras.Sequential([keras.Input(shape=image_shape), layers.Reshape((*image_shape, 1))], name="encoder")
    for n in filters:
        encoder.add(layers.Conv2D(n, 3, padding="same", activation=activation))
        encoder.add(layers.MaxPool2D(2))
    code_shape = encoder.output_shape[1:]

    decoder = keras.Sequential([keras.Input(shape=code_shape)], name="decoder")
    height = code_shape[0]
    for stage, n in enumerate((*reversed(filters[:-1]), 1)):
        # Undo one pooling: its input was this tall (pooling rounded down).
        target = image_shape[0] // 2 ** (len(filters) - 1 - stage)
        padding = "valid" if 2 * height + 1 == target else "same"  # 3×3, stride 2: 2h + 1 or 2h
        last = stage == len(filters) - 1
        decoder.add(layers.Conv2DTranspose(n, 3, strides=2, padding=padding,
                                           activation="sigmoid" if last else activation))
        height = 2 * height + (1 if padding == "valid" else 0)
    decoder.add(layers.Reshape(image_shape))
    if decoder.output_shape[1:] != image_shape:
        raise ValueError(f"the decoder gives {decoder.output_shape[1:]}, not the image shape {image_shape}.")
    model = keras.Sequential([keras.Input(shape=image_shape), encoder, decoder], name="conv_ae")
    return Autoencoder(encoder, decoder, model)


def build_recurrent_autoencoder(
    hidden_size: int = 100,
    coding_size: int = 30,
    image_shape: Sequence[int] = IMAGE_SHAPE,
) -> Autoencoder:
    """A recurrent autoencoder that reads an image row by row, e.g. 28 rows of 28 pixels → 30 numbers.

    The encoder runs an LSTM of ``hidden_size`` units over the rows of
    ``(batch, height, width)`` images, then a second LSTM of ``coding_size``
    units whose last state is the code ``(batch, coding_size)``. The decoder
    repeats the code once per row, runs an LSTM of ``hidden_size`` units over
    the copies and maps each of its outputs to a row of ``width`` pixels
    through a sigmoid dense layer: ``(batch, height, width)``. With the
    defaults the encoder has 67,320 parameters and the decoder 55,228.
    """
    hidden_size, coding_size = _check_sizes("hidden_size and coding_size", (hidden_size, coding_size))
    image_shape = _check_sizes("image_shape", image_shape)
    if len(image_shape) != 2:
        raise ValueError(f"A recurrent autoencoder reads (height, width) images row by row, got image_shape {image_shape}.")
    height, width = image_shape
    encoder = keras.Sequential([
        keras.Input(shape=(height, width)),
        layers.LSTM(hidden_size, return_sequences=True),
        layers.LSTM(coding_size),
    ], name="encoder")
    decoder = keras.Sequential([
        keras.Input(shape=(coding_size,)),
        layers.RepeatVector(height),
        layers.LSTM(hidden_size, return_sequences=True),
        layers.TimeDistributed(layers.Dense(width, activation="sigmoid")),
    ], name="decoder")
    model = keras.Sequential([keras.Input(shape=(height, width)), encoder, decoder], name="recurrent_ae")
    return Autoencoder(encoder, decoder, model)


def build_tied_autoencoder(
    hidden_sizes: Sequence[int] = (100, 30),
    image_shape: Sequence[int] = IMAGE_SHAPE,
    activation: str = "selu",
) -> Autoencoder:
    """A symmetric dense autoencoder whose decoder reuses the encoder's kernels, transposed.

    The encoder is that of :func:`build_stacked_autoencoder`. Each decoder
    layer is a :class:`~aecourse.layers.DenseTranspose` of the mirrored encoder
    layer, with a bias of its own; the last one has a sigmoid and is reshaped to
    ``(batch, *image_shape)``. With the defaults the encoder has 81,530
    parameters and the decoder only its 100 + 784 biases: 82,414 in all, against
    163,814 untied.
    """
    hidden_sizes = _check_sizes("hidden_sizes", hidden_sizes)
    image_shape = tuple(image_shape)
    dense_layers = [layers.Dense(size, activation=activation) for size in hidden_sizes]
    encoder = keras.Sequential([keras.Input(shape=image_shape), layers.Flatten(), *dense_layers], name="encoder")

    activations = [activation] * (len(hidden_sizes) - 1) + ["sigmoid"]
    decoder = keras.Sequential(
        [keras.Input(shape=(hidden_sizes[-1],)),
         *[DenseTranspose(dense, activation=act) for dense, act in zip(reversed(dense_layers), activations)],
         layers.Reshape(image_shape)],
        name="decoder",
    )
    model = keras.Sequential([keras.Input(shape=image_shape), encoder, decoder], name="tied_ae")
    return Autoencoder(encoder, decoder, model)


def build_vector_autoencoder(
    n_inputs: int, n_codings: int, activation: str = "selu", output_activation: str | None = "selu"
) -> Autoencoder:
    """A one-layer autoencoder of vectors ``(batch, n_inputs)``: ``n_inputs → n_codings → n_inputs``.

    Greedy layer-wise training uses it for the inner layers, trained on the
    codes of the outer ones. The code layer has ``activation``, the output
    ``output_activation`` (``None``: linear).
    """
    n_inputs, n_codings = _check_sizes("(n_inputs, n_codings)", (n_inputs, n_codings))
    encoder = keras.Sequential([keras.Input(shape=(n_inputs,)), layers.Dense(n_codings, activation=activation)],
                               name="inner_encoder")
    decoder = keras.Sequential([keras.Input(shape=(n_codings,)), layers.Dense(n_inputs, activation=output_activation)],
                               name="inner_decoder")
    model = keras.Sequential([keras.Input(shape=(n_inputs,)), encoder, decoder], name="inner_ae")
    return Autoencoder(encoder, decoder, model)


def stack_autoencoders(outer: Autoencoder, inner: Autoencoder) -> Autoencoder:
    """Nest ``inner`` inside ``outer``: outer encoder, inner encoder, inner decoder, outer decoder.

    ``inner`` must reconstruct the codes of ``outer`` (its input size is the
    outer code size). The result shares its layers, hence its weights, with
    both: training it fine-tunes them.
    """
    outer_code = outer.encoder.output_shape[1:]
    if tuple(inner.encoder.input_shape[1:]) != tuple(outer_code):
        raise ValueError(
            f"the inner autoencoder takes inputs of shape {inner.encoder.input_shape[1:]}, "
            f"but the outer one's codes have shape {outer_code}."
        )
    image_shape = outer.encoder.input_shape[1:]
    encoder = keras.Sequential([keras.Input(shape=image_shape), outer.encoder, inner.encoder], name="encoder")
    decoder = keras.Sequential([keras.Input(shape=inner.encoder.output_shape[1:]), inner.decoder, outer.decoder],
                               name="decoder")
    model = keras.Sequential([keras.Input(shape=image_shape), encoder, decoder], name="stacked_greedy_ae")
    return Autoencoder(encoder, decoder, model)


def build_variational_autoencoder(
    latent_dim: int = 10,
    hidden_sizes: Sequence[int] = (150, 100),
    image_shape: Sequence[int] = IMAGE_SHAPE,
    kl_weight: float | None = None,
    seed: int | None = None,
    sample_at_inference: bool = False,
) -> Autoencoder:
    """A dense variational autoencoder, e.g. 784-150-100-(10, 10) / 10-100-150-784.

    The encoder maps ``(batch, *image_shape)`` images to three outputs of shape
    ``(batch, latent_dim)``: the codings' mean ``μ``, their log-variance
    ``γ = log σ²`` and a sample ``z = μ + σ ε``. On the way it adds the latent
    loss ``kl_weight * KL`` to the model (:class:`~aecourse.layers.KLDivergenceLoss`).
    ``kl_weight`` defaults to ``1 / n_pixels`` (1/784): with binary
    cross-entropy, which Keras averages over the pixels, the total loss is then
    −ELBO / n_pixels per image; another weight trains a β-VAE with
    β = n_pixels × kl_weight. The decoder maps codings ``(batch, latent_dim)`` to
    images in ``(0, 1)`` (the means of independent Bernoulli pixels); with the
    defaults it has 134,634 parameters.

    The model is a :class:`VariationalAutoencoder`: it decodes the sampled
    codings while training and the mean codings at inference, including a plain
    ``model(x)`` call (see :class:`~aecourse.layers.Sampling`), unless
    ``sample_at_inference`` is true; its history has the reconstruction and KL
    terms of the loss as ``reconstruction_loss`` and ``kl_loss``.
    """
    (latent_dim,) = _check_sizes("latent_dim", (latent_dim,))
    hidden_sizes = _check_sizes("hidden_sizes", hidden_sizes)
    image_shape = tuple(image_shape)
    n_pixels = _n_pixels(image_shape)
    if kl_weight is None:
        kl_weight = 1.0 / n_pixels

    images = keras.Input(shape=image_shape, name="images")
    h = layers.Flatten()(images)
    for size in hidden_sizes:
        h = layers.Dense(size, activation="selu")(h)
    encoder = _gaussian_encoder(images, h, latent_dim, kl_weight, seed, sample_at_inference)

    latent = keras.Input(shape=(latent_dim,), name="codings")
    g = latent
    for size in reversed(hidden_sizes):
        g = layers.Dense(size, activation="selu")(g)
    g = layers.Dense(n_pixels, activation="sigmoid")(g)
    reconstructions = layers.Reshape(image_shape)(g)
    decoder = keras.Model(latent, reconstructions, name="decoder")

    return Autoencoder(encoder, decoder, VariationalAutoencoder(encoder, decoder, name="vae"))


def _gaussian_encoder(images, features, latent_dim: int, kl_weight: float, seed: int | None,
                      sample_at_inference: bool) -> keras.Model:
    """The encoder of a VAE: ``features`` → (mean, log-variance, sampled codings), adding the KL term."""
    mean = layers.Dense(latent_dim, name="codings_mean")(features)
    log_var = layers.Dense(latent_dim, name="codings_log_var")(features)
    mean_with_loss = KLDivergenceLoss(weight=kl_weight, name="latent_loss")([mean, log_var])
    codings = Sampling(seed=seed, sample_at_inference=sample_at_inference, name="codings")(
        [mean_with_loss, log_var]
    )
    return keras.Model(images, [mean, log_var, codings], name="encoder")


def build_convolutional_variational_autoencoder(
    latent_dim: int = 10,
    filters: Sequence[int] = (32, 64),
    dense_size: int = 128,
    image_shape: Sequence[int] = IMAGE_SHAPE,
    kl_weight: float | None = None,
    seed: int | None = None,
) -> Autoencoder:
    """A convolutional VAE: 28×28 → 14×14×32 → 7×7×64 → 128 → (10, 10) and back.

    The encoder reshapes ``(batch, height, width)`` images to one channel and
    applies, for each entry of ``filters``, a 3×3 convolution of stride 2
    (``same`` padding, halving height and width), then a dense layer of
    ``dense_size`` units; from there it is the dense VAE's encoder (mean,
    log-variance and sampled codings, each ``(batch, latent_dim)``, and the
    KL term, weighted as in :func:`build_variational_autoencoder`). The decoder
    maps codings through ``dense_size`` units to the last feature map, then
    mirrors the encoder: 3×3 transposed convolutions of stride 2 to the
    filters in reverse order, without the last, and to one sigmoid channel:
    images ``(batch, height, width)`` in ``(0, 1)``. Height and width
    must be divisible by ``2 ** len(filters)``. Activations are SELU, as in
    the book's other convolutional autoencoder.
    """
    (latent_dim, dense_size) = _check_sizes("latent_dim and dense_size", (latent_dim, dense_size))
    filters = _check_sizes("filters", filters)
    image_shape = _check_sizes("image_shape", image_shape)
    if len(image_shape) != 2 or any(size % 2 ** len(filters) for size in image_shape):
        raise ValueError(f"image_shape must be (height, width), each divisible by {2 ** len(filters)} "
                         f"(one halving per filter), got {image_shape}.")
    if kl_weight is None:
        kl_weight = 1.0 / _n_pixels(image_shape)

    images = keras.Input(shape=image_shape, name="images")
    h = layers.Reshape((*image_shape, 1))(images)
    for n in filters:
        h = layers.Conv2D(n, 3, strides=2, padding="same", activation="selu")(h)
    feature_map = tuple(h.shape[1:])
    h = layers.Dense(dense_size, activation="selu")(layers.Flatten()(h))
    encoder = _gaussian_encoder(images, h, latent_dim, kl_weight, seed, sample_at_inference=False)

    latent = keras.Input(shape=(latent_dim,), name="codings")
    g = layers.Dense(dense_size, activation="selu")(latent)
    g = layers.Dense(feature_map[0] * feature_map[1] * feature_map[2], activation="selu")(g)
    g = layers.Reshape(feature_map)(g)
    # The encoder's layers in reverse: each transposed convolution doubles height and
    # width and outputs the channels of the encoder's layer before it, the last one
    # the image. Keeping the channels at full size (a final convolution from
    # filters[0] channels) costs three times as long to train, for the same loss.
    for n in (*reversed(filters[:-1]), 1):
        g = layers.Conv2DTranspose(n, 3, strides=2, padding="same", activation="selu" if n > 1 else "sigmoid")(g)
    reconstructions = layers.Reshape(image_shape)(g)
    decoder = keras.Model(latent, reconstructions, name="decoder")

    return Autoencoder(encoder, decoder, VariationalAutoencoder(encoder, decoder, name="conv_vae"))


@keras.saving.register_keras_serializable(package="aecourse")
class VariationalAutoencoder(keras.Model):
    """The encoder and decoder of a VAE chained, with the two terms of its loss tracked apart.

    Calling it on images ``(batch, *image_shape)`` returns their reconstructions,
    decoded from the encoder's third output (the sampled codings while training).
    Its loss is the compiled reconstruction loss plus the losses that the
    encoder's layers add (the KL term of :class:`~aecourse.layers.KLDivergenceLoss`).
    :meth:`compute_loss` also records the two terms, batch by batch, in the
    metrics ``reconstruction_loss`` and ``kl_loss`` (``val_…`` on the validation
    data), as Keras's own VAE example does, so the history shows the trade-off.
    """

    def __init__(self, encoder: keras.Model, decoder: keras.Model, **kwargs) -> None:
        images = keras.Input(shape=encoder.input_shape[1:], name="images")
        _, _, codings = encoder(images)
        super().__init__(images, decoder(codings), **kwargs)
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction_loss")
        self.kl_tracker = keras.metrics.Mean(name="kl_loss")

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The total loss of a batch; records its reconstruction and KL terms."""
        total = super().compute_loss(x, y, y_pred, sample_weight, training=training)
        kl = ops.sum(ops.stack(self.losses)) if self.losses else ops.zeros(())
        self.kl_tracker.update_state(kl)
        self.reconstruction_tracker.update_state(total - kl)
        return total
