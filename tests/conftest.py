"""Shared test set-up.

Importing aecourse first makes TensorFlow start quietly. The ``quick_book``
fixture builds the whole book once per test run, with the quick profile, as
`make book` would, in the background from the moment the tests are collected;
the pytest-xdist workers of one run share that build.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
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


def _build_command(source: Path, output: Path, **env_vars: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment of a strict quick-profile build of ``source`` into ``output/_build/html``."""
    env = {**os.environ, "AECOURSE_PROFILE": "quick", **env_vars}
    return [str(JUPYTER_BOOK), "build", str(source), "--path-output", str(output), "-W", "-n", "--keep-going"], env


def build_book(source: Path, output: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """Build the book in ``source`` into ``output/_build/html`` strictly, with the quick profile.

    ``env_vars`` are set for the build (and its kernels), e.g. ``AECOURSE_CACHE_DIR``.
    """
    command, env = _build_command(source, output, **env_vars)
    return subprocess.run(
        command,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


# --- the quick book, built once per test run --------------------------------------
# The whole book on the quick profile takes minutes of two cores, and several test
# modules read it. It is built once per run, in the background from the moment
# the tests are collected (so it overlaps with the unit tests, which use one core
# each), into a folder that every pytest-xdist worker of the run shares: the first
# worker that needs it starts it, every worker waits for the same build. Tests that
# read it are run last, so that they seldom wait.
QUICK_BOOK_FIXTURE = "quick_book"


def _run_root(config: pytest.Config) -> Path:
    """A folder that all the workers of this test run share (and no other run)."""
    basetemp = config._tmp_path_factory.getbasetemp()  # noqa: SLF001 - pytest's documented way for xdist
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


class BackgroundBook:
    """A build of the whole book started once per run, whose result any worker can wait for."""

    def __init__(self, root: Path) -> None:
        self.root = root / "quick-book"
        self.output = self.root / "out"
        self.cache = self.root / "cache"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the build unless a worker of this run already did."""
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(self.root / "started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        self.cache.mkdir(exist_ok=True)
        command, env = _build_command(ROOT, self.output, AECOURSE_CACHE_DIR=str(self.cache))
        # A shell records the exit status when the build ends, so that a worker
        # that did not start the build can tell that it finished.
        script = '"$@" >"$0/stdout" 2>"$0/stderr"; echo $? >"$0/returncode.part" && mv "$0/returncode.part" "$0/returncode"'
        self._process = subprocess.Popen(["sh", "-c", script, str(self.root), *command], env=env,
                                         stdin=subprocess.DEVNULL, start_new_session=True)

    def result(self, timeout: float = 1200) -> subprocess.CompletedProcess:
        """Wait for the build (starting it if nobody did) and return its result."""
        self.start()
        deadline = time.monotonic() + timeout
        returncode = self.root / "returncode"
        while not returncode.is_file():
            if time.monotonic() > deadline:
                pytest.fail(f"the quick book did not finish building within {timeout:.0f} s ({self.root})")
            time.sleep(1)
        return subprocess.CompletedProcess(
            args=["jupyter-book", "build"], returncode=int(returncode.read_text()),
            stdout=(self.root / "stdout").read_text(errors="replace"),
            stderr=(self.root / "stderr").read_text(errors="replace"))

    def stop(self, wait: bool) -> None:
        """At the end of the run: let a build that other workers may need finish, or stop it."""
        if self._process is None or self._process.poll() is not None:
            return
        if wait:
            try:
                self._process.wait(timeout=1200)
                return
            except subprocess.TimeoutExpired:
                pass
        os.killpg(self._process.pid, signal.SIGTERM)
        self._process.wait(timeout=60)


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.hasplugin("xdist"):  # so that --strict-markers accepts the groups
        config.addinivalue_line("markers", "xdist_group(name): tests that pytest-xdist runs on one worker")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    # With pytest-xdist (make test: --dist loadgroup), each module's tests stay on
    # one worker, so that its module fixtures are made once, unless a test names a
    # group of its own; the tests that read the quick book run last.
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else item.nodeid))
    items.sort(key=lambda item: QUICK_BOOK_FIXTURE in item.fixturenames)
    if any(QUICK_BOOK_FIXTURE in item.fixturenames for item in items):
        _background_book(config).start()


def _background_book(config: pytest.Config) -> BackgroundBook:
    """This run's quick book (made on first use, then kept on the config)."""
    if getattr(config, "_aecourse_book", None) is None:
        config._aecourse_book = BackgroundBook(_run_root(config))  # noqa: SLF001
    return config._aecourse_book  # noqa: SLF001


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    book = getattr(session.config, "_aecourse_book", None)
    if book is not None:
        book.stop(wait=exitstatus not in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR))


@pytest.fixture(scope="session")
def session_cache(request) -> Path:
    """Build caches shared by the builds of the whole book in one test run, never between runs."""
    book = _background_book(request.config)
    book.cache.mkdir(parents=True, exist_ok=True)
    return book.cache


@pytest.fixture(scope="session")
def quick_book(request, session_cache) -> tuple[subprocess.CompletedProcess, Path]:
    """The result of building the whole book on the quick profile, and its HTML folder."""
    book = _background_book(request.config)
    return book.result(), book.output / "_build" / "html"
