"""The computation cache: a result is reused only for the same function code and the same arguments."""

from __future__ import annotations

import importlib
import sys
import textwrap
from dataclasses import dataclass

import numpy as np
import pytest

from aecourse.computation_cache import CACHE_DIR_ENV_VAR, cached_call

CALLS: list[str] = []


def _square(x: np.ndarray, offset: float = 0.0) -> np.ndarray:
    CALLS.append("square")
    return x**2 + offset


@dataclass(frozen=True)
class Pair:
    first: float
    second: int


def _pair(x: np.ndarray) -> Pair:
    CALLS.append("pair")
    return Pair(float(x.sum()), len(x))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV_VAR, str(tmp_path / "computations"))
    CALLS.clear()
    return tmp_path / "computations"


def test_the_same_call_is_computed_once(cache_dir):
    x = np.arange(4.0)
    first = cached_call(_square, x, offset=1.0)
    again = cached_call(_square, x, offset=1.0)
    assert np.array_equal(first, again) and CALLS == ["square"]
    assert cached_call(_pair, x, returns=Pair) == cached_call(_pair, x, returns=Pair) == Pair(6.0, 4)
    assert CALLS == ["square", "pair"]


@pytest.mark.parametrize("change", ["array", "dtype", "keyword"])
def test_other_arguments_compute_again(cache_dir, change):
    x = np.arange(4.0)
    cached_call(_square, x, offset=1.0)
    other = {"array": (x + 1, 1.0), "dtype": (x.astype("float32"), 1.0), "keyword": (x, 2.0)}[change]
    result = cached_call(_square, other[0], offset=other[1])
    assert CALLS == ["square", "square"] and np.array_equal(result, other[0] ** 2 + other[1])


def test_without_a_cache_it_always_computes(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_DIR_ENV_VAR, raising=False)
    CALLS.clear()
    cached_call(_square, np.ones(2))
    cached_call(_square, np.ones(2))
    assert CALLS == ["square", "square"]


def test_a_damaged_entry_is_computed_again(cache_dir):
    x = np.arange(3.0)
    cached_call(_square, x)
    (entry,) = [p for p in cache_dir.iterdir() if not p.name.startswith(".")]
    entry.write_bytes(entry.read_bytes()[:-5] + b"xxxxx")
    assert np.array_equal(cached_call(_square, x), x**2) and CALLS == ["square", "square"]


def test_a_change_to_the_functions_code_computes_again(cache_dir, tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(factor: int) -> object:
        (tmp_path / "minicompute.py").write_text(textwrap.dedent(f"""
            def scale(x):
                return x * {factor}
        """))
        sys.modules.pop("minicompute", None)
        importlib.invalidate_caches()
        return importlib.import_module("minicompute")

    x = np.arange(3.0)
    assert np.array_equal(cached_call(write(2).scale, x), 2 * x)
    assert np.array_equal(cached_call(write(3).scale, x), 3 * x)  # not the stored 2 * x


def test_unsupported_arguments_and_results_are_refused(cache_dir):
    with pytest.raises(TypeError, match="cannot key"):
        cached_call(_square, object())
    with pytest.raises(TypeError, match="array or a dataclass"):
        cached_call(lambda x: "text", np.ones(1))
