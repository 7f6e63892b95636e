#!/usr/bin/env bash
# Build times of the book, full profile unless AECOURSE_PROFILE says otherwise:
#   cold             no caches at all
#   nothing changed  the same build again
#   prose changed    one sentence of one chapter edited
#   plotting helper  a line of code added to aecourse/plots.py (every chapter runs, no model retrains;
#                    a docstring or comment alone changes no code and runs nothing)
# It works on a copy of the repository's tracked files in a temporary folder, whose
# aecourse package is put first on PYTHONPATH, so the working tree is never touched.
# Prints one line per build and writes the figures to benchmarks/results.json under
# "rebuild_<profile>", with each chapter's seconds in the cold build under
# "chapter_seconds_<profile>" (a first build starts the longest chapters first by them).
# Usage: bash benchmarks/rebuild.sh   (after 'make setup data'); REPORTS_DIR=folder keeps each
# build's build-report.json and log there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
JB=$ROOT/.venv/bin/jupyter-book
PROFILE=${AECOURSE_PROFILE:-full}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
git ls-files -z | xargs -0 -I{} cp --parents {} "$WORK"
export PYTHONPATH=$WORK AECOURSE_PROFILE=$PROFILE
unset AECOURSE_CACHE_DIR AECOURSE_TRAINING_CACHE

timings=()
build() {  # $1: label
    local start end
    start=$(date +%s.%N)
    if ! "$JB" build "$WORK" -W -n --keep-going > "$WORK/build.log" 2>&1; then
        tail -40 "$WORK/build.log"; echo "build '$1' failed"; exit 1
    fi
    end=$(date +%s.%N)
    local seconds
    seconds=$(python3 -c "print(round($end - $start, 1))")
    local summary
    summary=$(python3 -c "
import json, collections
r = json.load(open('$WORK/_build/html/build-report.json'))
c = collections.Counter(ch['status'] for ch in r['chapters'].values())
runs = [run for ch in r['chapters'].values() for run in ch['training_runs']]
print(f\"{c['executed']} executed, {c['reused']} reused, {c['unchanged']} unchanged; \"
      f\"{sum(x['cache'] == 'trained' for x in runs)} models trained, {sum(x['cache'] == 'hit' for x in runs)} from the cache\")")
    printf '%-18s %7.1f s   %s\n' "$1" "$seconds" "$summary"
    if [ -n "${REPORTS_DIR:-}" ]; then  # keep each build's report, to see where the time went
        mkdir -p "$REPORTS_DIR"
        cp "$WORK/_build/html/build-report.json" "$REPORTS_DIR/${1// /-}.json"
        cp "$WORK/build.log" "$REPORTS_DIR/${1// /-}.log"
    fi
    timings+=("$1=$seconds")
}

build "cold"
cp "$WORK/_build/html/results.json" "$WORK/cold-results.json"
cp "$WORK/_build/html/build-report.json" "$WORK/cold-report.json"
build "nothing changed"
sed -i '0,/ The labels are not used/s//The labels are never used/' "$WORK/book/stacked.md"
build "prose changed"
echo "EDITED_BY_THE_BENCHMARK = True  # code that changes no figure" >> "$WORK/aecourse/plots.py"
build "plotting helper"

"$PY" - "$PROFILE" "$WORK/cold-results.json" "$WORK/cold-report.json" "${timings[@]}" <<'PYEOF'
import json, sys
from pathlib import Path
results_file = Path("benchmarks/results.json")
results = json.loads(results_file.read_text()) if results_file.is_file() else {}
profile, cold_results, cold_report, *pairs = sys.argv[1:]
results[f"rebuild_{profile}"] = {label: float(seconds) for label, seconds in (p.split("=") for p in pairs)}
# Each chapter's seconds in the cold build: a first build of a fresh clone starts the
# longest chapters first by these (book/_ext/parallel_execution.py, recorded_seconds).
chapters = json.loads(Path(cold_report).read_text())["chapters"]
results[f"chapter_seconds_{profile}"] = {docname: round(float(entry["seconds_executing"]), 1)
                                         for docname, entry in sorted(chapters.items())}
# The figures that the faster training must still reach (issue 2's bars).
book = json.loads(Path(cold_results).read_text())["results"]
quality = {name: value for name, value in sorted(book.items())
           if isinstance(value, int | float) and (
               name.endswith(("_val_loss", "_val_rounded_accuracy", "_training_seconds", "_gap_pct",
                              "_mean_activation", "_test_mse"))
               or name.startswith(("psnr_", "knn1_", "knn5_", "precision_at_", "trustworthiness_")))}
results[f"book_figures_{profile}"] = quality
results_file.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
for name, value in quality.items():
    print(f"{name:50} {value:.4f}")
PYEOF
"$PY" benchmarks/bars.py "$WORK/cold-results.json"
