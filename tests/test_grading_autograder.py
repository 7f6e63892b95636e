"""What runs in Gradescope's container: finding the exercise files, and results on a grader failure.

Whole runs of ``run_autograder`` are in ``test_grading_gradescope.py``.
"""

from __future__ import annotations

import json

from aecourse.grading.autograder import gather_submission, grade_submission, internal_error_results, write_results

EXERCISES = ["auroc", "psnr", "tied_params"]


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_files_at_the_top_or_in_a_folder_are_found(tmp_path):
    submission, dest = tmp_path / "submission", tmp_path / "dest"
    (submission / "my-work" / "old").mkdir(parents=True)
    dest.mkdir()
    (submission / "psnr.py").write_text("top = 1\n")
    (submission / "my-work" / "tied_params.py").write_text("nested = 1\n")
    (submission / "my-work" / "old" / "psnr.py").write_text("older = 1\n")
    (submission / "notes.txt").write_text("ignored")
    notes = gather_submission(submission, EXERCISES, dest)
    assert _files(dest) == ["psnr.py", "tied_params.py"]
    assert (dest / "psnr.py").read_text() == "top = 1\n"  # the shallowest copy
    assert notes == ["Graded 2 of 3 exercise files; not found: auroc.py."]


def test_two_copies_at_one_depth_are_not_guessed_between(tmp_path):
    submission, dest = tmp_path / "submission", tmp_path / "dest"
    for folder in ("a", "b"):
        (submission / folder).mkdir(parents=True)
        (submission / folder / "psnr.py").write_text(f"which = {folder!r}\n")
    dest.mkdir()
    notes = gather_submission(submission, EXERCISES, dest)
    assert _files(dest) == []
    assert any("psnr.py appears more than once" in note for note in notes), notes
    assert any("No exercise file found" in note for note in notes), notes


def test_a_link_to_another_file_is_not_taken(tmp_path):
    secret = tmp_path / "instructor" / "test_psnr.py"
    secret.parent.mkdir()
    secret.write_text("EXPECTED = 42\n")
    submission, dest = tmp_path / "submission", tmp_path / "dest"
    submission.mkdir()
    dest.mkdir()
    (submission / "psnr.py").symlink_to(secret)
    gather_submission(submission, EXERCISES, dest)
    assert _files(dest) == []


def test_a_missing_submission_folder_is_an_internal_error(tmp_path):
    results = grade_submission(tmp_path)
    assert results["score"] == 0 and results["tests"] == []
    assert results["output"].startswith("INTERNAL ERROR") and "no submission folder" in results["output"]


def test_results_are_written_as_json(tmp_path):
    path = tmp_path / "results" / "results.json"
    write_results(internal_error_results("boom"), path)
    assert json.loads(path.read_text())["output"].endswith("boom")
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]
