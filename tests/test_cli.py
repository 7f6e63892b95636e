import shutil

from aecourse import cli, colab
from conftest import ROOT


def test_stubs_check_then_regenerate(tmp_path, capsys):
    exercises = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises" / "solutions", exercises / "solutions")
    shutil.copytree(ROOT / "exercises" / "student", exercises / "student")
    assert cli.main(["--exercises", str(exercises), "stubs", "--check"]) == 0
    (exercises / "student" / "pca_error.py").write_text("edited by hand\n")
    assert cli.main(["--exercises", str(exercises), "stubs", "--check"]) == 1
    err = capsys.readouterr().err
    assert "stale: pca_error.py differs" in err and "Run 'aecourse stubs'" in err
    assert cli.main(["--exercises", str(exercises), "stubs"]) == 0
    assert cli.main(["--exercises", str(exercises), "stubs", "--check"]) == 0


def test_colab_without_the_book_packages_says_what_to_install(monkeypatch, capsys):
    def missing_yaml(root):
        raise ModuleNotFoundError("No module named 'yaml'", name="yaml")

    monkeypatch.setattr(colab, "expected_notebooks", missing_yaml)
    assert cli.main(["colab", "--check"]) == 2
    err = capsys.readouterr().err
    assert "yaml is missing" in err and "pip install 'aecourse[book]'" in err


def test_gradescope_writes_the_zip_or_says_why_not(tmp_path, capsys):
    assert cli.main(["gradescope", str(tmp_path / "autograder.zip")]) == 0
    assert (tmp_path / "autograder.zip").is_file()
    assert "Gradescope autograder" in capsys.readouterr().out
    (tmp_path / "empty" / "tests").mkdir(parents=True)
    assert cli.main(["--exercises", str(tmp_path / "empty"), "gradescope", str(tmp_path / "other.zip")]) == 2
    assert "holds no test" in capsys.readouterr().err
    assert not (tmp_path / "other.zip").exists()


def test_release_without_the_lock_says_so(tmp_path, capsys):
    exercises = tmp_path / "exercises"
    shutil.copytree(ROOT / "exercises", exercises, ignore=shutil.ignore_patterns("__pycache__"))
    assert cli.main(["--exercises", str(exercises), "release", str(tmp_path / "handout")]) == 2
    assert "no requirements.lock at" in capsys.readouterr().err
    assert not (tmp_path / "handout").exists()


def test_grade_refuses_limits_that_are_not_positive(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path), "--memory", "0"]) == 2
    assert "--memory and --processes must be positive" in capsys.readouterr().err


def test_grade_limits_from_the_options():
    args = cli._parser().parse_args(["grade", "x", "--memory", "1.5", "--processes", "64"])
    limits = cli._limits(args)
    assert limits.memory_bytes == 3 * 1024**3 // 2 and limits.processes == 64
    assert cli._limits(cli._parser().parse_args(["grade", "x"])).memory_bytes == 4 * 1024**3
