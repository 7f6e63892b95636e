"""A cache of training runs, keyed by everything that determines their result.

Training is the slow part of building the book. A chapter that runs again
because a plotting helper changed should not train its models again, and a
chapter whose model, data or recipe changed must. :func:`training_key` hashes
what determines a run:

- the model's configuration (layer and optimizer names made canonical: Keras
  numbers them by creation order, which does not change what is computed);
- its variables before training (weights and random-generator states) and the
  optimizer's, if it has any yet;
- the optimizer, loss and metrics (``model.get_compile_config()``) and the
  execution settings (steps per execution, XLA);
- a fingerprint of the training and validation data;
- epochs, batch size and seed;
- the versions of Python, NumPy, Keras and TensorFlow, and TensorFlow's
  numerical settings (oneDNN, thread counts);
- the source of the course's code that runs inside training: the modules that
  define the model's layers and classes, its loss and metrics, and the
  training loop, with the course modules they use.

:class:`TrainingCache` stores one entry a key: the trained variables (model and
optimizer), the history and the wall time of the run that produced them. An
entry is written to a temporary folder and renamed into place, and its
variables file is checked against its SHA-256 when read, so that a partly
written or corrupted entry is detected, removed and trained again.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import aecourse  # noqa: F401  (sets the TensorFlow environment first)

import keras
import tensorflow as tf

from aecourse.fingerprints import code_fingerprint, data_fingerprint

CACHE_DIR_ENV_VAR = "AECOURSE_TRAINING_CACHE"
FORMAT_VERSION = 1
# Environment settings that change how TensorFlow computes.
NUMERICAL_SETTINGS = ("TF_ENABLE_ONEDNN_OPTS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "KERAS_BACKEND")
_VARIABLES_FILE = "variables.npz"
_RECORD_FILE = "record.json"


@dataclass(frozen=True)
class CachedRun:
    """What an entry holds besides the variables: the run's history and wall time in seconds."""

    history: dict[str, list[float]]
    seconds: float


# --- the key -------------------------------------------------------------------


def _variables_fingerprint(variables: list) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for variable in variables:
        value = np.ascontiguousarray(variable.numpy())
        digest.update(f"{value.dtype.str}{value.shape}".encode())
        digest.update(memoryview(value).cast("B"))
    return digest.hexdigest()


def _canonical_names(config: object) -> object:
    """``config`` with every name (layers, optimizer) replaced by its order of first appearance."""
    names: dict[str, str] = {}

    def collect(node: object) -> None:
        if isinstance(node, dict):
            name = node.get("name")
            if isinstance(name, str) and name not in names:
                names[name] = f"#{len(names)}"
            for value in node.values():
                collect(value)
        elif isinstance(node, list | tuple):
            for value in node:
                collect(value)

    def rename(node: object) -> object:
        if isinstance(node, dict):
            return {key: rename(value) for key, value in node.items()}
        if isinstance(node, list | tuple):
            return [rename(value) for value in node]
        if isinstance(node, str):
            return names.get(node, node)
        return node

    collect(config)
    return rename(config)


def _model_config(model: keras.Model) -> object:
    try:
        return keras.saving.serialize_keras_object(model)
    except (NotImplementedError, TypeError, ValueError):
        return "not serialisable"  # the layers' own configurations still describe it


def _layer_configs(model: keras.Model) -> list:
    """Each sub-layer's class and configuration: the architecture, whatever the kind of model."""
    configs = []
    for layer in model._flatten_layers(include_self=False):
        try:
            config = layer.get_config()
        except NotImplementedError:
            config = "no config"
        configs.append([f"{type(layer).__module__}.{type(layer).__qualname__}", config])
    return configs


def _code_run_in_training(model: keras.Model, extra: list[object]) -> list[object]:
    objects: list[object] = list(extra)
    for layer in model._flatten_layers(include_self=True):
        objects.extend(cls for cls in type(layer).__mro__ if cls is not object)
        # Penalties such as an activity regularizer run inside training too.
        objects.extend(getattr(layer, name, None) for name in ("activity_regularizer", "kernel_regularizer", "bias_regularizer"))
    compiled = getattr(model, "_compile_config", None)
    if compiled is not None:
        for value in compiled.config.values():
            objects.extend(value if isinstance(value, list | tuple) else list(value.values())
                           if isinstance(value, dict) else [value])
    return [obj for obj in objects if obj is not None and not isinstance(obj, str | int | float)]


def training_key(
    model: keras.Model,
    x_train: np.ndarray,
    x_val: np.ndarray | None,
    *,
    y_train: np.ndarray | None = None,
    y_val: np.ndarray | None = None,
    epochs: int,
    batch_size: int,
    seed: int,
    training_code: list[object] = (),
) -> tuple[str, dict]:
    """The cache key of fitting the compiled ``model``, and the parts it hashes.

    Args:
        model: a compiled Keras model, before the run.
        x_train, x_val: the training and validation inputs.
        y_train, y_val: their targets, ``None`` where the inputs are the targets.
        epochs, batch_size, seed: the run's settings.
        training_code: further objects (functions, classes) whose modules'
            source runs inside training, e.g. the training loop itself.

    Returns:
        ``(key, parts)``: a 40-character hex digest, and the JSON-ready
        mapping it digests.
    """
    optimizer = model.optimizer
    parts = {
        "format": FORMAT_VERSION,
        "model_and_compile": _canonical_names(
            [_model_config(model), _layer_configs(model), model.get_compile_config()]
        ),
        "execution": {"steps_per_execution": model.steps_per_execution, "jit_compile": bool(model.jit_compile)},
        "model_variables": _variables_fingerprint(model.variables),
        "optimizer_variables": _variables_fingerprint(optimizer.variables) if optimizer.built else "not built",
        "x_train": data_fingerprint(x_train),
        "x_val": data_fingerprint(x_val),
        "y_train": data_fingerprint(y_train),
        "y_val": data_fingerprint(y_val),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "keras": keras.__version__,
            "tensorflow": tf.__version__,
        },
        "settings": {name: os.environ.get(name) for name in NUMERICAL_SETTINGS},
        "source": code_fingerprint(_code_run_in_training(model, list(training_code))),
    }
    text = json.dumps(parts, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:40], parts


# --- the store -----------------------------------------------------------------


def _optimizer_variables(model: keras.Model) -> list:
    optimizer = model.optimizer
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    return list(optimizer.variables)


class TrainingCache:
    """Training runs stored under ``folder``, one sub-folder a key."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        #: (key, reason) of every damaged entry removed by :meth:`load`.
        self.discarded: list[tuple[str, str]] = []

    @classmethod
    def from_environment(cls) -> TrainingCache | None:
        """The cache named by ``$AECOURSE_TRAINING_CACHE`` (the book build sets it), or ``None``."""
        folder = os.environ.get(CACHE_DIR_ENV_VAR, "").strip()
        return cls(folder) if folder else None

    @contextmanager
    def claim(self, key: str) -> Iterator[None]:
        """Hold ``key`` while its run is looked up and, if missing, trained and stored.

        Another process that claims the same key (a chapter executed at the
        same time that trains the same model) waits until this one is done,
        then finds the run stored instead of training it a second time. The
        lock is an advisory ``flock`` on ``.<key>.lock`` in the cache folder;
        the system releases it if the holder dies.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f".{key}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def entry(self, key: str) -> Path:
        """The folder of ``key``'s entry."""
        return self.folder / key

    def load(self, key: str, model: keras.Model) -> CachedRun | None:
        """Set ``model``'s (and its optimizer's) variables from ``key``'s entry and return its run.

        Returns ``None`` when there is no entry. An entry that cannot be read
        whole (missing file, bad JSON, checksum or shape mismatch) is removed
        and ``None`` returned, so that the caller trains again.
        """
        entry = self.entry(key)
        if not entry.is_dir():
            return None
        try:
            record = json.loads((entry / _RECORD_FILE).read_text(encoding="utf-8"))
            blob = (entry / _VARIABLES_FILE).read_bytes()
            if record.get("format") != FORMAT_VERSION or record.get("key") != key:
                raise ValueError("format or key mismatch")
            if hashlib.sha256(blob).hexdigest() != record["variables_sha256"]:
                raise ValueError("checksum mismatch")
            with np.load(io.BytesIO(blob), allow_pickle=False) as stored:
                values = [stored[f"v{i}"] for i in range(len(stored.files))]
            targets = list(model.variables) + _optimizer_variables(model)
            if len(values) != len(targets) or any(
                tuple(v.shape) != tuple(t.shape) for v, t in zip(values, targets, strict=True)
            ):
                raise ValueError("variables do not match the model")
            run = CachedRun(
                history={k: [float(v) for v in vs] for k, vs in record["history"].items()},
                seconds=float(record["seconds"]),
            )
        except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError, EOFError) as error:
            self.discard(key, reason=str(error))
            return None
        for target, value in zip(targets, values, strict=True):
            target.assign(value)
        return run

    def store(self, key: str, model: keras.Model, run: CachedRun) -> Path:
        """Write ``key``'s entry (trained variables, history, seconds) atomically; returns its folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        variables = list(model.variables) + _optimizer_variables(model)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=self.folder))
        try:
            arrays = {f"v{i}": v.numpy() for i, v in enumerate(variables)}
            with (staging / _VARIABLES_FILE).open("wb") as stream:
                np.savez(stream, **arrays)
            blob = (staging / _VARIABLES_FILE).read_bytes()
            record = {
                "format": FORMAT_VERSION,
                "key": key,
                "history": run.history,
                "seconds": run.seconds,
                "variables_sha256": hashlib.sha256(blob).hexdigest(),
            }
            (staging / _RECORD_FILE).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
            target = self.entry(key)
            shutil.rmtree(target, ignore_errors=True)
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return target

    def discard(self, key: str, reason: str = "") -> None:
        """Remove ``key``'s entry (a damaged one is never trusted)."""
        shutil.rmtree(self.entry(key), ignore_errors=True)
        self.discarded.append((key, reason))
