import keras
import numpy as np
import pytest

from aecourse.models import build_linear_autoencoder, build_stacked_autoencoder
from aecourse.pca import pca_reconstruction_error
from aecourse.seeding import seed_everything
from aecourse.synthetic import generate_3d_data
from aecourse.training import TrainingRun, evaluate_autoencoder, fit_autoencoder, reconstruct


@pytest.fixture
def small_model():
    seed_everything(0)
    ae = build_stacked_autoencoder((8, 2), image_shape=(4, 4))
    ae.model.compile(optimizer="adam", loss="mse")
    return ae.model


def test_history_has_one_value_per_epoch(small_model):
    x = np.random.default_rng(0).random((32, 4, 4)).astype("float32")
    run = fit_autoencoder(small_model, x, x[:8], epochs=3, batch_size=8)
    assert run.epochs == 3
    assert set(run.history) == {"loss", "val_loss"}
    assert all(isinstance(v, float) for v in run.history["loss"])
    assert run.seconds > 0
    assert run.final("val_loss") == run.history["val_loss"][-1]


def test_training_lowers_the_loss(small_model):
    x = np.random.default_rng(1).random((64, 4, 4)).astype("float32")
    before = evaluate_autoencoder(small_model, x)["loss"]
    fit_autoencoder(small_model, x, epochs=30, batch_size=16)
    assert evaluate_autoencoder(small_model, x)["loss"] < before


def test_reconstruct_keeps_the_shape(small_model):
    x = np.zeros((5, 4, 4), dtype="float32")
    assert reconstruct(small_model, x).shape == (5, 4, 4)


def test_fit_prints_nothing(small_model, capsys):
    x = np.zeros((16, 4, 4), dtype="float32")
    fit_autoencoder(small_model, x, x, epochs=2)
    reconstruct(small_model, x)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_wrong_image_shape_is_named(small_model):
    with pytest.raises(ValueError, match=r"x_train has shape \(3, 5, 5\).*\(n, 4, 4\)"):
        fit_autoencoder(small_model, np.zeros((3, 5, 5), dtype="float32"), epochs=1)


def test_uncompiled_model_is_refused():
    ae = build_stacked_autoencoder((8, 2), image_shape=(4, 4))
    with pytest.raises(ValueError, match="not compiled"):
        fit_autoencoder(ae.model, np.zeros((3, 4, 4), dtype="float32"), epochs=1)


@pytest.mark.parametrize("kwargs", [{"epochs": 0}, {"epochs": 1, "batch_size": 0}])
def test_bad_epochs_or_batch_size(small_model, kwargs):
    with pytest.raises(ValueError, match="positive int"):
        fit_autoencoder(small_model, np.zeros((3, 4, 4), dtype="float32"), **kwargs)


def test_final_of_unknown_metric_lists_the_known_ones():
    with pytest.raises(KeyError, match="loss"):
        TrainingRun({"loss": [1.0]}).final("accuracy")


def test_linear_autoencoder_reaches_pca_with_the_chapter_recipe():
    """The chapter's claim: trained long enough, within 1% of the PCA optimum."""
    seed_everything(42)
    x = generate_3d_data(60)
    ae = build_linear_autoencoder()
    ae.model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.5), loss="mse")
    fit_autoencoder(ae.model, x, epochs=20, batch_size=32)
    fit_autoencoder(ae.model, x, epochs=400, batch_size=len(x))
    mse = evaluate_autoencoder(ae.model, x)["loss"]
    optimum = pca_reconstruction_error(x, 2)
    assert optimum <= mse * (1 + 1e-5)  # nothing linear beats PCA
    assert mse < 1.01 * optimum


def test_fast_execution_uses_xla_only_for_small_batches_through_dense_layers():
    from aecourse.models import build_convolutional_autoencoder
    from aecourse.training import STEPS_PER_EXECUTION, use_fast_execution

    dense = build_stacked_autoencoder((8, 2), image_shape=(4, 4)).model
    dense.compile(optimizer="sgd", loss="mse")
    use_fast_execution(dense, batch_size=32)
    assert dense.jit_compile and dense.steps_per_execution == STEPS_PER_EXECUTION
    use_fast_execution(dense, batch_size=128)
    assert not dense.jit_compile
    conv = build_convolutional_autoencoder((4,), image_shape=(8, 8)).model
    conv.compile(optimizer="sgd", loss="mse")
    use_fast_execution(conv, batch_size=32)
    assert not conv.jit_compile and conv.steps_per_execution == STEPS_PER_EXECUTION
    noisy = build_stacked_autoencoder((8, 2), image_shape=(4, 4), input_corruption=keras.layers.GaussianNoise(0.1)).model
    noisy.compile(optimizer="sgd", loss="mse")
    use_fast_execution(noisy, batch_size=32)
    assert not noisy.jit_compile


def test_fit_classifier_trains_on_the_labels_and_validates_on_its_own():
    from aecourse.training import fit_classifier

    seed_everything(0)
    rng = np.random.default_rng(3)
    x = rng.random((256, 4, 4)).astype("float32")
    y = (x[:, 0, 0] > 0.5).astype("int64")  # one pixel decides the class
    model = keras.Sequential([keras.Input((4, 4)), keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    run = fit_classifier(model, x, y, x[:64], y[:64], epochs=10, batch_size=32)
    assert run.final("accuracy") > 0.9 and run.final("val_accuracy") > 0.9
    with pytest.raises(ValueError, match="one target per image"):
        fit_classifier(model, x, y[:10], epochs=1)
    with pytest.raises(ValueError, match="together with its images"):
        fit_classifier(model, x, y, x[:64], None, epochs=1)
