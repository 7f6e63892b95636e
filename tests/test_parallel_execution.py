"""How many chapters the build executes at once (book/_ext/parallel_execution.py, no Sphinx build)."""

from __future__ import annotations


import pytest

from conftest import load_book_extension

parallel_execution = load_book_extension("parallel_execution")


def test_one_worker_per_core_unless_told(monkeypatch):
    monkeypatch.delenv(parallel_execution.WORKERS_ENV_VAR, raising=False)
    assert parallel_execution.execution_workers() >= 1
    monkeypatch.setenv(parallel_execution.WORKERS_ENV_VAR, "3")
    assert parallel_execution.execution_workers() == 3


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_a_worker_count_that_is_not_a_positive_whole_number_is_refused(monkeypatch, value):
    monkeypatch.setenv(parallel_execution.WORKERS_ENV_VAR, value)
    with pytest.raises(ValueError, match="AECOURSE_EXECUTION_WORKERS must be a positive whole number"):
        parallel_execution.execution_workers()


def test_the_longest_chapters_start_first_new_ones_before_all():
    report = {"chapters": {
        "book/short": {"seconds_executing": 30.0, "training_runs": [{"cache": "trained", "seconds": 20.0}]},
        # Fast last time only because its model came from the cache: 5 s + 300 s of training.
        "book/cached": {"seconds_executing": 5.0, "training_runs": [{"cache": "hit", "seconds": 300.0}]},
        "book/middle": {"seconds_executing": 100.0},
    }}
    expected = parallel_execution.expected_seconds(report)
    assert expected == {"book/short": 30.0, "book/cached": 305.0, "book/middle": 100.0}
    order = parallel_execution.longest_first(["book/short", "book/middle", "book/new", "book/cached"], expected)
    assert order == ["book/new", "book/cached", "book/middle", "book/short"]
    assert parallel_execution.expected_seconds({}) == {}


def test_a_first_build_starts_from_the_end_of_the_book(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nparts:\n  - caption: A\n    chapters:\n"
                                       "      - file: book/first\n      - file: book/second\n      - file: book/third\n")
    order = parallel_execution.book_order(tmp_path)
    assert order == ["book/intro", "book/first", "book/second", "book/third"]
    assert parallel_execution.longest_first(["book/first", "book/third", "book/second"], {}, order) == [
        "book/third", "book/second", "book/first"]
    # Timed chapters still go by their times, after the untimed ones.
    assert parallel_execution.longest_first(["book/first", "book/third", "book/second"], {"book/third": 5.0,
                                            "book/first": 50.0}, order) == ["book/second", "book/first", "book/third"]
    assert parallel_execution.book_order(tmp_path / "missing") == []


def test_a_first_build_goes_by_the_times_recorded_in_a_cold_build(tmp_path):
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "results.json").write_text(
        '{"chapter_seconds_full": {"book/first": 700.0, "book/second": 20.0}, '
        '"chapter_seconds_quick": {"book/second": 90.0}, "rebuild_full": {"cold": 1000.0}}')
    assert parallel_execution.recorded_seconds(tmp_path, "full") == {"book/first": 700.0, "book/second": 20.0}
    assert parallel_execution.recorded_seconds(tmp_path, "quick") == {"book/second": 90.0}
    assert parallel_execution.recorded_seconds(tmp_path, "other") == {}
    # The first chapter of the book is the longest: it starts first, not last.
    order = ["book/intro", "book/first", "book/second", "book/third"]
    assert parallel_execution.longest_first(["book/first", "book/second", "book/third"],
                                            parallel_execution.recorded_seconds(tmp_path, "full"), order) == [
        "book/third", "book/first", "book/second"]
    (tmp_path / "benchmarks" / "results.json").write_text("{not json")
    assert parallel_execution.recorded_seconds(tmp_path, "full") == {}
    assert parallel_execution.recorded_seconds(tmp_path / "missing", "full") == {}
