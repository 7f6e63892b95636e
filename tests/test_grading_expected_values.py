"""The hidden tests' expected values are what the reference solutions give, and the command keeps them so."""

from __future__ import annotations

import json
import shutil

import pytest

from aecourse import cli
from aecourse.grading import expected_values
from aecourse.grading.grader import default_exercises_root

ROOT = default_exercises_root()


def test_every_stored_value_is_what_its_solution_gives_now():
    verdicts = expected_values.compare(ROOT)
    assert {v.exercise for v in verdicts} == {p.stem for p in (ROOT / "tests" / "hidden" / "expected").glob("*.json")}
    stale = [f"{v.exercise}: {v.differences[:3]}" for v in verdicts if v.differences]
    assert not stale, "run: aecourse expected-values\n" + "\n".join(stale)


INDEPENDENT_SOURCES = ("scikit-learn", "Keras", "eigh", "loops", "bincount", "NormalDist")


def test_the_exercises_whose_values_come_from_independent_code_are_those_their_tests_say():
    """A hidden test whose comments name independent code (scikit-learn, Keras, loops...) has its values
    protected from the generator, and no other."""
    said = set()
    for test in (ROOT / "tests" / "hidden").glob("test_*.py"):
        comments = " ".join(line.split("#", 1)[1] for line in test.read_text().splitlines() if "#" in line)
        if "expected" in comments.lower() and any(source in comments for source in INDEPENDENT_SOURCES):
            said.add(test.stem.removeprefix("test_"))
    assert said == set(expected_values.INDEPENDENT)


@pytest.fixture
def exercises(tmp_path):
    copy = tmp_path / "exercises"
    shutil.copytree(ROOT / "solutions", copy / "solutions")
    shutil.copytree(ROOT / "tests" / "hidden" / "expected", copy / "tests" / "hidden" / "expected")
    return copy


def _edit(path, change) -> str:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=1))
    return path.read_text()


def test_a_stale_value_of_the_solutions_is_found_then_rewritten(exercises, capsys):
    path = exercises / "tests" / "hidden" / "expected" / "psnr.json"
    original = json.loads((ROOT / "tests" / "hidden" / "expected" / "psnr.json").read_text())
    _edit(path, lambda data: data.update(expected=data["expected"] + 0.5))
    assert cli.main(["--exercises", str(exercises), "expected-values", "--check"]) == 1
    err = capsys.readouterr().err
    assert "stale: psnr.json" in err and "aecourse expected-values" in err
    assert cli.main(["--exercises", str(exercises), "expected-values"]) == 0
    assert json.loads(path.read_text())["expected"] == pytest.approx(original["expected"], rel=1e-12)
    assert cli.main(["--exercises", str(exercises), "expected-values", "--check"]) == 0


def test_values_of_independent_code_are_never_overwritten(exercises, capsys):
    """A solution that disagrees with scikit-learn's AUROC is reported, and the stored value is kept."""
    path = exercises / "tests" / "hidden" / "expected" / "auroc.json"
    edited = _edit(path, lambda data: data["cases"][0].update(expected=0.25))
    assert cli.main(["--exercises", str(exercises), "expected-values"]) == 1
    err = capsys.readouterr().err
    assert "not rewritten: auroc.json (computed by scikit-learn's roc_auc_score" in err
    assert path.read_text() == edited


def test_an_untouched_file_is_left_as_it_is(exercises):
    path = exercises / "tests" / "hidden" / "expected" / "kl_term.json"
    before = path.read_bytes()
    assert cli.main(["--exercises", str(exercises), "expected-values"]) == 0
    assert path.read_bytes() == before


def test_a_file_without_a_recipe_is_an_error(exercises, capsys):
    (exercises / "tests" / "hidden" / "expected" / "new_exercise.json").write_text("{}")
    assert cli.main(["--exercises", str(exercises), "expected-values", "--check"]) == 2
    assert "files without a recipe ['new_exercise']" in capsys.readouterr().err
