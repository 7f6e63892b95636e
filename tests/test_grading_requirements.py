"""Pinned requirements from imports and the lock: what is pinned, what is left out, and clear errors."""

from __future__ import annotations

import pytest

from aecourse.grading.requirements import (
    RequirementsError,
    distributions_of,
    imported_modules,
    pinned_closure,
    read_lock,
    requirement_lines,
    requirements_text,
    third_party_modules,
)
from conftest import ROOT

LOCK = read_lock(ROOT / "requirements.lock")


def test_lock_read_by_canonical_name():
    assert LOCK["numpy"][0] == "numpy"
    assert LOCK["tensorflow-cpu"] == ("tensorflow_cpu", LOCK["tensorflow-cpu"][1])
    assert all(version[0].isdigit() for _, version in LOCK.values())


def test_imports_found_anywhere_relative_ones_skipped(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os.path\nfrom numpy import linalg\nfrom . import sibling\n"
                      "def f():\n    import scipy.stats\n")
    assert imported_modules([module]) == {"os", "numpy", "scipy"}


def test_standard_library_and_local_modules_are_not_requirements(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import json, keras, helper\nfrom __future__ import annotations\n")
    # Keras brings its backend, which no file imports.
    assert third_party_modules([module], {"helper"}) == {"keras", "tensorflow"}


def test_a_module_no_locked_package_provides_is_named():
    with pytest.raises(RequirementsError, match="'no_such_module'.*make lock"):
        distributions_of({"numpy", "no_such_module"}, LOCK)
    assert distributions_of({"tensorflow", "yaml"}, LOCK) == {"tensorflow-cpu", "pyyaml"}


def test_closure_holds_dependencies_with_locked_versions_only():
    closure = pinned_closure({"pytest"}, LOCK)
    assert {"pytest", "pluggy", "iniconfig", "packaging", "pygments"} <= set(closure)
    assert "colorama" not in closure  # Windows only: not in the lock, left to pip there
    assert set(closure) <= set(LOCK)
    assert all(marker is None for marker in closure.values())


def test_lines_pin_the_lock_and_give_tensorflow_a_macos_twin():
    version = LOCK["tensorflow-cpu"][1]
    lines = requirement_lines({"numpy": None, "tensorflow-cpu": None, "six": 'python_version < "3.12"'}, LOCK)
    assert lines == [
        f"numpy=={LOCK['numpy'][1]}",
        f"six=={LOCK['six'][1]}; python_version < \"3.12\"",
        f'tensorflow_cpu=={version}; sys_platform != "darwin"',
        f'tensorflow=={version}; sys_platform == "darwin"',
    ]


def test_requirements_text_names_what_it_is_for(tmp_path):
    module = tmp_path / "exercise.py"
    module.write_text("import numpy as np\n")
    text = requirements_text([module], ROOT / "requirements.lock", set(), "For the test.")
    assert text.startswith("# For the test.\n")
    assert f"numpy=={LOCK['numpy'][1]}" in text.splitlines()
    assert "keras" not in text
