"""The quality bars of the book's models, checked on a built book's ``results.json``.

Each bar compares a figure of this build with a target:

- every model with a published validation rounded accuracy
  (``aecourse/reference_figures.csv``) comes within 0.003 of it, or beats it;
- the full-profile bars of the first chapters: stacked validation rounded
  accuracy ≥ 0.933, VAE ≥ 0.922, the linear autoencoder within 1% of PCA;
- the convolutional autoencoder's validation loss ≤ the reference's 0.2671;
- denoising: ``psnr_denoising`` > ``psnr_classical`` > ``psnr_noisy``;
- the KL-penalised sparse autoencoder's mean activation is within 0.1 ± 0.03;
- 5-NN accuracy on the convolutional autoencoder's codes ≥ PCA's published 0.8568;
- semantic hashing ≥ 2× random bits; the anomaly AUROC's bar (91.7) and goal (93.5);
- the judge of generated images: test accuracy ≥ 0.90; the test set's FD-FMNIST against the
  training set below every VAE's; each attribute edit raises its target-class share by ≥ 30 points.

A figure that the build did not publish (a chapter still to come) is listed
as missing, not failed. Prints one line per bar and writes them to
``benchmarks/results.json`` under ``bars_<profile>``. The bars are meant for
the full profile; on the quick one they mostly fail, as they should.

Usage: ``.venv/bin/python benchmarks/bars.py [_build/html/results.json]``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from aecourse.reference import ROUNDED_ACCURACY_TOLERANCE, reference_figures

RESULTS = Path(__file__).with_name("results.json")


def bars(results: dict[str, float]) -> list[dict]:
    """Every bar: name, this build's value, the target, and ``"pass"``, ``"fail"`` or ``"missing"``."""
    checks: list[tuple[str, str, float | None, str, float]] = []  # name, result name, value, relation, target
    for figure in reference_figures():
        if figure.metric == "val_rounded_accuracy":
            name = f"{figure.model}_val_rounded_accuracy"
            checks.append((f"{name} ≥ reference {figure.value} − {ROUNDED_ACCURACY_TOLERANCE}", name,
                           results.get(name), ">=", figure.value - ROUNDED_ACCURACY_TOLERANCE))
    checks += [
        ("stacked_val_rounded_accuracy ≥ 0.933", "stacked_val_rounded_accuracy",
         results.get("stacked_val_rounded_accuracy"), ">=", 0.933),
        ("vae_val_rounded_accuracy ≥ 0.922", "vae_val_rounded_accuracy", results.get("vae_val_rounded_accuracy"), ">=", 0.922),
        ("linear_long_gap_pct < 1", "linear_long_gap_pct", results.get("linear_long_gap_pct"), "<", 1.0),
        ("conv_val_loss ≤ 0.2671", "conv_val_loss", results.get("conv_val_loss"), "<=", 0.2671),
        ("psnr_denoising > psnr_classical", "psnr_denoising", results.get("psnr_denoising"), ">",
         results.get("psnr_classical", float("nan"))),
        ("psnr_classical > psnr_noisy", "psnr_classical", results.get("psnr_classical"), ">",
         results.get("psnr_noisy", float("nan"))),
        ("knn5_accuracy_conv ≥ 0.8568 (PCA's published figure)", "knn5_accuracy_conv",
         results.get("knn5_accuracy_conv"), ">=", 0.8568),
        ("sparse_kl_mean_activation ≥ 0.1 − 0.03", "sparse_kl_mean_activation",
         results.get("sparse_kl_mean_activation"), ">=", 0.07),
        ("sparse_kl_mean_activation ≤ 0.1 + 0.03", "sparse_kl_mean_activation",
         results.get("sparse_kl_mean_activation"), "<=", 0.13),
        ("hash_precision_at_10 ≥ 2 × hash_precision_at_10_random", "hash_precision_at_10",
         results.get("hash_precision_at_10"), ">=", 2 * results.get("hash_precision_at_10_random", float("nan"))),
        ("anomaly_auroc_mean ≥ 91.7 (the CAE baseline; the bar)", "anomaly_auroc_mean",
         results.get("anomaly_auroc_mean"), ">=", 91.7),
        ("anomaly_auroc_mean ≥ 93.5 (GEOM; the goal)", "anomaly_auroc_mean",
         results.get("anomaly_auroc_mean"), ">=", 93.5),
        ("classifier_test_accuracy ≥ 0.90", "classifier_test_accuracy",
         results.get("classifier_test_accuracy"), ">=", 0.90),
        ("fid_test_vs_train < fid_vae", "fid_test_vs_train", results.get("fid_test_vs_train"), "<",
         results.get("fid_vae", float("nan"))),
        ("fid_test_vs_train < fid_conv_vae", "fid_test_vs_train", results.get("fid_test_vs_train"), "<",
         results.get("fid_conv_vae", float("nan"))),
    ]
    for edit in ("sneaker_ankle_boot", "tshirt_shirt"):
        name = f"attribute_{edit}_target_share"
        checks.append((f"{name} ≥ unedited + 0.30", name, results.get(name), ">=",
                       results.get(f"{name}_unedited", float("nan")) + 0.30))
    rows = []
    compare = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b}
    for label, name, value, relation, target in checks:
        if value is None or target != target:  # not published, or its target is not
            status = "missing"
        else:
            status = "pass" if compare[relation](value, target) else "fail"
        rows.append({"bar": label, "value": value, "target": target, "status": status})
    return rows


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html/results.json")
    report = json.loads(path.read_text())
    rows = bars(report["results"])
    for row in rows:
        value = "—" if row["value"] is None else f"{row['value']:.4f}"
        print(f"{row['status']:8} {row['bar']:60} {value}")
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results[f"bars_{report['profile']}"] = rows
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
