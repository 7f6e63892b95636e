"""Keras backends on this CPU: TensorFlow, JAX and PyTorch training the book's own models with their chapters' recipes.

What is measured. For each backend and each model, in a fresh process of its
own (``KERAS_BACKEND`` set before Keras is imported), the very model that the
chapter trains, built by the package's own builder (``aecourse.models``), with
the recipe of ``aecourse.source_models``:

- ``stacked``: ``build_stacked_autoencoder(hidden_sizes=(100, 30))``, SGD with a
  learning rate of 1.5, batches of 32, 20 epochs (``book/stacked.md``);
- ``conv``: ``build_convolutional_autoencoder(filters=(16, 32, 64))``, SGD with a
  learning rate of 1.0, batches of 32, 5 epochs (``book/convolutional.md``);
- ``vae``: ``build_variational_autoencoder(latent_dim=10, hidden_sizes=(150, 100))``,
  RMSprop (learning rate 1e-3), batches of 128, 25 epochs; its KL term is added
  by a layer (``book/vae.md``).

All three: binary cross-entropy, the rounded accuracy as a metric, the first
55,000 training and 5,000 validation images of the course's split
(``load_fashion_mnist().head(...)``), seed 42 (``keras.utils.set_random_seed``
before building and again just before ``fit``, as ``fit_autoencoder`` does),
validation at each epoch's end in batches of 1,024. Per run it reports the
wall seconds of the first epoch (it includes tracing and compilation), the
mean seconds of the epochs after it, the whole ``fit``, then the validation
loss and rounded accuracy from ``evaluate`` and the chapter's quality bar
(``benchmarks/bars.py``: stacked rounded accuracy ≥ 0.933, convolutional loss ≤
0.2671, VAE rounded accuracy ≥ 0.922), checked on full-recipe runs only.

How each backend runs (``--execution course``, the default): the recipe is the
same everywhere, only the way Keras executes it differs, and each gets its
fastest standard path on this CPU.

- TensorFlow: the course's own ``aecourse.training.use_fast_execution``, i.e.
  64 steps per execution and XLA for the dense stacked autoencoder only; the
  threads of ``aecourse/__init__.py`` (1 intra-op, 2 inter-op).
- JAX: ``jax.jit`` (XLA) for every model, 64 steps per execution; XLA's own
  CPU thread pool (one thread per core).
- PyTorch: eager (Keras's default; ``torch.compile`` is not used), one step
  per execution (Keras refuses more with this backend); torch's default
  threads (``torch.get_num_threads()``, reported).

``--execution plain`` compiles with Keras's defaults on every backend instead
(``jit_compile="auto"``: no XLA for TensorFlow on a CPU, jit for JAX, eager
for torch; one step per execution).

The same seed does not give the same initial weights on every backend (each
draws from its own random generator), nor the same batch order: quality
differences include that noise. ``--same-weights`` gives every backend the
initial weights that the first backend drew, so that only the arithmetic and
the batch order differ.

``aecourse`` needs TensorFlow installed (``import aecourse`` checks it) even when
another backend runs, so the environment is the course's lock plus JAX and torch:
``bash benchmarks/backends.sh`` makes it, in ``.venv-backends``. TensorFlow is
then loaded in the JAX and torch processes too (``keras.utils.set_random_seed``
imports it whenever it is installed, to seed it): it costs start-up time and
memory, outside the timed ``fit``, and runs nothing there.

Timing is wall-clock time: run it on an otherwise idle machine. Each run records
the 1-minute load average after it and the CPU seconds of its process (start-up
included). The course's own ``fit_autoencoder`` is not used for JAX and torch:
its ``use_fast_execution`` is written for TensorFlow (see ``_configure_execution``).

Usage::

    bash benchmarks/backends.sh                                  # once: the environment
    .venv-backends/bin/python benchmarks/backends.py --smoke     # 512 images, 1 epoch: checks it runs
    .venv-backends/bin/python benchmarks/backends.py --write     # the real run, into results.json

Options: ``--models stacked conv vae``, ``--backends tensorflow jax torch``,
``--epochs N`` (every model trains N epochs instead of its recipe's), ``--smoke``,
``--execution course|plain``, ``--same-weights``, ``--write``. With ``--write``
the runs go to ``benchmarks/results.json`` under ``backends`` (``backends_smoke``,
``backends_N_epochs``, ``…_plain`` for the other settings), one entry per
``backend/model``, merged with the runs already there; other keys are kept.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib.util import find_spec
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.json")
REFERENCE_FIGURES = REPOSITORY / "aecourse" / "reference_figures.csv"

BACKENDS = ("tensorflow", "jax", "torch")
#: The Python module each backend needs, to tell a missing one before starting a process.
BACKEND_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}
SEED = 42  # aecourse.seeding.DEFAULT_SEED
N_TRAIN, N_VAL = 55_000, 5_000  # the source's split (aecourse.config.Recipe)
SMOKE_N_TRAIN, SMOKE_N_VAL, SMOKE_EPOCHS = 512, 512, 1
#: aecourse.training.STEPS_PER_EXECUTION and VALIDATION_BATCH_SIZE (the TensorFlow run checks both).
STEPS_PER_EXECUTION = 64
VALIDATION_BATCH_SIZE = 1024
#: Variables that would change the course's TensorFlow settings or read the training cache.
DROPPED_ENV = ("KERAS_BACKEND", "AECOURSE_TRAINING_CACHE", "TF_ENABLE_ONEDNN_OPTS",
               "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")


@dataclass(frozen=True)
class ModelRecipe:
    """One chapter's model and recipe, as ``aecourse.source_models`` trains it.

    Attributes:
        name: the key on the command line and in the results (``"stacked"``).
        builder: the name of the builder in ``aecourse.models``; ``builder_kwargs`` its arguments.
        optimizer: the name of the class in ``keras.optimizers``; ``optimizer_kwargs`` its arguments.
        batch_size: examples per gradient step.
        epochs: passes over the training images.
        course_recipe: the name of the matching ``aecourse.source_models`` recipe (its epochs are checked).
        bar: the chapter's quality bar, ``(metric, relation, target)``, as in ``benchmarks/bars.py``.
        book_prefix: the prefix of the book's published figures (``stacked`` → ``stacked_val_loss``).
    """

    name: str
    builder: str
    builder_kwargs: dict
    optimizer: str
    optimizer_kwargs: dict
    batch_size: int
    epochs: int
    course_recipe: str
    bar: tuple[str, str, float]
    book_prefix: str


RECIPES: dict[str, ModelRecipe] = {recipe.name: recipe for recipe in (
    ModelRecipe("stacked", "build_stacked_autoencoder", {"hidden_sizes": (100, 30)},
                "SGD", {"learning_rate": 1.5}, batch_size=32, epochs=20, course_recipe="STACKED_RECIPE",
                bar=("val_rounded_accuracy", ">=", 0.933), book_prefix="stacked"),
    ModelRecipe("conv", "build_convolutional_autoencoder", {"filters": (16, 32, 64)},
                "SGD", {"learning_rate": 1.0}, batch_size=32, epochs=5, course_recipe="CONVOLUTIONAL_RECIPE",
                bar=("val_loss", "<=", 0.2671), book_prefix="conv"),
    ModelRecipe("vae", "build_variational_autoencoder", {"latent_dim": 10, "hidden_sizes": (150, 100)},
                "RMSprop", {}, batch_size=128, epochs=25, course_recipe="VARIATIONAL_RECIPE",
                bar=("val_rounded_accuracy", ">=", 0.922), book_prefix="vae"),
)}


@dataclass(frozen=True)
class RunSpec:
    """What one process measures: ``model`` on ``backend``, ``epochs`` over ``n_train`` images.

    ``weights_file``: an ``.npz`` of initial weights to load, or to write if it
    does not exist yet (``--same-weights``); empty for the backend's own.
    """

    backend: str
    model: str
    epochs: int
    n_train: int
    n_val: int
    execution: str
    weights_file: str = ""


@dataclass
class RunResult:
    """The figures of one run; seconds are wall-clock seconds of this process.

    Attributes:
        first_epoch_seconds: from the ``fit`` call to the end of the first epoch
            (its validation included): set-up, tracing and compilation, and one epoch.
        seconds_per_epoch: mean seconds of the epochs after the first (``None`` for one epoch).
        total_seconds: the whole ``fit``.
        epoch_seconds: each epoch's seconds, the first included.
        val: ``evaluate`` on the validation images after training: ``loss``,
            ``rounded_accuracy`` and, for the VAE, ``reconstruction_loss`` and ``kl_loss``.
        execution: ``jit_compile`` and ``steps_per_execution`` as Keras ran them.
        threads: the backend's thread settings.
        versions: keras's and the backend's.
        initial_weights: ``"own"`` (the backend's draw), ``"saved"`` or ``"loaded"`` (``--same-weights``).
        tensorflow_imported: whether TensorFlow was loaded in the process (in a JAX or
            torch run by ``keras.utils.set_random_seed``: start-up and memory, nothing else).
        cpu_seconds: CPU seconds of the whole process, start-up included.
        load_average_1min_after: the machine's 1-minute load average when the process ended.
        date: the day of the run, ``YYYY-MM-DD``.
    """

    backend: str
    model: str
    epochs: int
    batch_size: int
    n_train: int
    n_val: int
    first_epoch_seconds: float
    seconds_per_epoch: float | None
    total_seconds: float
    epoch_seconds: list[float]
    val: dict[str, float]
    execution: dict
    threads: dict
    versions: dict
    initial_weights: str
    tensorflow_imported: bool
    cpu_seconds: float = 0.0
    load_average_1min_after: float = 0.0
    date: str = field(default_factory=lambda: time.strftime("%Y-%m-%d"))


# --------------------------------------------------------------------------
# One run, in its own process (KERAS_BACKEND already set)


def _check_against_course(recipe: ModelRecipe) -> None:
    """In the TensorFlow process only (the course's modules import TensorFlow): the constants here are the course's."""
    from aecourse import source_models, training

    course_epochs = getattr(source_models, recipe.course_recipe).epochs
    if course_epochs != recipe.epochs:
        raise RuntimeError(f"{recipe.name}: the course trains {course_epochs} epochs ({recipe.course_recipe}), "
                           f"this benchmark {recipe.epochs}: update RECIPES.")
    if (training.STEPS_PER_EXECUTION, training.VALIDATION_BATCH_SIZE) != (STEPS_PER_EXECUTION, VALIDATION_BATCH_SIZE):
        raise RuntimeError("aecourse.training's STEPS_PER_EXECUTION or VALIDATION_BATCH_SIZE changed: update them here.")


def _configure_execution(model, backend: str, batch_size: int, execution: str) -> dict:
    """Set how Keras runs the compiled ``model`` on ``backend`` (see the module docstring); returns what it runs.

    ``aecourse.training.use_fast_execution`` (training.py, the lines
    ``model.steps_per_execution = STEPS_PER_EXECUTION`` and ``model.jit_compile = jit``)
    is TensorFlow's rule: on torch its 64 steps per execution make ``fit`` raise
    ``ValueError`` (Keras allows 1 there) and its XLA for the stacked autoencoder
    would be ``torch.compile``; on JAX its ``jit_compile=False`` for the conv and
    the VAE would run them op by op, without ``jax.jit``. So only TensorFlow gets it.
    """
    if execution == "course":
        if backend == "tensorflow":
            from aecourse.training import use_fast_execution

            use_fast_execution(model, batch_size)  # the course's rule, written for TensorFlow
        elif backend == "jax":
            # Not use_fast_execution: its jit_compile=False for the conv and VAE would run JAX op by op.
            model.steps_per_execution = STEPS_PER_EXECUTION
            model.jit_compile = True
            model.train_function = model.test_function = model.predict_function = None
        # torch: Keras's defaults (eager, steps_per_execution=1; use_fast_execution's 64 raises ValueError).
    return {"jit_compile": bool(model.jit_compile), "steps_per_execution": int(model.steps_per_execution)}


def _threads(backend: str) -> dict:
    """The thread settings that ``backend`` runs with in this process."""
    cores = len(os.sched_getaffinity(0))
    if backend == "tensorflow":
        return {"cores": cores, "intra_op": os.environ.get("TF_NUM_INTRAOP_THREADS", "default"),
                "inter_op": os.environ.get("TF_NUM_INTEROP_THREADS", "default")}
    if backend == "jax":
        import jax

        return {"cores": cores, "devices": [str(d) for d in jax.devices()],
                "xla_flags": os.environ.get("XLA_FLAGS", ""), "intra_op": f"XLA default ({cores}, one per core)"}
    import torch

    return {"cores": cores, "intra_op": torch.get_num_threads(), "inter_op": torch.get_num_interop_threads(),
            "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "unset")}


def _versions(backend: str) -> dict:
    """keras's version and the backend library's."""
    import keras

    versions = {"keras": keras.__version__}
    if backend == "tensorflow":
        import tensorflow as tf

        versions["tensorflow"] = tf.__version__
    elif backend == "jax":
        import jax
        import jaxlib

        versions.update(jax=jax.__version__, jaxlib=jaxlib.__version__)
    else:
        import torch

        versions["torch"] = torch.__version__
    return versions


def _initial_weights(model, weights_file: str) -> str:
    """Load ``weights_file`` into ``model``, or write the model's weights there if it does not exist yet."""
    import numpy as np

    if not weights_file:
        return "own"
    path = Path(weights_file)
    if path.is_file():
        with np.load(path) as saved:
            model.set_weights([saved[f"arr_{i}"] for i in range(len(saved.files))])
        return "loaded"
    np.savez(path, *model.get_weights())
    return "saved"


def _epoch_clock():
    """A Keras callback that notes the wall time at the end of each epoch (its validation included)."""
    import keras

    class EpochClock(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.ends: list[float] = []

        def on_epoch_end(self, epoch, logs=None) -> None:
            # float() waits for the values: JAX and torch may still be computing them.
            _ = {name: float(value) for name, value in (logs or {}).items()}
            self.ends.append(time.perf_counter())

    return EpochClock()


def run(spec: RunSpec) -> RunResult:
    """Build, compile, train and evaluate ``spec.model`` on the backend of this process (``KERAS_BACKEND``)."""
    import aecourse  # noqa: F401  (its environment settings, before Keras)

    import keras

    from aecourse import models
    from aecourse.fashion_mnist import load_fashion_mnist
    from aecourse.metrics import rounded_accuracy

    if keras.backend.backend() != spec.backend:
        raise RuntimeError(f"Keras runs {keras.backend.backend()}, not {spec.backend}: set KERAS_BACKEND first.")
    recipe = RECIPES[spec.model]
    if spec.backend == "tensorflow":
        _check_against_course(recipe)
    keras.utils.set_random_seed(SEED)
    data = load_fashion_mnist().head(spec.n_train, spec.n_val, 1)
    model = getattr(models, recipe.builder)(**recipe.builder_kwargs).model
    initial = _initial_weights(model, spec.weights_file)
    model.compile(optimizer=getattr(keras.optimizers, recipe.optimizer)(**recipe.optimizer_kwargs),
                  loss="binary_crossentropy", metrics=[rounded_accuracy])
    execution = _configure_execution(model, spec.backend, recipe.batch_size, spec.execution)
    keras.utils.set_random_seed(SEED)  # as fit_autoencoder does, just before training
    clock = _epoch_clock()
    start = time.perf_counter()
    model.fit(data.x_train, data.x_train, epochs=spec.epochs, batch_size=recipe.batch_size,
              validation_data=(data.x_val, data.x_val), validation_batch_size=VALIDATION_BATCH_SIZE,
              callbacks=[clock], verbose=0)
    total = time.perf_counter() - start
    scores = model.evaluate(data.x_val, data.x_val, batch_size=VALIDATION_BATCH_SIZE, verbose=0, return_dict=True)
    ends = [start, *clock.ends]
    epoch_seconds = [b - a for a, b in zip(ends, ends[1:])]
    return RunResult(
        backend=spec.backend, model=spec.model, epochs=spec.epochs, batch_size=recipe.batch_size,
        n_train=spec.n_train, n_val=spec.n_val, first_epoch_seconds=epoch_seconds[0],
        seconds_per_epoch=sum(epoch_seconds[1:]) / (len(epoch_seconds) - 1) if len(epoch_seconds) > 1 else None,
        total_seconds=total, epoch_seconds=epoch_seconds,
        val={name: float(value) for name, value in scores.items()}, execution=execution,
        threads=_threads(spec.backend), versions=_versions(spec.backend), initial_weights=initial,
        tensorflow_imported="tensorflow" in sys.modules,
    )


# --------------------------------------------------------------------------
# The driver: one process per run, the table, results.json


def _child_env(backend: str) -> dict[str, str]:
    """This process's environment for a run on ``backend``: the repository first on the path, the backend chosen."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["KERAS_BACKEND"] = backend
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))
    return env


def run_in_own_process(spec: RunSpec) -> RunResult | str:
    """:func:`run` in a fresh Python process; its result, or an error message (the process's last error line)."""
    if find_spec(BACKEND_MODULES[spec.backend]) is None:
        return (f"{BACKEND_MODULES[spec.backend]} is not installed in {sys.executable}: "
                f"make .venv-backends with 'bash benchmarks/backends.sh' and run this with its python")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, __file__, "--run", json.dumps(asdict(spec))],
                          env=_child_env(spec.backend), capture_output=True, text=True, cwd=REPOSITORY)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        sys.stderr.write(f"--- {spec.backend}/{spec.model} failed (exit {done.returncode}); its last output:\n"
                         + "\n".join(lines[-15:]) + "\n")
        return lines[-1] if lines else f"exit status {done.returncode}"
    result = RunResult(**json.loads(done.stdout.strip().splitlines()[-1]))
    result.cpu_seconds = round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1)
    result.load_average_1min_after = round(os.getloadavg()[0], 2)
    return result


def bar_status(result: RunResult, full_recipe: bool) -> str:
    """``"pass"`` or ``"fail"`` against the chapter's bar, for a full-recipe run; ``"n/a"`` otherwise."""
    if not full_recipe:
        return "n/a"
    metric, relation, target = RECIPES[result.model].bar
    value = result.val[metric.removeprefix("val_")]
    return "pass" if (value >= target if relation == ">=" else value <= target) else "fail"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_table(runs: list[tuple[RunSpec, RunResult | str]], full_recipe: bool) -> None:
    """The table of every run, then each backend's execution and threads."""
    header = (f"{'backend':11} {'model':8} {'epochs':>6} {'s/epoch':>8} {'1st epoch s':>11} {'total s':>8} "
              f"{'val loss':>9} {'val r.acc':>9} {'bar':>5}")
    print(header)
    print("-" * len(header))
    for spec, result in runs:
        if isinstance(result, str):
            print(f"{spec.backend:11} {spec.model:8} {spec.epochs:>6} failed: {result[:120]}")
            continue
        print(f"{result.backend:11} {result.model:8} {result.epochs:>6} {_seconds(result.seconds_per_epoch):>8} "
              f"{result.first_epoch_seconds:>11.2f} {result.total_seconds:>8.2f} {result.val['loss']:>9.4f} "
              f"{result.val['rounded_accuracy']:>9.4f} {bar_status(result, full_recipe):>5}")
    print("\ns/epoch: mean of the epochs after the first; 1st epoch: set-up, tracing and compilation included;"
          " val: evaluate() on the validation images after training.")
    for spec, result in runs:
        if not isinstance(result, str):
            print(f"  {result.backend}/{result.model}: jit_compile={result.execution['jit_compile']}, "
                  f"steps_per_execution={result.execution['steps_per_execution']}, threads {result.threads}, "
                  f"initial weights {result.initial_weights}, TensorFlow loaded: {result.tensorflow_imported}, "
                  f"{result.cpu_seconds} CPU s, {result.versions}")


def print_book_figures(models: list[str]) -> None:
    """The book's own figures for ``models`` (TensorFlow, full profile, from results.json) and the source's."""
    book = (json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}).get("book_figures_full", {})
    with REFERENCE_FIGURES.open(encoding="utf-8") as file:
        source = {(row["model"], row["metric"]): float(row["value"]) for row in csv.DictReader(file)}
    print("\nThe chapters' figures (the book's full-profile build on TensorFlow; the source's run):")
    for name in models:
        recipe = RECIPES[name]
        prefix = recipe.book_prefix
        parts = [f"{metric} {book[f'{prefix}_{metric}']:.4f}" for metric in ("val_loss", "val_rounded_accuracy")
                 if f"{prefix}_{metric}" in book]
        if f"{prefix}_training_seconds" in book:
            parts.append(f"training {book[f'{prefix}_training_seconds']:.0f} s")
        reference = [f"{metric} {source[(prefix, metric)]:.4f}" for metric in ("val_loss", "val_rounded_accuracy")
                     if (prefix, metric) in source]
        metric, relation, target = recipe.bar
        print(f"  {name:8} book: {', '.join(parts) or 'not in results.json'}; source: {', '.join(reference)}; "
              f"bar: {metric} {relation} {target}")


def results_key(smoke: bool, epochs: int | None, execution: str) -> str:
    """The results.json key of a run's settings: ``backends``, ``backends_smoke``, ``backends_3_epochs``, ``…_plain``."""
    key = "backends_smoke" if smoke else "backends" if epochs is None else f"backends_{epochs}_epochs"
    return key if execution == "course" else f"{key}_plain"


def write_results(key: str, runs: list[tuple[RunSpec, RunResult | str]], full_recipe: bool) -> None:
    """Merge the runs into ``results.json[key]`` (one entry per ``backend/model``); other keys are kept."""
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    entry = results.get(key, {})
    for spec, result in runs:
        if isinstance(result, str):
            entry[f"{spec.backend}/{spec.model}"] = {"error": result, "date": time.strftime("%Y-%m-%d")}
        else:
            entry[f"{spec.backend}/{spec.model}"] = {**asdict(result), "bar": bar_status(result, full_recipe)}
    results[key] = entry
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"\nwrote {len(runs)} runs to {RESULTS} under {key!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=list(RECIPES), default=list(RECIPES))
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--epochs", type=int, help="train every model this many epochs instead of its recipe's")
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE_N_TRAIN} training and {SMOKE_N_VAL} validation images, "
                             f"{SMOKE_EPOCHS} epoch (unless --epochs): checks that everything runs")
    parser.add_argument("--execution", choices=("course", "plain"), default="course",
                        help="course: each backend's fast path (default); plain: Keras's defaults everywhere")
    parser.add_argument("--same-weights", action="store_true",
                        help="give every backend the initial weights drawn by the first one")
    parser.add_argument("--write", action="store_true", help="merge the runs into benchmarks/results.json")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # a RunSpec as JSON: the child's side
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(asdict(run(RunSpec(**json.loads(args.run))))))
        return 0
    if args.epochs is not None and args.epochs < 1:
        parser.error("--epochs must be a positive int")
    n_train, n_val = (SMOKE_N_TRAIN, SMOKE_N_VAL) if args.smoke else (N_TRAIN, N_VAL)
    full_recipe = not args.smoke and args.epochs is None
    runs: list[tuple[RunSpec, RunResult | str]] = []
    print(f"{n_train} training and {n_val} validation images; execution: {args.execution}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="aecourse-backends-") as scratch:
        for name in args.models:
            epochs = args.epochs or (SMOKE_EPOCHS if args.smoke else RECIPES[name].epochs)
            weights = str(Path(scratch) / f"{name}.npz") if args.same_weights else ""
            for backend in args.backends:
                spec = RunSpec(backend, name, epochs, n_train, n_val, args.execution, weights)
                result = run_in_own_process(spec)
                runs.append((spec, result))
                print(f"  {backend}/{name}: " + (f"failed: {result}" if isinstance(result, str) else
                      f"{result.total_seconds:.1f} s, val loss {result.val['loss']:.4f}"), flush=True)
    print()
    print_table(runs, full_recipe)
    print_book_figures(args.models)
    if args.write:
        write_results(results_key(args.smoke, args.epochs, args.execution), runs, full_recipe)
    return 1 if any(isinstance(result, str) for _, result in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
