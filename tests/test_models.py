import keras
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


def test_vae_plain_call_decodes_the_mean_code_unless_asked_to_sample():
    x = np.random.default_rng(0).random((4, 28, 28)).astype("float32")
    vae = build_variational_autoencoder(latent_dim=3, hidden_sizes=(16,))
    mean, _, _ = vae.encoder(x)
    np.testing.assert_allclose(np.asarray(vae.model(x)), np.asarray(vae.decoder(mean)), atol=1e-6)
    sampling = build_variational_autoencoder(latent_dim=3, hidden_sizes=(16,), sample_at_inference=True, seed=1)
    assert not np.allclose(np.asarray(sampling.model(x)), np.asarray(sampling.model(x)))


def test_vae_history_has_its_two_loss_terms_which_add_up_to_the_loss():
    import keras

    from aecourse.seeding import seed_everything
    from aecourse.training import fit_autoencoder

    seed_everything(0)
    x = np.random.default_rng(1).random((96, 6, 6)).astype("float32")
    vae = build_variational_autoencoder(latent_dim=2, hidden_sizes=(8,), image_shape=(6, 6))
    vae.model.compile(optimizer=keras.optimizers.RMSprop(), loss="binary_crossentropy")
    history = fit_autoencoder(vae.model, x, x[:32], epochs=2, batch_size=32).history
    for prefix in ("", "val_"):
        loss = np.array(history[f"{prefix}loss"])
        kl = np.array(history[f"{prefix}kl_loss"])
        reconstruction = np.array(history[f"{prefix}reconstruction_loss"])
        np.testing.assert_allclose(reconstruction + kl, loss, rtol=1e-5)
        assert np.all(kl > 0) and np.all(reconstruction > 0)
    # The validation KL term is that of the encoder's outputs, divided by 36 pixels.
    from aecourse.layers import kl_divergence

    mean, log_var, _ = vae.encoder.predict(x[:32], verbose=0)
    expected = float(np.mean(np.asarray(kl_divergence(mean, log_var)))) / 36
    assert history["val_kl_loss"][-1] == pytest.approx(expected, rel=1e-4)


def test_a_compiled_model_with_the_rounded_accuracy_metric_loads_without_custom_objects(tmp_path):
    import keras

    from aecourse.metrics import rounded_accuracy

    model = build_stacked_autoencoder((8, 2), image_shape=(4, 4)).model
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=[rounded_accuracy])
    x = np.random.default_rng(2).random((8, 4, 4)).astype("float32")
    model.fit(x, x, epochs=1, verbose=0)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)  # no custom_objects
    scores = loaded.evaluate(x, x, verbose=0, return_dict=True)
    assert set(scores) == {"loss", "rounded_accuracy"}
    assert scores["rounded_accuracy"] == pytest.approx(model.evaluate(x, x, verbose=0, return_dict=True)["rounded_accuracy"])


def test_convolutional_autoencoder_has_the_reference_shapes_and_counts():
    from aecourse.models import build_convolutional_autoencoder

    conv = build_convolutional_autoencoder()
    assert (conv.encoder.count_params(), conv.decoder.count_params()) == (23_296, 23_233)
    assert conv.encoder.output_shape == (None, 3, 3, 64)
    x = np.zeros((2, 28, 28), dtype="float32")
    assert tuple(conv.model(x).shape) == (2, 28, 28)


def test_convolutional_autoencoder_undoes_poolings_that_round_or_not():
    from aecourse.models import build_convolutional_autoencoder

    even = build_convolutional_autoencoder((4, 8), image_shape=(16, 16))  # 16 -> 8 -> 4 -> 8 -> 16
    assert even.encoder.output_shape == (None, 4, 4, 8) and even.model.output_shape == (None, 16, 16)


def test_tied_autoencoder_shares_the_encoder_kernels():
    from aecourse.models import build_tied_autoencoder

    tied = build_tied_autoencoder()
    assert tied.model.count_params() == 82_414  # 81,530 + the decoder's 100 + 784 biases
    kernels = {id(v) for v in tied.encoder.weights}
    decoder_own = [v for v in tied.decoder.weights if id(v) not in kernels]
    assert sorted(tuple(v.shape) for v in decoder_own) == [(100,), (784,)]


def test_stacking_nests_the_inner_autoencoder_and_shares_weights():
    from aecourse.models import build_vector_autoencoder, stack_autoencoders

    outer = build_stacked_autoencoder((100,))
    inner = build_vector_autoencoder(100, 30)
    stacked = stack_autoencoders(outer, inner)
    assert stacked.model.count_params() == 163_814
    assert stacked.encoder.output_shape == (None, 30)
    assert {id(v) for v in stacked.model.weights} == {id(v) for v in outer.model.weights + inner.model.weights}
    with pytest.raises(ValueError, match="codes have shape"):
        stack_autoencoders(outer, build_vector_autoencoder(50, 10))


def test_input_corruption_acts_only_while_training():
    import keras

    ae = build_stacked_autoencoder((8, 2), image_shape=(4, 4), input_corruption=keras.layers.GaussianNoise(0.5, seed=1))
    assert ae.model.count_params() == build_stacked_autoencoder((8, 2), image_shape=(4, 4)).model.count_params()
    x = np.full((3, 4, 4), 0.5, dtype="float32")
    np.testing.assert_array_equal(np.asarray(ae.model(x)), np.asarray(ae.model(x)))  # inference: clean input
    assert not np.allclose(np.asarray(ae.model(x, training=True)), np.asarray(ae.model(x, training=True)))


def test_recurrent_autoencoder_reads_rows_and_mirrors_itself():
    from aecourse.models import build_recurrent_autoencoder

    recurrent = build_recurrent_autoencoder()
    # LSTM: 4 (n_in + n_units + 1) n_units; 4·(28+100+1)·100 + 4·(100+30+1)·30 and 4·(30+100+1)·100 + 100·28 + 28
    assert (recurrent.encoder.count_params(), recurrent.decoder.count_params()) == (67_320, 55_228)
    assert recurrent.encoder.output_shape == (None, 30)
    x = np.random.default_rng(0).random((2, 28, 28)).astype("float32")
    y = np.asarray(recurrent.model(x))
    assert y.shape == (2, 28, 28) and np.all((y > 0) & (y < 1))
    with pytest.raises(ValueError):
        build_recurrent_autoencoder(image_shape=(28, 28, 1))


def test_coding_noise_saturates_a_sigmoid_code_only_while_training():
    from aecourse.layers import WideGaussianNoise

    hashing = build_stacked_autoencoder(hidden_sizes=(20, 16), coding_activation="sigmoid", coding_noise=8.0)
    assert [type(layer).__name__ for layer in hashing.encoder.layers][-3:] == ["Dense", "WideGaussianNoise",
                                                                              "Activation"]
    assert isinstance(hashing.encoder.layers[-2], WideGaussianNoise)
    x = np.full((2000, 28, 28), 0.5, dtype="float32")
    quiet = keras.ops.convert_to_numpy(hashing.encoder(x, training=False))
    noisy = keras.ops.convert_to_numpy(hashing.encoder(x, training=True))
    assert np.allclose(quiet, quiet[0])  # the same image, the same code
    assert np.mean((noisy < 0.1) | (noisy > 0.9)) > 0.6  # noise of 8 before a sigmoid: mostly 0 or 1
    with pytest.raises(ValueError, match="coding_noise"):
        build_stacked_autoencoder(coding_noise=0)


def test_convolutional_vae_shapes_kl_weight_and_sampling():
    from aecourse.models import build_convolutional_variational_autoencoder

    vae = build_convolutional_variational_autoencoder(latent_dim=4, filters=(8, 16), dense_size=32)
    x = np.random.default_rng(0).random((3, 28, 28)).astype("float32")
    mean, log_var, codings = vae.encoder(x)
    assert mean.shape == log_var.shape == codings.shape == (3, 4)
    out = np.asarray(vae.model(x))
    assert out.shape == (3, 28, 28) and np.all((out > 0) & (out < 1))
    np.testing.assert_allclose(out, np.asarray(vae.decoder(mean)), atol=1e-6)  # the mean code at inference
    assert vae.encoder.get_layer("latent_loss").weight == pytest.approx(1 / 784)
    assert len(vae.model.losses) == 1
    assert build_convolutional_variational_autoencoder(kl_weight=0.01).encoder.get_layer(
        "latent_loss").weight == pytest.approx(0.01)
    assert isinstance(vae.model, type(build_variational_autoencoder().model))  # tracks both loss terms
    # The decoder mirrors the encoder: 7×7×16 → 14×14×8 → 28×28×1.
    transposed = [layer for layer in vae.decoder.layers if isinstance(layer, keras.layers.Conv2DTranspose)]
    assert [tuple(layer.output.shape[1:]) for layer in transposed] == [(14, 14, 8), (28, 28, 1)]


def test_convolutional_vae_refuses_images_its_strides_cannot_halve():
    from aecourse.models import build_convolutional_variational_autoencoder

    with pytest.raises(ValueError, match="divisible by 4"):
        build_convolutional_variational_autoencoder(image_shape=(30, 30))
    with pytest.raises(ValueError, match="positive ints"):
        build_convolutional_variational_autoencoder(latent_dim=0)
