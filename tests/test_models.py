import numpy as np
import pytest

from aecourse.models import (
    build_linear_autoencoder,
    build_stacked_autoencoder,
    build_variational_autoencoder,
)


def test_linear_autoencoder_has_the_source_parameter_count():
    ae = build_linear_autoencoder(3, 2)
    assert ae.model.count_params() == 17
    assert (ae.encoder.count_params(), ae.decoder.count_params()) == (8, 9)
    x = np.zeros((5, 3), dtype="float32")
    assert ae.encoder(x).shape == (5, 2)
    assert ae.model(x).shape == (5, 3)


def test_stacked_autoencoder_has_the_source_parameter_counts():
    ae = build_stacked_autoencoder((100, 30))
    assert ae.encoder.count_params() == 81_530
    assert ae.decoder.count_params() == 82_284
    x = np.random.default_rng(0).random((4, 28, 28)).astype("float32")
    codings = ae.encoder(x)
    assert codings.shape == (4, 30)
    out = np.asarray(ae.model(x))
    assert out.shape == (4, 28, 28)
    assert np.all((out > 0) & (out < 1))


def test_stacked_autoencoder_with_deeper_stack():
    ae = build_stacked_autoencoder((64, 32, 8), image_shape=(4, 4))
    assert ae.encoder.output_shape == (None, 8)
    assert ae.decoder.output_shape == (None, 4, 4)
    assert ae.model(np.zeros((2, 4, 4), dtype="float32")).shape == (2, 4, 4)


def test_vae_shapes_parameter_counts_and_latent_loss():
    vae = build_variational_autoencoder(latent_dim=10)
    assert vae.decoder.count_params() == 134_634
    x = np.random.default_rng(0).random((3, 28, 28)).astype("float32")
    mean, log_var, codings = vae.encoder(x)
    assert mean.shape == log_var.shape == codings.shape == (3, 10)
    assert vae.model(x).shape == (3, 28, 28)
    assert len(vae.model.losses) == 1  # the KL term


def test_vae_default_kl_weight_is_one_over_pixels():
    vae = build_variational_autoencoder(image_shape=(28, 28))
    assert vae.encoder.get_layer("latent_loss").weight == pytest.approx(1 / 784)


@pytest.mark.parametrize(
    "build",
    [
        lambda: build_linear_autoencoder(3, 0),
        lambda: build_stacked_autoencoder(()),
        lambda: build_stacked_autoencoder((100, -1)),
        lambda: build_variational_autoencoder(latent_dim=0),
    ],
)
def test_bad_sizes_are_refused(build):
    with pytest.raises(ValueError, match="positive ints"):
        build()
