"""Training speed: the course's training path against plain Keras, same recipe.

Trains the source chapter's stacked autoencoder (784-100-30-100-784, SELU,
SGD with learning rate 1.5, binary cross-entropy, batches of 32, 55,000
training and 5,000 validation images of Fashion-MNIST) for 3 epochs, once with
plain Keras 3 defaults and once through ``aecourse`` (``seed_everything``,
``fit_autoencoder``), each in a process of its own so that neither inherits the
other's TensorFlow settings. Prints the seconds per epoch (wall time of the
whole ``fit`` over the epochs, first epoch's compilation included) and the
final validation loss of each, then ``speed-up: X.XX``, and writes the figures
to ``benchmarks/results.json`` under ``training_speed``.

With ``--epochs N`` (N ≠ 3) the figures go under ``training_speed_N_epochs``:
XLA's compilation and the first epoch's tracing weigh less in a longer run,
such as the chapters' 20 epochs.

Usage: ``.venv/bin/python benchmarks/training_speed.py [--epochs 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

RESULTS = Path(__file__).with_name("results.json")
EPOCHS = 3


def plain_keras(epochs: int) -> dict:
    """The recipe in plain Keras, as a reader would write it: default settings throughout."""
    import time

    import keras  # before aecourse: TensorFlow starts with its own defaults

    from aecourse.fashion_mnist import load_fashion_mnist

    keras.utils.set_random_seed(42)
    data = load_fashion_mnist().head(55_000, 5_000, 10_000)
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(100, activation="selu"),
        keras.layers.Dense(30, activation="selu"),
        keras.layers.Dense(100, activation="selu"),
        keras.layers.Dense(28 * 28, activation="sigmoid"),
        keras.layers.Reshape((28, 28)),
    ])

    def rounded_accuracy(y_true, y_pred):
        return keras.metrics.binary_accuracy(keras.ops.round(y_true), keras.ops.round(y_pred))

    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.5), loss="binary_crossentropy",
                  metrics=[rounded_accuracy])
    start = time.perf_counter()
    history = model.fit(data.x_train, data.x_train, epochs=epochs, batch_size=32,
                        validation_data=(data.x_val, data.x_val), verbose=0)
    seconds = time.perf_counter() - start
    return {"seconds_per_epoch": seconds / epochs, "val_loss": float(history.history["val_loss"][-1])}


def course(epochs: int) -> dict:
    """The same recipe through the course's own path, as the chapters train."""
    import aecourse  # noqa: F401  (first: its TensorFlow settings)

    import keras

    from aecourse.fashion_mnist import load_fashion_mnist
    from aecourse.metrics import rounded_accuracy
    from aecourse.models import build_stacked_autoencoder
    from aecourse.seeding import seed_everything
    from aecourse.training import fit_autoencoder

    seed_everything(42)
    data = load_fashion_mnist().head(55_000, 5_000, 10_000)
    model = build_stacked_autoencoder(hidden_sizes=(100, 30)).model
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.5), loss="binary_crossentropy",
                  metrics=[rounded_accuracy])
    run = fit_autoencoder(model, data.x_train, data.x_val, epochs=epochs, batch_size=32)
    return {"seconds_per_epoch": run.seconds / epochs, "val_loss": run.final("val_loss")}


def _in_own_process(which: str, epochs: int) -> dict:
    settings = ("AECOURSE_TRAINING_CACHE", "TF_ENABLE_ONEDNN_OPTS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")
    env = {k: v for k, v in os.environ.items() if k not in settings}  # always train; TensorFlow's defaults
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    output = subprocess.run([sys.executable, __file__, "--run", which, "--epochs", str(epochs)],
                            env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--run", choices=("plain", "course"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps((plain_keras if args.run == "plain" else course)(args.epochs)))
        return
    plain = _in_own_process("plain", args.epochs)
    ours = _in_own_process("course", args.epochs)
    speed_up = plain["seconds_per_epoch"] / ours["seconds_per_epoch"]
    print(f"plain Keras: {plain['seconds_per_epoch']:.2f} s per epoch, val. loss {plain['val_loss']:.4f}")
    print(f"aecourse:    {ours['seconds_per_epoch']:.2f} s per epoch, val. loss {ours['val_loss']:.4f}")
    print(f"val. loss difference: {abs(plain['val_loss'] - ours['val_loss']):.4f}")
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    key = "training_speed" if args.epochs == EPOCHS else f"training_speed_{args.epochs}_epochs"
    results[key] = {"epochs": args.epochs, "plain_keras": plain, "aecourse": ours,
                                 "speed_up": round(speed_up, 3)}
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"speed-up: {speed_up:.2f}")


if __name__ == "__main__":
    main()
