"""The hidden tests' expected values (``exercises/tests/hidden/expected/*.json``), from the solutions.

Each file holds the inputs of an exercise's hidden tests (drawn once, kept) and
the answers the tests expect. :data:`RECIPES` says, for each exercise, how the
reference solution answers those inputs, and how close an answer must be (the
hidden test's own tolerance). ``aecourse expected-values --check`` lists the
files whose answers the solutions no longer give; ``aecourse expected-values``
rewrites the answers of those computed *by the solutions*.

Some answers were computed by *independent* code (scikit-learn, Keras layers,
eigendecompositions, plain loops; see :data:`INDEPENDENT`), so that the
solution is checked against something other than itself. Those are never
rewritten from the solution: when the solution disagrees with them, the
command says so, and either the solution is wrong or the values must be
recomputed with the independent code named there.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np

EXPECTED_FOLDER = Path("tests") / "hidden" / "expected"

# Exercise → what computed its stored answers instead of the solution (from the hidden tests' comments).
INDEPENDENT = {
    "activity_penalty": "what Keras itself added to a layer's losses",
    "attribute_vector": "class means with np.bincount, codes moved one coordinate at a time in loops",
    "auroc": "scikit-learn's roc_auc_score",
    "classifier_verdict": "Python loops (first index of each row's highest probability, math.fsum)",
    "conv_shape": "sizes measured on Keras layers",
    "frechet": "eigendecompositions (numpy.linalg.eigh), not a matrix square root",
    "knn_classify": "scikit-learn's KNeighborsClassifier",
    "latent_grid": "statistics.NormalDist().inv_cdf and two loops",
    "transposed_shape": "sizes measured on Keras layers",
}


class ExpectedValuesError(RuntimeError):
    """The expected values cannot be checked or written (a file or a recipe is missing)."""


def _array(value, dtype=None) -> np.ndarray:
    return np.array(value, dtype=dtype)


def _plain(value):
    """NumPy results as JSON-ready Python values."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _each_case(key: str, answer: Callable[[ModuleType, dict], dict]) -> Callable[[ModuleType, dict], None]:
    def fill(m: ModuleType, data: dict) -> None:
        for case in data[key]:
            case.update(_plain(answer(m, case)))
    return fill


def _anomaly(m: ModuleType, d: dict) -> None:
    d["errors"] = _plain(m.reconstruction_errors(_array(d["x"]), _array(d["reconstructions"])))
    scores = _array(d["scores"])
    d["thresholds"] = [_plain(m.threshold_at_false_positive_rate(scores, rate)) for rate in d["rates"]]


def _attribute_vector(m: ModuleType, d: dict) -> None:
    codes, labels = _array(d["codes"]), _array(d["labels"])
    for case in d["vectors"]:
        case["expected"] = _plain(m.attribute_vector(codes, labels, case["source"], case["target"]))
    d["moved_first_10"] = _plain(m.apply_attribute(codes[:10], _array(d["vectors"][0]["expected"]), d["scale"]))


def _classifier_verdict(m: ModuleType, case: dict) -> dict:
    confidence, shares = m.classifier_verdict(_array(case["probabilities"]))
    return {"confidence": confidence, "class_shares": shares}


def _sparsity(m: ModuleType, d: dict) -> None:
    for key in ("cases", "extremes"):
        for case in d[key]:
            case["expected"] = _plain(m.kl_sparsity_penalty(_array(case["codes"]), case["target"]))


def _tied_dense(m: ModuleType, d: dict) -> None:
    args = [_array(d[key]) for key in ("codes", "kernel", "bias")]
    for activation in ("linear", "sigmoid"):
        d[activation] = _plain(m.tied_dense(*args, activation=activation))


@dataclass(frozen=True)
class Recipe:
    """How the solution answers an exercise's stored inputs (``fill`` writes the answers into the data),
    and how close a stored answer must be (the hidden test's tolerance)."""

    fill: Callable[[ModuleType, dict], None]
    rtol: float = 0.0
    atol: float = 0.0


RECIPES: dict[str, Recipe] = {
    "activity_penalty": Recipe(_each_case("cases", lambda m, c: {
        "expected": m.l1_activity_loss(_array(c["codes"]), c["weight"])}), rtol=1e-5),
    "anomaly": Recipe(_anomaly, rtol=1e-10, atol=1e-12),
    "attribute_vector": Recipe(_attribute_vector, rtol=1e-6, atol=1e-6),
    "auroc": Recipe(_each_case("cases", lambda m, c: {
        "expected": m.auroc(_array(c["scores"]), _array(c["is_anomaly"]))}), atol=1e-12),
    "classifier_verdict": Recipe(_each_case("cases", _classifier_verdict), rtol=1e-12, atol=1e-12),
    "conv_shape": Recipe(_each_case("cases", lambda m, c: {
        "expected": m.conv_output_size(c["n"], c["kernel"], c["stride"], c["padding"])})),
    "denoising": Recipe(lambda m, d: d.update(expected=_plain(
        m.add_gaussian_noise(_array(d["images"]), d["stddev"], d["seed"]))), rtol=1e-12),
    "frechet": Recipe(_each_case("cases", lambda m, c: {"expected": m.frechet_distance(
        *(_array(c[k]) for k in ("mean_1", "cov_1", "mean_2", "cov_2")))}), rtol=1e-7, atol=1e-9),
    "hamming_search": Recipe(_each_case("cases", lambda m, c: {"expected": np.asarray(m.hamming_search(
        _array(c["index"], bool), _array(c["queries"], bool), c["k"]))})),
    "interpolation": Recipe(lambda m, d: d.update(expected=_plain(
        m.interpolate_codes(_array(d["z_start"]), _array(d["z_end"]), 11))), rtol=1e-12, atol=1e-14),
    "kl_term": Recipe(lambda m, d: d.update(expected=_plain(
        m.kl_divergence(_array(d["mean"]), _array(d["log_var"])))), rtol=1e-10),
    "knn_classify": Recipe(_each_case("cases", lambda m, c: {"expected": np.asarray(m.knn_classify(
        _array(c["index"]), _array(c["labels"]), _array(c["queries"]), c["k"]))})),
    "latent_grid": Recipe(_each_case("cases", lambda m, c: {
        "expected": np.asarray(m.normal_quantile_grid(c["n"], latent_range=c["latent_range"]))}), rtol=1e-6, atol=1e-6),
    "meets_reference": Recipe(_each_case("cases", lambda m, c: {
        "meets": m.meets_reference(c["value"], c["reference"], c["tolerance"], c["higher_is_better"])})),
    "pareto_front": Recipe(_each_case("cases", lambda m, c: {"front": m.pareto_front(c["costs"], c["scores"])})),
    "pca_error": Recipe(lambda m, d: d.update(expected={
        k: m.pca_reconstruction_error(_array(d["x"]), int(k)) for k in d["expected"]}), rtol=1e-9, atol=1e-12),
    "precision_at_k": Recipe(_each_case("cases", lambda m, c: {"expected": m.precision_at_k(
        _array(c["neighbours"]), _array(c["queries"]), c["k"])}), atol=1e-12),
    "principal_angles": Recipe(lambda m, d: d.update(expected=_plain(
        np.asarray(m.principal_angles(_array(d["a"]), _array(d["b"]))))), atol=1e-6),
    "psnr": Recipe(lambda m, d: d.update(expected=_plain(
        m.psnr(_array(d["clean"]), _array(d["estimate"])))), rtol=1e-9),
    "reparameterize": Recipe(lambda m, d: d.update(expected=_plain(
        m.reparameterize(*(_array(d[k]) for k in ("mean", "log_var", "epsilon"))))), rtol=1e-10),
    "rounded_accuracy": Recipe(lambda m, d: d.update(expected=_plain(
        m.rounded_accuracy(_array(d["images"]), _array(d["reconstructions"])))), atol=1e-12),
    "sparsity_penalty": Recipe(_sparsity, rtol=1e-6),
    "tied_dense": Recipe(_tied_dense, rtol=1e-10),
    "tied_params": Recipe(_each_case("cases", lambda m, c: {
        "expected": m.parameter_counts(c["n_inputs"], c["hidden_sizes"])})),
    "transposed_shape": Recipe(_each_case("cases", lambda m, c: {
        "expected": m.transposed_conv_output_size(c["n"], c["kernel"], c["stride"], c["padding"])})),
}


def _solution(root: Path, exercise: str) -> ModuleType:
    path = root / "solutions" / f"{exercise}.py"
    spec = importlib.util.spec_from_file_location(f"_aecourse_solution_{exercise}", path)
    if spec is None or not path.is_file():
        raise ExpectedValuesError(f"no reference solution {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def differences(stored, computed, rtol: float, atol: float, where: str = "") -> list[str]:
    """Where ``computed`` differs from ``stored`` beyond the tolerance (numbers) or at all (anything else)."""
    if isinstance(stored, dict) and isinstance(computed, dict):
        if stored.keys() != computed.keys():
            return [f"{where or 'top'}: keys {sorted(stored)} against {sorted(computed)}"]
        return [d for key in stored for d in differences(stored[key], computed[key], rtol, atol, f"{where}.{key}")]
    if isinstance(stored, list) and isinstance(computed, list):
        if len(stored) != len(computed):
            return [f"{where}: {len(stored)} items stored, {len(computed)} computed"]
        return [d for i, (a, b) in enumerate(zip(stored, computed)) for d in differences(a, b, rtol, atol, f"{where}[{i}]")]
    numbers = (int, float)
    if (isinstance(stored, numbers) and isinstance(computed, numbers) and not isinstance(stored, bool)
            and not isinstance(computed, bool) and (isinstance(stored, float) or isinstance(computed, float))):
        if math.isclose(stored, computed, rel_tol=rtol, abs_tol=atol):
            return []
    elif stored == computed and type(stored) is type(computed):
        return []
    return [f"{where or 'top'}: stored {stored!r}, the solution gives {computed!r}"]


@dataclass(frozen=True)
class Verdict:
    """One exercise's stored answers against its solution's: ``differences`` is empty when they agree."""

    exercise: str
    path: Path
    differences: list[str]
    computed: dict

    @property
    def independent(self) -> str | None:
        return INDEPENDENT.get(self.exercise)


def compare(root: Path) -> list[Verdict]:
    """Each exercise with stored expected values, its solution's answers compared with them.

    Raises:
        ExpectedValuesError: if a stored file has no recipe, or a recipe no file.
    """
    folder = Path(root) / EXPECTED_FOLDER
    stored_files = {p.stem: p for p in sorted(folder.glob("*.json"))}
    if stored_files.keys() != RECIPES.keys():
        raise ExpectedValuesError(
            f"the expected values in {folder} and the recipes of aecourse.grading.expected_values differ: "
            f"files without a recipe {sorted(stored_files.keys() - RECIPES.keys())}, "
            f"recipes without a file {sorted(RECIPES.keys() - stored_files.keys())}. Add a recipe (or the file).")
    verdicts = []
    for exercise, path in stored_files.items():
        recipe = RECIPES[exercise]
        stored = json.loads(path.read_text())
        computed = copy.deepcopy(stored)
        recipe.fill(_solution(Path(root), exercise), computed)
        computed = json.loads(json.dumps(_plain(computed)))  # as it would be stored
        verdicts.append(Verdict(exercise, path, differences(stored, computed, recipe.rtol, recipe.atol), computed))
    return verdicts


def write(root: Path) -> tuple[list[Path], list[Verdict]]:
    """Rewrite the answers the solutions compute where they changed; never those of independent code.

    Returns:
        The files written, and the exercises whose independently computed answers
        the solution contradicts (left as they are).
    """
    written, refused = [], []
    for verdict in compare(root):
        if not verdict.differences:
            continue
        if verdict.independent:
            refused.append(verdict)
            continue
        ending = "\n" if verdict.path.read_text().endswith("\n") else ""  # as the file had it
        verdict.path.write_text(json.dumps(verdict.computed, indent=1) + ending)
        written.append(verdict.path)
    return written, refused
