"""Grading speed: ``aecourse grade --batch`` on N copies of the solutions and N of the stubs.

Builds a folder of 2 N submissions (N copies of ``exercises/solutions``, N of
``exercises/student``), grades it with the ``aecourse grade --batch`` command
in a process of its own (start-up included), checks the gradebook (full marks
for every copy of the solutions, zero for every copy of the stubs), prints the
wall time, the submissions graded per minute and the CPU time per submission
(the machine may be shared: the CPU time says what idle cores would give; it
counts every process the grader waited for), and writes the figures to
``benchmarks/results.json`` under ``grading`` (other keys are kept).

Usage: ``.venv/bin/python benchmarks/grading.py [--copies N] [--label NAME]``
(``--label`` stores the figure under ``grading_NAME`` instead, e.g. ``before``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.json")


def build_batch(folder: Path, exercises: Path, copies: int) -> None:
    """``copies`` sub-folders of the solutions and as many of the stubs, in ``folder``."""
    for index in range(copies):
        shutil.copytree(exercises / "solutions", folder / f"solved_{index:03d}")
        shutil.copytree(exercises / "student", folder / f"stub_{index:03d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3, help="copies of the solutions, and of the stubs (default 3)")
    parser.add_argument("--label", default="", help="store under grading_LABEL instead of grading")
    args = parser.parse_args()
    exercises = REPOSITORY / "exercises"
    with tempfile.TemporaryDirectory(prefix="aecourse-grading-benchmark-") as scratch:
        batch, gradebook = Path(scratch) / "submissions", Path(scratch) / "gradebook.csv"
        build_batch(batch, exercises, args.copies)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))}
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "aecourse.cli", "grade", "--batch", str(batch), "--csv", str(gradebook)],
                             env=env, capture_output=True, text=True)
        seconds = time.monotonic() - started
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
        if run.returncode != 0:
            print(run.stdout[-3000:], run.stderr[-3000:], file=sys.stderr)
            return 1
        rows = list(csv.DictReader(gradebook.open()))
    wrong = [r["submission"] for r in rows
             if r["total"] != (r["max"] if r["submission"].startswith("solved") else "0")]
    if len(rows) != 2 * args.copies or wrong:
        print(f"the gradebook is wrong: {len(rows)} rows, wrong totals for {wrong}", file=sys.stderr)
        return 1
    per_minute = 60 * len(rows) / seconds
    cores = os.cpu_count() or 1
    figures = {"submissions": len(rows), "seconds": round(seconds, 1), "submissions_per_minute": round(per_minute, 2),
               "cpu_seconds_per_submission": round(cpu / len(rows), 2),
               "submissions_per_minute_on_idle_cores": round(60 * cores * len(rows) / cpu, 2),
               "cores": cores, "load_average_1min_after": round(os.getloadavg()[0], 2), "date": time.strftime("%Y-%m-%d")}
    print(f"{len(rows)} submissions in {seconds:.1f} s: {per_minute:.2f} submissions per minute "
          f"({cpu / len(rows):.1f} s of CPU each; on {cores} idle cores at most "
          f"{figures['submissions_per_minute_on_idle_cores']:.1f} a minute); load average now {os.getloadavg()[0]:.1f}")
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results["grading" + (f"_{args.label}" if args.label else "")] = figures
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
