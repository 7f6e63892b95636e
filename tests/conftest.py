"""Shared test set-up.

Importing aecourse first makes TensorFlow start quietly. The ``quick_book``
fixture builds the whole book once per test session, with the quick profile,
as `make book` would.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import aecourse  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def load_book_extension(name: str) -> ModuleType:
    """The Sphinx extension ``book/_ext/<name>.py`` as a module, without a Sphinx build."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "book" / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_book(source: Path, output: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """Build the book in ``source`` into ``output/_build/html`` strictly, with the quick profile.

    ``env_vars`` are set for the build (and its kernels), e.g. ``AECOURSE_CACHE_DIR``.
    """
    env = {**os.environ, "AECOURSE_PROFILE": "quick", **env_vars}
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(source), "--path-output", str(output), "-W", "-n", "--keep-going"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """Build caches shared by the builds of the whole book in one test session, never between sessions."""
    return tmp_path_factory.mktemp("book-cache")


@pytest.fixture(scope="session")
def quick_book(tmp_path_factory, session_cache) -> tuple[subprocess.CompletedProcess, Path]:
    """The result of building the whole book, and its HTML folder."""
    output = tmp_path_factory.mktemp("book")
    result = build_book(ROOT, output, AECOURSE_CACHE_DIR=str(session_cache))
    return result, output / "_build" / "html"
