"""The training cache: a run is reused only when everything that determines it is the same.

Each test trains a small model once with the cache and compares what a second
call gets: the cached weights must be the trained ones (not the initial ones,
not another run's), and any change to what determines the run must train again.
"""

from __future__ import annotations

import importlib
import sys
import textwrap

import keras
import numpy as np
import pytest

from aecourse.models import build_stacked_autoencoder
from aecourse.seeding import seed_everything
from aecourse.training import fit_autoencoder
from aecourse.training_cache import CACHE_DIR_ENV_VAR, TrainingCache

SEED = 5


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "training-cache"
    monkeypatch.setenv(CACHE_DIR_ENV_VAR, str(folder))
    return folder


def _data(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random((64, 6, 6)).astype("float32")


def _model(learning_rate: float = 0.5, hidden=(12, 3), optimizer: str = "sgd") -> keras.Model:
    seed_everything(SEED)
    model = build_stacked_autoencoder(hidden, image_shape=(6, 6)).model
    opt = (keras.optimizers.SGD(learning_rate=learning_rate) if optimizer == "sgd"
           else keras.optimizers.RMSprop(learning_rate=learning_rate))
    model.compile(optimizer=opt, loss="binary_crossentropy")
    return model


def _weights(model: keras.Model) -> list[np.ndarray]:
    return [np.array(w) for w in model.get_weights()]


def _same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_the_same_run_comes_from_the_cache_with_the_trained_weights(cache_dir):
    x = _data()
    first = _model()
    initial = _weights(first)
    trained_run = fit_autoencoder(first, x, x[:16], epochs=2, batch_size=16)
    assert trained_run.cache == "trained"
    trained = _weights(first)
    assert not _same(initial, trained)

    second = _model()
    assert _same(_weights(second), initial)
    cached_run = fit_autoencoder(second, x, x[:16], epochs=2, batch_size=16)
    assert cached_run.cache == "hit" and cached_run.from_cache
    assert _same(_weights(second), trained)
    assert cached_run.history == trained_run.history
    assert cached_run.seconds == trained_run.seconds  # the time of the run that trained the weights


def test_without_a_cache_nothing_is_stored(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_DIR_ENV_VAR, raising=False)
    x = _data()
    assert fit_autoencoder(_model(), x, epochs=1, batch_size=16).cache == "off"
    assert fit_autoencoder(_model(), x, epochs=1, batch_size=16).cache == "off"


@pytest.mark.parametrize(
    "change",
    ["learning_rate", "optimizer", "layer_sizes", "epochs", "batch_size", "seed", "one_pixel", "validation_data"],
)
def test_a_change_to_what_determines_the_run_trains_again(cache_dir, change):
    x = _data()
    fit_autoencoder(_model(), x, x[:16], epochs=2, batch_size=16)
    model_args, fit_args, x_train, x_val = {}, {"epochs": 2, "batch_size": 16}, x, x[:16]
    if change == "learning_rate":
        model_args["learning_rate"] = 0.4
    elif change == "optimizer":
        model_args["optimizer"] = "rmsprop"
    elif change == "layer_sizes":
        model_args["hidden"] = (12, 4)
    elif change == "epochs":
        fit_args["epochs"] = 3
    elif change == "batch_size":
        fit_args["batch_size"] = 8
    elif change == "seed":
        fit_args["seed"] = SEED + 1
    elif change == "one_pixel":
        x_train = x.copy()
        x_train[10, 3, 3] = 1 - x_train[10, 3, 3]
    elif change == "validation_data":
        x_val = x[16:32]
    run = fit_autoencoder(_model(**model_args), x_train, x_val, **fit_args)
    assert run.cache == "trained"


def test_other_initial_weights_train_again(cache_dir):
    x = _data()
    fit_autoencoder(_model(), x, epochs=1, batch_size=16)
    model = _model()
    kernel = model.trainable_variables[0]
    kernel.assign(np.zeros(kernel.shape, dtype="float32"))
    assert fit_autoencoder(model, x, epochs=1, batch_size=16).cache == "trained"


def test_continued_training_restores_the_optimizer_state(cache_dir, monkeypatch):
    # Two runs in a row with RMSprop: the second starts from the first's
    # optimizer state, which the cache must restore along with the weights.
    x = _data()

    def two_runs() -> tuple[list[np.ndarray], list[str]]:
        model = _model(learning_rate=0.01, optimizer="rmsprop")
        runs = [fit_autoencoder(model, x, epochs=1, batch_size=16), fit_autoencoder(model, x, epochs=1, batch_size=16)]
        return _weights(model), [run.cache for run in runs]

    monkeypatch.delenv(CACHE_DIR_ENV_VAR)
    uncached, _ = two_runs()
    monkeypatch.setenv(CACHE_DIR_ENV_VAR, str(cache_dir))
    trained, statuses = two_runs()
    assert statuses == ["trained", "trained"] and _same(trained, uncached)
    cached, statuses = two_runs()
    assert statuses == ["hit", "hit"] and _same(cached, uncached)


def test_what_follows_a_run_draws_the_same_numbers_from_the_cache_or_not(cache_dir):
    x = _data()
    fit_autoencoder(_model(), x, epochs=1, batch_size=16)
    after_training = (np.random.random(), float(keras.random.normal(()).numpy()))
    assert fit_autoencoder(_model(), x, epochs=1, batch_size=16).cache == "hit"
    assert (np.random.random(), float(keras.random.normal(()).numpy())) == after_training


@pytest.mark.parametrize("damage", ["garbage_variables", "truncated_variables", "no_record", "bad_record", "swapped_checksum"])
def test_a_damaged_entry_is_detected_and_trained_again(cache_dir, damage):
    x = _data()
    model = _model()
    run = fit_autoencoder(model, x, epochs=2, batch_size=16)
    trained = _weights(model)
    entry = TrainingCache(cache_dir).entry(run.key)
    variables, record = entry / "variables.npz", entry / "record.json"
    if damage == "garbage_variables":
        variables.write_bytes(b"not a numpy file")
    elif damage == "truncated_variables":
        variables.write_bytes(variables.read_bytes()[:100])
    elif damage == "no_record":
        record.unlink()
    elif damage == "bad_record":
        record.write_text("{")
    elif damage == "swapped_checksum":  # a valid file, but not the one the record vouches for
        np.savez(variables, **{f"v{i}": np.zeros_like(w) for i, w in enumerate(trained)})
    again = _model()
    rerun = fit_autoencoder(again, x, epochs=2, batch_size=16)
    assert rerun.cache == "trained"
    assert _same(_weights(again), trained)  # trained again, to the same weights
    third = _model()
    assert fit_autoencoder(third, x, epochs=2, batch_size=16).cache == "hit"  # the entry was rewritten
    assert _same(_weights(third), trained)


def test_a_half_written_entry_is_ignored(cache_dir):
    # A build killed while storing leaves only a hidden staging folder.
    x = _data()
    run = fit_autoencoder(_model(), x, epochs=1, batch_size=16)
    entry = TrainingCache(cache_dir).entry(run.key)
    entry.rename(cache_dir / f".{run.key}-interrupted")
    assert fit_autoencoder(_model(), x, epochs=1, batch_size=16).cache == "trained"


def _course_package(root, layer_scale: str, penalty_scale: str = "0.01") -> None:
    """A small course package: a custom layer, a regularizer, and a plotting module that training never runs."""
    package = root / "minicourse"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "layers.py").write_text(textwrap.dedent(f"""
        import keras

        @keras.saving.register_keras_serializable(package="minicourse")
        class Scale(keras.layers.Layer):
            def call(self, x):
                return x * {layer_scale}
    """))
    (package / "penalties.py").write_text(textwrap.dedent(f"""
        import keras
        from keras import ops

        @keras.saving.register_keras_serializable(package="minicourse")
        class MeanPenalty(keras.regularizers.Regularizer):
            def __call__(self, x):
                return {penalty_scale} * ops.sum(ops.mean(x, axis=0))
    """))
    if not (package / "plots.py").exists():
        (package / "plots.py").write_text("def plot():\n    return 'a plot'\n")


def _custom_model() -> keras.Model:
    from minicourse.layers import Scale
    from minicourse.penalties import MeanPenalty

    seed_everything(SEED)
    model = keras.Sequential([keras.Input((6, 6)), keras.layers.Flatten(),
                              keras.layers.Dense(4, activation="selu", activity_regularizer=MeanPenalty()),
                              Scale(), keras.layers.Dense(36, activation="sigmoid"), keras.layers.Reshape((6, 6))])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy")
    return model


def _reimport() -> None:
    for name in [n for n in sys.modules if n == "minicourse" or n.startswith("minicourse.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    import minicourse.layers  # noqa: F401
    import minicourse.penalties  # noqa: F401
    import minicourse.plots  # noqa: F401


def test_a_change_to_course_code_run_in_training_trains_again_and_other_code_does_not(cache_dir, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    _course_package(tmp_path, "1.0")
    _reimport()
    x = _data()
    assert fit_autoencoder(_custom_model(), x, epochs=1, batch_size=16).cache == "trained"
    _reimport()
    assert fit_autoencoder(_custom_model(), x, epochs=1, batch_size=16).cache == "hit"

    # The plotting module is imported, but no training code uses it.
    (tmp_path / "minicourse" / "plots.py").write_text("def plot():\n    return 'another plot'\n")
    _reimport()
    assert fit_autoencoder(_custom_model(), x, epochs=1, batch_size=16).cache == "hit"

    # The regularizer's code changes the loss that training minimises.
    _course_package(tmp_path, "1.0", penalty_scale="0.02")
    _reimport()
    assert fit_autoencoder(_custom_model(), x, epochs=1, batch_size=16).cache == "trained"

    # The layer's code changes what training computes.
    _course_package(tmp_path, "2.0", penalty_scale="0.02")
    _reimport()
    assert fit_autoencoder(_custom_model(), x, epochs=1, batch_size=16).cache == "trained"


def test_layer_names_do_not_change_the_key(cache_dir):
    # Keras numbers layers by creation order: a model built after others gets
    # other names but computes the same thing.
    x = _data()
    fit_autoencoder(_model(), x, epochs=1, batch_size=16)
    build_stacked_autoencoder((5, 2), image_shape=(6, 6))  # shifts the automatic names
    assert fit_autoencoder(_model(), x, epochs=1, batch_size=16).cache == "hit"


CONCURRENT_RUN = """
import sys, time
import numpy as np
from aecourse.models import build_stacked_autoencoder
from aecourse.seeding import seed_everything
from aecourse.training import fit_autoencoder
import keras
seed_everything(5)
model = build_stacked_autoencoder((12, 3), image_shape=(6, 6)).model
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy")
x = np.random.default_rng(0).random((2048, 6, 6)).astype("float32")
run = fit_autoencoder(model, x, x[:16], epochs=3, batch_size=16)
print(run.cache, run.history["loss"][-1])
"""


def test_two_processes_asking_for_the_same_run_train_it_once(cache_dir):
    # Two chapters executed side by side may train the same model: one trains,
    # the other waits for it and takes the stored run.
    import os
    import subprocess

    env = {**os.environ, CACHE_DIR_ENV_VAR: str(cache_dir)}
    processes = [subprocess.Popen([sys.executable, "-c", CONCURRENT_RUN], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert all(p.returncode == 0 for p in processes), [err[-2000:] for _, err in outputs]
    lines = sorted(out.split()[0] for out, _ in outputs)
    assert lines == ["hit", "trained"], outputs
    assert outputs[0][0].split()[1] == outputs[1][0].split()[1]  # the same final loss


def test_a_classifier_run_is_keyed_on_its_labels(cache_dir):
    from aecourse.training import fit_classifier

    def classifier() -> keras.Model:
        seed_everything(SEED)
        model = keras.Sequential([keras.Input((6, 6)), keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        return model

    x = _data()
    y = (x[:, 0, 0] > 0.5).astype("int64")
    first = classifier()
    assert fit_classifier(first, x, y, epochs=1, batch_size=16).cache == "trained"
    again = classifier()
    assert fit_classifier(again, x, y, epochs=1, batch_size=16).cache == "hit"
    for a, b in zip(first.get_weights(), again.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert fit_classifier(classifier(), x, 1 - y, epochs=1, batch_size=16).cache == "trained"  # other labels
