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
